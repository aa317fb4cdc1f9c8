import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { FOLDER_RECORD, TEMP_PREFIX, prefixFolders, recordFolder } from "./directoryLayout";
import { readRecord } from "./directoryRecords";
import { InvalidInput } from "./errors";
import { ignoreMissing, isMissing } from "./fsErrors";
import { compareKeys } from "./listing";
import type { ListEntry, ListPage, ObjectSummary } from "./types";
import { MAX_KEY_BYTES } from "./validate";

export interface DirectoryListing {
  root: string;
  bucket: string;
  prefix: string;
  /** Empty means none. */
  delimiter: string;
  startAfter: string;
  continuationToken?: string;
  maxKeys: number;
}

/** Where a walk stands: keys up to `after`, and keys under `skipPrefix`, are not wanted. */
interface Cursor {
  after: string;
  skipPrefix?: string;
}

/**
 * One page of a listing of a directory store's bucket, walking its folders in key order and
 * reading one folder at a time, so memory grows with the depth of the tree, not its size.
 */
export async function listDirectoryPage(listing: DirectoryListing): Promise<ListPage> {
  const { prefix, delimiter, maxKeys } = listing;
  const cursor: Cursor =
    listing.continuationToken === undefined ? { after: listing.startAfter } : decodeToken(listing.continuationToken);
  const entries: ListEntry[] = [];
  for await (const object of walkObjects(listing, cursor)) {
    // A further entry exists: this page is full and another follows.
    if (entries.length === maxKeys) return { entries, nextContinuationToken: encodeToken(cursor) };
    const rest = object.key.slice(prefix.length);
    const cut = delimiter === "" ? -1 : rest.indexOf(delimiter);
    if (cut === -1) {
      entries.push(object);
      cursor.after = object.key;
    } else {
      const commonPrefix = prefix + rest.slice(0, cut + delimiter.length);
      entries.push({ commonPrefix });
      // Keys sort together under a common prefix: once it is listed, skip the rest of them.
      cursor.after = commonPrefix;
      cursor.skipPrefix = commonPrefix;
    }
  }
  return { entries };
}

async function* walkObjects(listing: DirectoryListing, cursor: Cursor): AsyncGenerator<ObjectSummary> {
  const { root, bucket, prefix } = listing;
  const folders = prefixFolders(prefix);
  if (folders === undefined) return;
  const keyPrefix = folders.map((folder) => folder + "/").join("");

  const wanted = (key: string) =>
    key.startsWith(prefix) &&
    compareKeys(key, cursor.after) > 0 &&
    !(cursor.skipPrefix !== undefined && key.startsWith(cursor.skipPrefix));

  // Keys under `folderKey` (which ends in "/") can be wanted, or the whole folder is skipped.
  const worthEntering = (folderKey: string) =>
    (folderKey.startsWith(prefix) || prefix.startsWith(folderKey)) &&
    (compareKeys(folderKey, cursor.after) > 0 || cursor.after.startsWith(folderKey)) &&
    !(cursor.skipPrefix !== undefined && folderKey.startsWith(cursor.skipPrefix)) &&
    // Bounds the walk even where symbolic links make a cycle: no key is longer than this.
    Buffer.byteLength(folderKey) <= MAX_KEY_BYTES;

  async function* folderObject(folderKey: string): AsyncGenerator<ObjectSummary> {
    if (folderKey === "" || !wanted(folderKey)) return;
    const parts = folderKey.split("/").slice(0, -1);
    const record = await readRecord(join(recordFolder(root, bucket, { folders: parts }), FOLDER_RECORD));
    if (record) yield { key: folderKey, size: 0, lastModified: new Date(record.lastModified ?? 0) };
  }

  async function* walk(folder: string, folderKey: string): AsyncGenerator<ObjectSummary> {
    yield* folderObject(folderKey);
    for (const entry of await sortedEntries(folder)) {
      if (cursor.skipPrefix !== undefined && folderKey.startsWith(cursor.skipPrefix)) return;
      const path = join(folder, entry.name);
      if (entry.isFolder) {
        const key = `${folderKey}${entry.name}/`;
        if (worthEntering(key)) yield* walk(path, key);
        continue;
      }
      const key = folderKey + entry.name;
      if (!wanted(key)) continue;
      // Missing when deleted since the folder was read.
      const fileStat = await stat(path).catch(ignoreMissing(undefined));
      if (fileStat?.isFile()) yield { key, size: fileStat.size, lastModified: fileStat.mtime };
    }
  }

  yield* walk(join(root, bucket, ...folders), keyPrefix);
}

interface FolderEntry {
  name: string;
  isFolder: boolean;
  /** `name`, plus "/" for a folder: ordering these orders the keys beneath them. */
  sortKey: Buffer;
}

/** A folder's files and subfolders in key order, without temporary files; nothing when the folder is missing. */
async function sortedEntries(folder: string): Promise<FolderEntry[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const entries: FolderEntry[] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith(TEMP_PREFIX)) continue;
    const isFolder = await isFolderEntry(folder, dirent);
    if (isFolder === undefined) continue;
    entries.push({ name: dirent.name, isFolder, sortKey: Buffer.from(isFolder ? `${dirent.name}/` : dirent.name) });
  }
  return entries.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
}

/** true for a folder, false for a file, undefined for anything else; symbolic links count as what they point to. */
async function isFolderEntry(folder: string, dirent: Dirent): Promise<boolean | undefined> {
  if (dirent.isDirectory()) return true;
  if (dirent.isFile()) return false;
  if (!dirent.isSymbolicLink()) return undefined;
  const target = await stat(join(folder, dirent.name)).catch(() => undefined); // a dangling link is no object
  if (target?.isDirectory()) return true;
  return target?.isFile() ? false : undefined;
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeToken(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Cursor;
    if (typeof cursor.after === "string" && (cursor.skipPrefix === undefined || typeof cursor.skipPrefix === "string")) {
      return cursor;
    }
  } catch {
    // reported below
  }
  throw new InvalidInput(`the continuation token ${JSON.stringify(token)} was not made by this store's listings`);
}
