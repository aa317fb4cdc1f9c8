import type { BigIntStats } from "node:fs";
import { readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { TEMP_PREFIX } from "./directoryLayout";
import { StoreError } from "./errors";
import { errorCode, ignoreMissing } from "./fsErrors";
import { writeTempFile } from "./tempFile";

/** What a directory store knows of an object beyond its bytes (see directoryLayout.ts). */
export interface ObjectRecord {
  etag: string;
  contentType?: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  /**
   * Folder objects only: their content is a folder, whose identity and times change as keys come
   * and go beneath it, so the record holds what a file's identity and times give for files.
   */
  versionId?: string;
  lastModified?: string;
}

const RECORD_EXTENSION = ".json";

/**
 * Names one content of a file object: the rename that publishes a write keeps the inode and
 * modification time, every write makes a new inode, and another tool's edit changes the time.
 * It serves as the versionId of file objects. The time comes first: the launcher names a run after
 * the first 8 characters of the versionId, and an inode freed by one write is often reused by the
 * next, while the time's leading characters change every 2 ms.
 */
export function contentIdentity(stat: BigIntStats): string {
  return `${stat.mtimeNs.toString(36)}-${stat.ino.toString(36)}`;
}

export function recordName(identity: string): string {
  return identity + RECORD_EXTENSION;
}

/** The record at `path`, or undefined when there is none. */
export async function readRecord(path: string): Promise<ObjectRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as ObjectRecord;
  } catch (error) {
    throw new StoreError(
      "DamagedRecord",
      `the metadata record ${path} is not valid JSON; delete it to drop the object's metadata and tags`,
      { cause: error },
    );
  }
}

/** Writes a record whole or not at all (temporary file, then rename). */
export async function writeRecord(folder: string, name: string, record: ObjectRecord): Promise<void> {
  const temp = await writeTempFile(folder, Readable.from([Buffer.from(JSON.stringify(record))]));
  await rename(temp.path, join(folder, name));
}

/** Removes the records in `folder` other than `keep`, leaving other writers' temporary files alone. */
export async function pruneRecords(folder: string, keep: string): Promise<void> {
  const names = await readdir(folder).catch(ignoreMissing([] as string[]));
  await Promise.all(
    names
      .filter((name) => name !== keep && !name.startsWith(TEMP_PREFIX))
      .map((name) => unlink(join(folder, name)).catch(ignoreMissing(undefined))),
  );
}
