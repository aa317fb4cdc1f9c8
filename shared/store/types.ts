import type { Readable } from "node:stream";

/** An object as a listing shows it. */
export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
}

/** An object as `head` shows it. */
export interface ObjectInfo extends ObjectSummary {
  /** MD5 hex of the content for single-part writes, S3's `<md5>-<parts>` for multipart ones; no quotes. */
  etag: string;
  /** User metadata, names in lower case. */
  metadata: Record<string, string>;
  contentType?: string;
  /** Absent where the store keeps no versions (an S3 bucket without versioning). */
  versionId?: string;
}

/** The keys under a listing's prefix that share everything up to the next delimiter, e.g. `dir/`. */
export interface CommonPrefix {
  commonPrefix: string;
}

export type ListEntry = ObjectSummary | CommonPrefix;

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  /** List only keys after this one. */
  startAfter?: string;
  /** Entries fetched per request (1 to 1,000); callers that want fewer entries stop iterating. */
  pageSize?: number;
}

export interface ListPageOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  /** From the previous page; takes the place of startAfter. */
  continuationToken?: string;
  /** Objects plus common prefixes on this page, 1 to 1,000 (the default). */
  maxKeys?: number;
}

export interface ListPage {
  /** Objects and common prefixes together, in key order (UTF-8 bytes, as S3 orders them). */
  entries: ListEntry[];
  /** Present when more entries follow. */
  nextContinuationToken?: string;
}

export type PutBody = Buffer | string | Readable;

export interface PutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  tags?: Record<string, string>;
  /** The body's length where it is a stream and the length is known: lets S3 size the upload parts. */
  contentLength?: number;
}

export interface PutResult {
  etag: string;
  versionId?: string;
}

export interface ReadOptions {
  versionId?: string;
}

export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
}

/** Like S3: a copy keeps the source's metadata and tags unless new ones are given. */
export interface CopyOptions {
  /** Replaces the metadata, and with it the content type (which becomes `contentType`, if given). */
  metadata?: Record<string, string>;
  contentType?: string;
  tags?: Record<string, string>;
}

/**
 * Objects addressed by bucket and key, as in S3. Failures are StoreErrors (errors.ts): a missing
 * object is NoSuchKey, bad arguments are InvalidInput.
 */
export interface ObjectStore {
  get(bucket: string, key: string, options?: ReadOptions): Promise<Readable>;
  getBytes(bucket: string, key: string, options?: ReadOptions): Promise<Buffer>;
  /** null when the object does not exist. */
  head(bucket: string, key: string, options?: ReadOptions): Promise<ObjectInfo | null>;
  put(bucket: string, key: string, body: PutBody, options?: PutOptions): Promise<PutResult>;
  copy(from: ObjectRef, to: { bucket: string; key: string }, options?: CopyOptions): Promise<PutResult>;
  /** Deleting a key that does not exist is not an error. */
  delete(bucket: string, key: string): Promise<void>;
  getTags(bucket: string, key: string): Promise<Record<string, string>>;
  /** Replaces all tags of the object. */
  putTags(bucket: string, key: string, tags: Record<string, string>): Promise<void>;
  /** Every entry, in key order, fetching pages as the caller iterates. */
  list(bucket: string, options?: ListOptions): AsyncIterable<ListEntry>;
  listPage(bucket: string, options?: ListPageOptions): Promise<ListPage>;
}
