import { describe, expect, it } from "vitest";
import { BadRequest, type ExecRequest } from "../../../runner-image/src/executors";
import { checkedRequestId, validateCancelOptions, validateLogsOptions } from "../../../runner-image/src/executors/request";

const valid: ExecRequest = { workspace: "/scratch/ws", workdir: "/_bclaw_scratch", image: { name: "busybox" }, command: ["sh", "-c", "true"], env: {}, labels: {} };

describe("checkedRequestId", () => {
  it("keeps the caller's id, or makes a new one for each request", () => {
    expect(checkedRequestId({ ...valid, id: "job-1.attempt_2" })).toBe("job-1.attempt_2");
    const made = checkedRequestId(valid);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkedRequestId(valid)).not.toBe(made);
  });

  it("refuses what no executor could act on, saying which field and why", () => {
    const cases: Array<[Partial<ExecRequest>, string]> = [
      [{ id: "-leading-dash" }, 'job id "-leading-dash" must be 1 to 64 letters'],
      [{ id: "x".repeat(65) }, "must be 1 to 64 letters"],
      [{ workspace: "relative/ws" }, 'workspace must be an absolute path, not "relative/ws"'],
      [{ workdir: "scratch" }, 'workdir must be an absolute path, not "scratch"'],
      [{ command: [] }, "command must be a non-empty list of strings"],
      [{ env: { "": "x" } }, 'environment variable name "" must be non-empty'],
      [{ env: { A: "nul\0" } }, "environment variable A must hold a string without NUL"],
      [{ labels: { "": "x" } }, 'label "" must be a non-empty name with a string value'],
      [{ resources: { cpus: 0 } }, "resources.cpus must be a positive number, not 0"],
      [{ resources: { memoryMiB: 1.5 } }, "resources.memoryMiB must be a positive whole number, not 1.5"],
      [{ timeoutMs: -1 }, "timeoutMs must be a positive number of milliseconds, not -1"],
      [{ pullPolicy: "sometimes" as "always" }, 'pullPolicy must be one of always, if-not-present, never, not "sometimes"'],
      [{ gpu: { vendor: "nvidia", count: 0 } }, 'GPU count must be a positive whole number or "all", not 0'],
    ];
    for (const [change, message] of cases) {
      expect(() => checkedRequestId({ ...valid, ...change })).toThrow(BadRequest);
      expect(() => checkedRequestId({ ...valid, ...change })).toThrow(message);
    }
  });
});

describe("cancel and logs options", () => {
  it("refuses an unknown signal, a negative grace and a fractional tail", () => {
    expect(() => validateCancelOptions({ signal: "SIGNOPE" as NodeJS.Signals, graceMs: 0 })).toThrow('"SIGNOPE" is not a signal name');
    expect(() => validateCancelOptions({ signal: "SIGTERM", graceMs: -5 })).toThrow("graceMs must be a number of milliseconds ≥ 0, not -5");
    expect(() => validateLogsOptions({ tail: 1.5 })).toThrow("tail must be a whole number of lines ≥ 0, not 1.5");
    expect(() => validateCancelOptions({ signal: "SIGINT", graceMs: 0 })).not.toThrow();
  });
});
