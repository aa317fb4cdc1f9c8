import { createHash } from "node:crypto";
import { join } from "node:path";

/*
 * The reference cache, shared by every job on a host (reference-system.md d.5):
 *
 *   <cacheDir>/<etag>/<file name>     a cached object; a new version of an object has a new ETag, so a new entry
 *   <cacheDir>/<etag>.lock            held while the entry is filled, linked from or evicted
 *   <cacheDir>/<etag>/.stepbatch-part-*   a download in progress, renamed into place once verified
 *
 * An entry's folder's modification time is its last use, which eviction goes by.
 */

export const PART_PREFIX = ".stepbatch-part-";
const LOCK_SUFFIX = ".lock";
/** ETags are hex digests, with `-<parts>` for multipart objects; anything else is hashed into a safe folder name. */
const SAFE_ETAG = /^[A-Za-z0-9-]{1,128}$/;

export function entryName(etag: string): string {
  return SAFE_ETAG.test(etag) ? etag : createHash("sha256").update(etag).digest("hex");
}

export function entryFolder(cacheDir: string, entry: string): string {
  return join(cacheDir, entry);
}

export function entryLock(cacheDir: string, entry: string): string {
  return join(cacheDir, entry + LOCK_SUFFIX);
}
