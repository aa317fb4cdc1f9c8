import { describe, expect, it } from "vitest";
import { isTransient } from "../../../runner-image/src/staging";

const withName = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe("isTransient", () => {
  it.each([
    ["S3 throttling", withName("SlowDown", { $metadata: { httpStatusCode: 503 } })],
    ["a 500 answer of any name", withName("InternalError", { $metadata: { httpStatusCode: 500 } })],
    ["a 429 answer", withName("Unknown", { $metadata: { httpStatusCode: 429 } })],
    ["a connection reset", Object.assign(new Error("aborted"), { code: "ECONNRESET" })],
    ["the SDK's request timeout", withName("TimeoutError")],
    ["a store error wrapping a socket timeout", new Error("get failed", { cause: Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }) })],
  ])("retries %s", (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["access denied", withName("AccessDenied", { $metadata: { httpStatusCode: 403 } })],
    ["a missing key", withName("NoSuchKey", { $metadata: { httpStatusCode: 404 } })],
    ["a full disk", Object.assign(new Error("no space"), { code: "ENOSPC" })],
    ["something that is not an error", "SlowDown"],
  ])("does not retry %s", (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
