import { createHash, type Hash } from "node:crypto";
import { Transform } from "node:stream";
import { StagingError } from "./errors";

const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * The MD5 an ETag stands for, or undefined where it is none: a multipart ETag (`<md5>-<parts>`) is
 * a digest of the parts' digests, not of the content, so only the size can be checked against it.
 */
export function md5OfEtag(etag: string | undefined): string | undefined {
  return etag !== undefined && MD5_HEX.test(etag) ? etag.toLowerCase() : undefined;
}

/** Counts (and, when asked, hashes) the bytes that pass through its `stream`, which passes them on unchanged. */
export class TransferMeter {
  bytes = 0;
  private readonly hash: Hash | undefined;
  readonly stream: Transform;

  constructor({ md5 }: { md5: boolean }) {
    this.hash = md5 ? createHash("md5") : undefined;
    this.stream = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.bytes += chunk.length;
        this.hash?.update(chunk);
        done(null, chunk);
      },
    });
  }

  /** MD5 hex of what passed, when hashing; call once, at the end. */
  md5(): string | undefined {
    return this.hash?.digest("hex");
  }
}

export interface Expected {
  bytes: number;
  md5?: string;
}

/** Throws VerificationFailed, naming `what`, when the moved bytes differ from `expected` in size or MD5. */
export function verifyTransfer(what: string, expected: Expected, actual: { bytes: number; md5?: string }): void {
  if (actual.bytes !== expected.bytes) {
    throw new StagingError(
      "VerificationFailed",
      `${what}: moved ${actual.bytes} bytes where ${expected.bytes} were expected (did it change during the transfer?)`,
    );
  }
  if (expected.md5 !== undefined && actual.md5 !== expected.md5) {
    throw new StagingError(
      "VerificationFailed",
      `${what}: the MD5 of the bytes moved (${actual.md5}) differs from the store's ETag (${expected.md5})`,
    );
  }
}
