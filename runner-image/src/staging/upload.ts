import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { formatS3Uri, type ObjectStore } from "../../../shared/store";
import { putBufferBytes } from "../../../shared/store/s3Store";
import { StagingError } from "./errors";
import { withRetries } from "./retry";
import { TransferMeter, md5OfEtag, verifyTransfer } from "./verify";

/** Read size for streamed files: big reads keep the syscall count down. */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Files up to one read chunk are read whole and handed to the store as a buffer: streamed, they
 * would be read in one chunk anyway, so the buffer holds no more memory, and it spares the stream
 * machinery, which costs more CPU than the transfer itself for small files.
 */
const WHOLE_READ_MAX_BYTES = READ_CHUNK_BYTES;
/**
 * Read chunks a streamed upload holds at once: one buffered by the file stream, one passing through
 * the meter and the store, one queued on the socket. The store streams a file of known length up
 * to 5 GiB in one request, holding no parts.
 */
const STREAMED_CHUNKS_HELD = 3;

/**
 * What an upload of `bytes` holds in memory: a file read whole, or the chunks of a streamed one
 * and what the store buffers beside them (nothing much for one request; parts for a multipart
 * upload of a file over 5 GiB).
 */
export function uploadBufferBytes(bytes: number): number {
  return bytes <= WHOLE_READ_MAX_BYTES ? bytes : STREAMED_CHUNKS_HELD * READ_CHUNK_BYTES + putBufferBytes(bytes);
}

export interface UploadTarget {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * Uploads the `size` bytes of the file at `path` to `target`, retrying transient failures, and
 * checks what the store got: the MD5 where it answers with a single-part ETag (which pins the size
 * too), the size from a HEAD where the ETag is a multipart one. The bytes read must number `size`,
 * or the file changed underneath.
 */
export async function uploadFile(store: ObjectStore, path: string, size: number, target: UploadTarget): Promise<void> {
  const uri = formatS3Uri(target.bucket, target.key);
  const what = `upload ${path} to ${uri}`;
  const options = { contentLength: size, metadata: target.metadata, tags: target.tags };
  await withRetries(what, async () => {
    let sent: { bytes: number; md5?: string };
    let etag: string;
    if (size <= WHOLE_READ_MAX_BYTES) {
      const body = await readFile(path);
      sent = { bytes: body.length, md5: createHash("md5").update(body).digest("hex") };
      if (body.length !== size) throw changedWhileUploading(what, size, body.length);
      ({ etag } = await store.put(target.bucket, target.key, body, options));
    } else {
      const meter = new TransferMeter({ md5: true });
      // Destroys both streams, and hands the store the error, if reading fails.
      const body: Readable = pipeline(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), meter.stream, () => undefined);
      try {
        ({ etag } = await store.put(target.bucket, target.key, body, options));
      } finally {
        body.destroy();
      }
      sent = { bytes: meter.bytes, md5: meter.md5() };
      if (sent.bytes !== size) throw changedWhileUploading(what, size, sent.bytes);
    }
    const md5 = md5OfEtag(etag);
    if (md5 !== undefined) {
      verifyTransfer(what, { bytes: size, md5 }, sent);
      return;
    }
    const stored = await store.head(target.bucket, target.key);
    if (stored?.size !== size) {
      throw new StagingError("VerificationFailed", `${what}: the store holds ${stored ? `${stored.size} bytes` : "nothing"} where ${size} were sent`);
    }
  });
}

function changedWhileUploading(what: string, expected: number, read: number): StagingError {
  return new StagingError("VerificationFailed", `${what}: read ${read} bytes where the file had ${expected}; it changed during the upload`);
}
