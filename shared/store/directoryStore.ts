import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, rmdir, stat, unlink, type FileHandle } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import {
  FOLDER_RECORD,
  bucketFolder,
  contentPath,
  keyPath,
  metaFolder,
  recordFolder,
  type KeyPath,
} from "./directoryLayout";
import { listDirectoryPage } from "./directoryListing";
import {
  contentIdentity,
  pruneRecords,
  readRecord,
  recordName,
  writeRecord,
  type ObjectRecord,
} from "./directoryRecords";
import { AccessDenied, InvalidInput, KeyConflict, NoSuchBucket, NoSuchKey, StoreError } from "./errors";
import { errorCode, ignoreMissing } from "./fsErrors";
import { listAll } from "./listing";
import { readAll, toReadable } from "./streams";
import { writeTempFile } from "./tempFile";
import type {
  CopyOptions,
  ListEntry,
  ListOptions,
  ListPage,
  ListPageOptions,
  ObjectInfo,
  ObjectRef,
  ObjectStore,
  PutBody,
  PutOptions,
  PutResult,
  ReadOptions,
} from "./types";
import { formatS3Uri } from "./uri";
import { MAX_KEYS_PER_PAGE, checkAddress, checkBucket, checkMaxKeys, checkTags, normaliseMetadata } from "./validate";

const EMPTY_MD5 = createHash("md5").digest("hex");

interface Location {
  bucket: string;
  key: string;
  path: KeyPath;
  /** The content file, or the folder of a folder object. */
  content: string;
  records: string;
}

/** An object as found on disk. */
interface Found {
  versionId: string;
  size: number;
  lastModified: Date;
  record?: ObjectRecord;
  recordName: string;
  /** Open on a file object's content, so that what is read is what was found; none for folder objects. */
  content?: FileHandle;
}

/**
 * An object store in a local folder: `s3://bucket/key` is the file `<root>/bucket/key`. The layout,
 * and how metadata, ETags and versions are kept beside the files, is described in directoryLayout.ts.
 *
 * Versions: an object's versionId names its current content (a file's inode and modification
 * time), so every put gives a new one; only the current version is kept, and asking for any other
 * is NoSuchKey. Buckets are folders under the root, made by the user or the caller, not by put,
 * unless `createBuckets` is set: then the first write to a bucket makes its folder (`stepbatch
 * run`, where a missing results bucket would only stop a run that has nobody to create it).
 */
export class DirectoryStore implements ObjectStore {
  readonly root: string;
  private readonly createBuckets: boolean;

  constructor(root: string, options: { createBuckets?: boolean } = {}) {
    this.root = resolve(root);
    this.createBuckets = options.createBuckets ?? false;
  }

  get(bucket: string, key: string, options: ReadOptions = {}): Promise<Readable> {
    return this.run("get", bucket, key, async () => {
      const found = await this.find(this.locate(bucket, key), options.versionId);
      if (!found) throw new NoSuchKey(bucket, key, options.versionId);
      return found.content ? found.content.createReadStream() : Readable.from([]);
    });
  }

  async getBytes(bucket: string, key: string, options: ReadOptions = {}): Promise<Buffer> {
    const stream = await this.get(bucket, key, options);
    return this.run("get", bucket, key, () => readAll(stream));
  }

  head(bucket: string, key: string, options: ReadOptions = {}): Promise<ObjectInfo | null> {
    return this.run("head", bucket, key, async () => {
      const found = await this.find(this.locate(bucket, key), options.versionId);
      if (!found) return null;
      try {
        return {
          key,
          size: found.size,
          lastModified: found.lastModified,
          etag: await etagOf(found),
          metadata: found.record?.metadata ?? {},
          contentType: found.record?.contentType,
          versionId: found.versionId,
        };
      } finally {
        await found.content?.close();
      }
    });
  }

  put(bucket: string, key: string, body: PutBody, options: PutOptions = {}): Promise<PutResult> {
    return this.run("put", bucket, key, async () => {
      const location = this.locate(bucket, key);
      const tags = options.tags ?? {};
      checkTags(bucket, key, tags);
      const record = {
        contentType: options.contentType,
        metadata: normaliseMetadata(bucket, key, options.metadata ?? {}),
        tags,
      };
      return location.path.file === undefined
        ? this.putFolder(location, toReadable(body), record)
        : this.putFile(location, toReadable(body), record, options.contentLength);
    });
  }

  copy(from: ObjectRef, to: { bucket: string; key: string }, options: CopyOptions = {}): Promise<PutResult> {
    return this.run("copy", from.bucket, from.key, async () => {
      const found = await this.find(this.locate(from.bucket, from.key), from.versionId);
      if (!found) throw new NoSuchKey(from.bucket, from.key, from.versionId);
      const body = found.content ? found.content.createReadStream() : Readable.from([]);
      const replace = options.metadata !== undefined || options.contentType !== undefined;
      try {
        return await this.put(to.bucket, to.key, body, {
          metadata: replace ? options.metadata : found.record?.metadata,
          contentType: replace ? options.contentType : found.record?.contentType,
          tags: options.tags ?? found.record?.tags,
        });
      } finally {
        body.destroy();
      }
    });
  }

  delete(bucket: string, key: string): Promise<void> {
    return this.run("delete", bucket, key, async () => {
      const location = this.locate(bucket, key);
      await this.requireBucket(bucket);
      if (location.path.file !== undefined) {
        await unlink(location.content).catch((error) => {
          // Missing, or a folder holding other keys: either way no object to delete.
          if (!["ENOENT", "ENOTDIR", "EISDIR"].includes(errorCode(error) ?? "")) throw error;
        });
      }
      await rm(location.records, { recursive: true, force: true });
      await this.removeEmptyFolders(location);
    });
  }

  getTags(bucket: string, key: string): Promise<Record<string, string>> {
    return this.run("getTags", bucket, key, async () => {
      const found = await this.find(this.locate(bucket, key));
      if (!found) throw new NoSuchKey(bucket, key);
      await found.content?.close();
      return found.record?.tags ?? {};
    });
  }

  putTags(bucket: string, key: string, tags: Record<string, string>): Promise<void> {
    return this.run("putTags", bucket, key, async () => {
      const location = this.locate(bucket, key);
      checkTags(bucket, key, tags);
      const found = await this.find(location);
      if (!found) throw new NoSuchKey(bucket, key);
      try {
        const record = found.record ?? { etag: await etagOf(found), metadata: {}, tags: {} };
        await writeRecord(location.records, found.recordName, { ...record, tags });
      } finally {
        await found.content?.close();
      }
    });
  }

  list(bucket: string, options: ListOptions = {}): AsyncIterable<ListEntry> {
    return listAll(this, bucket, options);
  }

  listPage(bucket: string, options: ListPageOptions = {}): Promise<ListPage> {
    const prefix = options.prefix ?? "";
    return this.run("list", bucket, prefix, async () => {
      checkBucket(bucket);
      const maxKeys = options.maxKeys ?? MAX_KEYS_PER_PAGE;
      checkMaxKeys(maxKeys);
      await this.requireBucket(bucket);
      return listDirectoryPage({
        root: this.root,
        bucket,
        prefix,
        delimiter: options.delimiter ?? "",
        startAfter: options.startAfter ?? "",
        continuationToken: options.continuationToken,
        maxKeys,
      });
    });
  }

  private locate(bucket: string, key: string): Location {
    checkAddress(bucket, key);
    const path = keyPath(bucket, key);
    return {
      bucket,
      key,
      path,
      content: contentPath(this.root, bucket, path),
      records: recordFolder(this.root, bucket, path),
    };
  }

  private async requireBucket(bucket: string): Promise<void> {
    const folder = bucketFolder(this.root, bucket);
    const folderStat = await stat(folder).catch(ignoreMissing(undefined));
    if (!folderStat?.isDirectory()) throw new NoSuchBucket(bucket, `make the folder ${folder} to create it`);
  }

  /** The object at `location` (in version `versionId`, if given), or undefined. */
  private async find(location: Location, versionId?: string): Promise<Found | undefined> {
    const found = location.path.file === undefined ? await this.findFolder(location) : await this.findFile(location);
    if (!found) {
      await this.requireBucket(location.bucket);
      return undefined;
    }
    if (versionId !== undefined && found.versionId !== versionId) {
      await found.content?.close();
      return undefined;
    }
    return found;
  }

  private async findFile(location: Location): Promise<Found | undefined> {
    const content = await open(location.content, "r").catch(ignoreMissing(undefined));
    if (!content) return undefined;
    try {
      const contentStat = await content.stat({ bigint: true });
      // A folder holding other keys is no object.
      if (!contentStat.isFile()) {
        await content.close();
        return undefined;
      }
      const versionId = contentIdentity(contentStat);
      return {
        versionId,
        size: Number(contentStat.size),
        lastModified: new Date(Number(contentStat.mtimeMs)),
        record: await readRecord(join(location.records, recordName(versionId))),
        recordName: recordName(versionId),
        content,
      };
    } catch (error) {
      await content.close();
      throw error;
    }
  }

  private async findFolder(location: Location): Promise<Found | undefined> {
    const [record, folderStat] = await Promise.all([
      readRecord(join(location.records, FOLDER_RECORD)),
      stat(location.content).catch(ignoreMissing(undefined)),
    ]);
    if (!record || !folderStat?.isDirectory()) return undefined;
    return {
      versionId: record.versionId ?? "",
      size: 0,
      lastModified: new Date(record.lastModified ?? 0),
      record,
      recordName: FOLDER_RECORD,
    };
  }

  private async putFile(
    location: Location,
    body: Readable,
    record: Omit<ObjectRecord, "etag">,
    contentLength: number | undefined,
  ): Promise<PutResult> {
    const folder = dirname(location.content);
    const temp = await writeTempFile(folder, body, () => this.makeFolder(location, folder));
    try {
      if (contentLength !== undefined && temp.size !== contentLength) {
        throw new InvalidInput(
          `the body for ${formatS3Uri(location.bucket, location.key)} was ${temp.size} bytes, not the ${contentLength} given as its contentLength`,
        );
      }
      const versionId = contentIdentity(temp.stat);
      // The record goes first: readers match it to the content by identity, so it waits unseen until the rename.
      await writeRecord(location.records, recordName(versionId), { ...record, etag: temp.etag });
      await this.publish(location, temp.path);
      const current = await stat(location.content, { bigint: true }).catch(ignoreMissing(undefined));
      // Keep the record of what is there now, which is ours unless a concurrent put renamed after us.
      await pruneRecords(location.records, recordName(current ? contentIdentity(current) : versionId));
      return { etag: temp.etag, versionId };
    } catch (error) {
      await unlink(temp.path).catch(ignoreMissing(undefined));
      throw error;
    }
  }

  private async putFolder(location: Location, body: Readable, record: Omit<ObjectRecord, "etag">): Promise<PutResult> {
    for await (const chunk of body) {
      if (chunk.length > 0) {
        body.destroy();
        throw new InvalidInput(
          `${formatS3Uri(location.bucket, location.key)} ends in "/", which a directory store keeps as a folder: it cannot hold content`,
        );
      }
    }
    await this.makeFolder(location, location.content);
    const versionId = randomBytes(8).toString("hex");
    const lastModified = new Date().toISOString();
    await writeRecord(location.records, FOLDER_RECORD, { ...record, etag: EMPTY_MD5, versionId, lastModified });
    return { etag: EMPTY_MD5, versionId };
  }

  /** Makes `folder` for `location`, with its parents up to the bucket, which must exist; a file in the way is a KeyConflict. */
  private async makeFolder(location: Location, folder: string): Promise<void> {
    if (this.createBuckets) await mkdir(bucketFolder(this.root, location.bucket), { recursive: true });
    await this.requireBucket(location.bucket);
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      if (errorCode(error) !== "ENOTDIR" && errorCode(error) !== "EEXIST") throw error;
      const { folders } = location.path;
      for (let depth = 1; depth <= folders.length; depth++) {
        const parts = folders.slice(0, depth);
        const partStat = await stat(join(bucketFolder(this.root, location.bucket), ...parts)).catch(
          ignoreMissing(undefined),
        );
        if (partStat?.isFile()) {
          throw new KeyConflict(
            `${formatS3Uri(location.bucket, location.key)} cannot be stored: ${formatS3Uri(location.bucket, parts.join("/"))} ` +
              "is an object, and a directory store cannot keep a file as a folder too",
          );
        }
      }
      throw error;
    }
  }

  /** Renames the written file into place; a folder of that name is in the way unless it is empty and no folder object. */
  private async publish(location: Location, tempPath: string): Promise<void> {
    try {
      await rename(tempPath, location.content);
      return;
    } catch (error) {
      if (errorCode(error) !== "EISDIR") throw error;
    }
    const uri = formatS3Uri(location.bucket, location.key);
    const conflict = new KeyConflict(
      `${uri} cannot be stored: ${uri}/ is a folder holding other objects, and a directory store cannot keep a folder as a file too`,
    );
    if (await this.isFolderObject(location.bucket, [...location.path.folders, location.path.file ?? ""])) throw conflict;
    if (!(await removeIfEmpty(location.content))) throw conflict;
    await rename(tempPath, location.content);
  }

  private async isFolderObject(bucket: string, folders: string[]): Promise<boolean> {
    const record = join(recordFolder(this.root, bucket, { folders }), FOLDER_RECORD);
    return (await stat(record).catch(ignoreMissing(undefined))) !== undefined;
  }

  /** Removes the folders a delete left empty, as S3 forgets a prefix with no keys left, but never a folder object. */
  private async removeEmptyFolders(location: Location): Promise<void> {
    const { bucket } = location;
    const { folders } = location.path;
    for (let depth = folders.length; depth > 0; depth--) {
      const parts = folders.slice(0, depth);
      if (await this.isFolderObject(bucket, parts)) break;
      if (!(await removeIfEmpty(join(bucketFolder(this.root, bucket), ...parts)))) break;
    }
    for (let depth = folders.length; depth > 0; depth--) {
      if (!(await removeIfEmpty(metaFolder(this.root, bucket, folders.slice(0, depth))))) break;
    }
  }

  /** Runs one operation, turning file-system failures into StoreErrors that name the object. */
  private async run<T>(operation: string, bucket: string, key: string, act: () => Promise<T>): Promise<T> {
    try {
      return await act();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const uri = formatS3Uri(bucket, key);
      const code = errorCode(error);
      if (code === "EACCES" || code === "EPERM") throw new AccessDenied(operation, uri, { cause: error });
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreError(code ?? "StoreFailure", `${operation} ${uri} failed: ${message}`, { cause: error });
    }
  }
}

/** The stored ETag, or for a file another tool wrote, the MD5 of its content. */
async function etagOf(found: Found): Promise<string> {
  if (found.record) return found.record.etag;
  if (!found.content) return EMPTY_MD5;
  const hash = createHash("md5");
  for await (const chunk of found.content.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk);
  return hash.digest("hex");
}

/** Removes `folder` if it is empty; false when it holds something. A folder already gone counts as removed. */
async function removeIfEmpty(folder: string): Promise<boolean> {
  try {
    await rmdir(folder);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return true;
    if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR") return false;
    throw error;
  }
}
