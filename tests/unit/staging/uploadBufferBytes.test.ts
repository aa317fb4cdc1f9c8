import { describe, expect, it } from "vitest";
import { uploadBufferBytes } from "../../../runner-image/src/staging/upload";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe("uploadBufferBytes", () => {
  it("counts a small file whole, as it is read whole", () => {
    expect(uploadBufferBytes(0)).toBe(0);
    expect(uploadBufferBytes(64 * 1024)).toBe(64 * 1024);
  });

  it("counts a streamed file up to 5 GiB as a few read chunks, whatever its size", () => {
    const held = [2 * MiB, 256 * MiB, 5 * GiB].map(uploadBufferBytes);
    expect(new Set(held).size).toBe(1);
    expect(held[0]).toBeLessThan(4 * MiB);
  });

  it("counts the parts of a multipart upload for a file over 5 GiB, growing with parts too large for 10,000 of them", () => {
    expect(uploadBufferBytes(5 * GiB + 1)).toBeGreaterThanOrEqual(40 * MiB);
    expect(uploadBufferBytes(200 * GiB)).toBeGreaterThan(5 * (200 * GiB) / 10_000);
  });
});
