import { join } from "node:path";
import { InvalidInput } from "./errors";
import { formatS3Uri } from "./uri";

/*
 * Where a directory store keeps things under its root:
 *
 *   <root>/<bucket>/<key>                 the object's content, a plain file (`a/b.txt` is the file
 *                                         `a/b.txt`), so users seed inputs and read results with
 *                                         ordinary file tools. A key ending in `/` (`a/dir/`) is a
 *                                         folder object: the folder itself, with no content.
 *   <root>/.stepbatch-meta/<bucket>/...   content type, metadata, tags and ETag of each object, in a
 *                                         tree of its own so that it never shows in a listing and
 *                                         never meets a user's key. The tree mirrors the keys with
 *                                         every folder name suffixed `.d` and each key's last part
 *                                         suffixed `.m`: `a/b.txt` keeps its records in the folder
 *                                         `a.d/b.txt.m/`, `a/dir/` in `a.d/dir.d/.m/`. A name ending
 *                                         in `.d` is always a folder and one ending in `.m` always a
 *                                         record folder, so no two keys' records can collide (with
 *                                         plain mirroring, `a`'s record `a.json` would clash with the
 *                                         folder of a key `a.json/b`). No bucket name starts with a
 *                                         dot, so the tree cannot meet a bucket either.
 *
 * A record folder holds one record per content, named after the content file's identity (inode and
 * modification time), written before the content is renamed into place: a reader pairs content and
 * record by that identity, so it never shows new content with old metadata or the reverse. A file
 * without a matching record was written by another tool: it has no metadata, and its ETag is
 * computed from its bytes when asked for. A folder object's record is always `folder.json`.
 *
 * Writes go to a temporary file in the target's own folder (same file system, so the rename that
 * publishes it is atomic); temporary names start with TEMP_PREFIX, which no key part may.
 */

export const META_FOLDER = ".stepbatch-meta";
export const TEMP_PREFIX = ".stepbatch-tmp-";
export const FOLDER_RECORD = "folder.json";
const FOLDER_SUFFIX = ".d";
const RECORD_SUFFIX = ".m";
/** Linux allows 255 bytes per file name; the record tree adds a 2-byte suffix to each key part. */
export const MAX_KEY_PART_BYTES = 255 - FOLDER_SUFFIX.length;

export interface KeyPath {
  /** The key's folders, e.g. ["a"] for `a/b.txt` and ["a", "dir"] for `a/dir/`. */
  folders: string[];
  /** The file name, or undefined for a folder object. */
  file?: string;
}

/** Why a directory store cannot hold a key with this part, or undefined when it can. */
function keyPartProblem(part: string): string | undefined {
  if (part === "") return "an empty part (// or a leading /)";
  if (part === "." || part === "..") return `a ${part} part`;
  if (part.includes("\0")) return "a NUL character";
  if (part.startsWith(TEMP_PREFIX)) return `a part starting with ${TEMP_PREFIX}, which the store keeps for its own files`;
  if (Buffer.byteLength(part) > MAX_KEY_PART_BYTES) return `a part longer than ${MAX_KEY_PART_BYTES} bytes`;
  return undefined;
}

/** Splits a key into the folders and file name a directory store keeps it as, refusing keys it cannot hold. */
export function keyPath(bucket: string, key: string): KeyPath {
  const parts = key.split("/");
  const isFolder = key.endsWith("/");
  if (isFolder) parts.pop();
  for (const part of parts) {
    const problem = keyPartProblem(part);
    if (problem) {
      throw new InvalidInput(
        `${formatS3Uri(bucket, key)} cannot be stored in a directory store: the key has ${problem}`,
      );
    }
  }
  return isFolder ? { folders: parts } : { folders: parts.slice(0, -1), file: parts[parts.length - 1] };
}

/** The folders a listing prefix names in full (`a/b/c` names `a/b`), or undefined when no key can start with it. */
export function prefixFolders(prefix: string): string[] | undefined {
  const folders = prefix.split("/").slice(0, -1);
  return folders.every((part) => keyPartProblem(part) === undefined) ? folders : undefined;
}

export function bucketFolder(root: string, bucket: string): string {
  return join(root, bucket);
}

export function contentPath(root: string, bucket: string, path: KeyPath): string {
  return join(root, bucket, ...path.folders, ...(path.file === undefined ? [] : [path.file]));
}

/** The record tree's folder that mirrors the content folder `folders` (see the top of this file). */
export function metaFolder(root: string, bucket: string, folders: string[]): string {
  return join(root, META_FOLDER, bucket, ...folders.map((folder) => folder + FOLDER_SUFFIX));
}

export function recordFolder(root: string, bucket: string, path: KeyPath): string {
  return join(metaFolder(root, bucket, path.folders), (path.file ?? "") + RECORD_SUFFIX);
}
