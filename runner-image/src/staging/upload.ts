import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream";
import { formatS3Uri, type ObjectStore } from "../../../shared/store";
import { StagingError } from "./errors";
import { withRetries } from "./retry";
import { TransferMeter, md5OfEtag, verifyTransfer } from "./verify";

/** Read size for uploads: large reads keep the syscall count down on big files; a few of them stay far below the memory bound. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface UploadTarget {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * Streams the file at `path` to `target`, retrying transient failures, and checks what the store
 * got: the MD5 where it answers with a single-part ETag (which pins the size too), the size from a
 * HEAD where the ETag is a multipart one. The byte count read must match the file's size when the
 * upload began, or the file changed underneath. Resolves to the bytes uploaded.
 */
export async function uploadFile(store: ObjectStore, path: string, target: UploadTarget): Promise<number> {
  const uri = formatS3Uri(target.bucket, target.key);
  const what = `upload ${path} to ${uri}`;
  const { size } = await stat(path);
  await withRetries(what, async () => {
    const meter = new TransferMeter({ md5: true });
    // Destroys both streams, and hands the store the error, if reading fails.
    const body = pipeline(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), meter.stream, () => undefined);
    let etag: string;
    try {
      ({ etag } = await store.put(target.bucket, target.key, body, {
        contentLength: size,
        metadata: target.metadata,
        tags: target.tags,
      }));
    } finally {
      body.destroy();
    }
    const md5 = md5OfEtag(etag);
    if (md5 !== undefined) {
      verifyTransfer(what, { bytes: size, md5 }, { bytes: meter.bytes, md5: meter.md5() });
      return;
    }
    verifyTransfer(what, { bytes: size }, { bytes: meter.bytes });
    const stored = await store.head(target.bucket, target.key);
    if (stored?.size !== size) {
      throw new StagingError("VerificationFailed", `${what}: the store holds ${stored ? `${stored.size} bytes` : "nothing"} where ${size} were sent`);
    }
  });
  return size;
}
