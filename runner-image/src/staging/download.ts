import { open, unlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { NoSuchKey, formatS3Uri, type ObjectStore } from "../../../shared/store";
import { StagingError } from "./errors";
import { withRetries } from "./retry";
import { TransferMeter, md5OfEtag, verifyTransfer } from "./verify";

/** An object as found before its download: what the downloaded bytes are checked against. */
export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  /** From a HEAD; a listing gives none, and then only the size is checked. */
  etag?: string;
  /** Where the store keeps versions: the download reads the very version that was found. */
  versionId?: string;
}

/**
 * Streams `object` into a new file at `path`, retrying transient failures and checking the size
 * (and the MD5 where the ETag is one). The file must not exist yet: one that does is a NameClash,
 * never overwritten. On failure nothing is left at `path`.
 */
export async function downloadToFile(store: ObjectStore, object: StoredObject, path: string): Promise<void> {
  const uri = formatS3Uri(object.bucket, object.key);
  const expected = { bytes: object.size, md5: md5OfEtag(object.etag) };
  let created = false;
  try {
    await withRetries(`download ${uri} to ${path}`, async () => {
      const file = await openTarget(path, uri, created);
      created = true;
      // The file counts the bytes; a hashing stage joins only where there is an MD5 to check against.
      const hashing = expected.md5 === undefined ? undefined : new TransferMeter({ md5: true });
      const output = file.createWriteStream();
      try {
        const body = await store.get(object.bucket, object.key, { versionId: object.versionId });
        // The write stream closes the file when the pipeline ends, well or badly.
        await (hashing ? pipeline(body, hashing.stream, output) : pipeline(body, output));
      } catch (error) {
        output.destroy();
        if (error instanceof NoSuchKey) {
          throw new StagingError("MissingInput", `${uri} was deleted while it was being staged`, { cause: error });
        }
        throw error;
      }
      verifyTransfer(`download ${uri}`, expected, { bytes: output.bytesWritten, md5: hashing?.md5() });
    });
  } catch (error) {
    if (created) await unlink(path).catch(() => undefined);
    throw error;
  }
}

/** Opens `path` for writing: exclusively the first time, then (on a retry) truncating what the last attempt left. */
async function openTarget(path: string, uri: string, retrying: boolean) {
  try {
    return await open(path, retrying ? "w" : "wx");
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new StagingError("NameClash", `${uri} would overwrite ${path}, which is already there`, { cause: error });
    }
    throw error;
  }
}
