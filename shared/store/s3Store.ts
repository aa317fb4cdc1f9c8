import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { InvalidInput, NoSuchKey } from "./errors";
import { compareKeys, entryKey, listAll } from "./listing";
import { s3ErrorToStoreError, isNotFound } from "./s3Errors";
import { copyInParts, isCopySourceTooLarge } from "./partCopy";
import { MAX_UPLOAD_PARTS, putInParts, type PartUploadOptions } from "./partUpload";
import { MIN_BODY_CHUNK_BYTES, sizedBody } from "./sizedBody";
import { readAll, toReadable } from "./streams";
import { formatS3Uri } from "./uri";
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
import { MAX_KEYS_PER_PAGE, checkAddress, checkBucket, checkMaxKeys, checkTags, normaliseMetadata } from "./validate";

/**
 * The most one PutObject may carry (S3's limit, 5 GiB). A body of known length up to this goes in
 * one request, streamed as it is read: the store holds none of it beyond a chunk (see sizedBody).
 */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/**
 * Part size for multipart uploads, which carry streams of unknown length and bodies over
 * MAX_SINGLE_PUT_BYTES. S3 wants parts of at least 5 MiB and at most 10,000 of them: 8 MiB parts
 * carry a stream of unknown length up to 78 GiB; where the length is known, parts grow so that
 * 10,000 of them hold it. Memory holds each part in flight and the one being filled (putInParts):
 * 2 × 8 MiB = 16 MiB for a stream of unknown length, 5 × 8 MiB = 40 MiB for a body over 5 GiB
 * (5 parts of length / 10,000 beyond 78 GiB); putBufferBytes says how much for a given length.
 */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
/**
 * Parts of a stream of unknown length sent at once. Such a stream is mostly made as it is sent (a
 * scatter's item file) and comes more slowly than one part goes up: one part in flight while the
 * next fills keeps both sides busy.
 */
const UNKNOWN_LENGTH_PARTS_IN_FLIGHT = 1;
/**
 * Parts of a body over MAX_SINGLE_PUT_BYTES sent at once: such a body is a file read at disk
 * speed, which one connection cannot keep up with.
 */
const LARGE_BODY_PARTS_IN_FLIGHT = 4;

/**
 * The bytes S3Store.put holds of a body of `length` bytes (unknown: undefined), beyond what the
 * caller's own stream buffers: about one chunk for a single PutObject; the parts in flight and the
 * one being filled for a multipart upload.
 */
export function putBufferBytes(length: number | undefined): number {
  if (length !== undefined && length <= MAX_SINGLE_PUT_BYTES) return Math.min(length, MIN_BODY_CHUNK_BYTES);
  const { partBytes, partsInFlight } = multipartOptions(length);
  return (partsInFlight + 1) * partBytes;
}

function multipartOptions(length: number | undefined): PartUploadOptions {
  if (length === undefined) return { partBytes: UPLOAD_PART_BYTES, partsInFlight: UNKNOWN_LENGTH_PARTS_IN_FLIGHT };
  return { partBytes: Math.max(UPLOAD_PART_BYTES, Math.ceil(length / MAX_UPLOAD_PARTS)), partsInFlight: LARGE_BODY_PARTS_IN_FLIGHT };
}

export type S3ClientOptions = Omit<S3ClientConfig, "endpoint" | "forcePathStyle"> & {
  /** An S3-compatible server, e.g. `http://127.0.0.1:9000`; AWS's own endpoints when absent. */
  endpoint?: string;
};

/**
 * An S3Client for S3, or for an S3-compatible server at `endpoint`. Such servers take the bucket in
 * the path (`/bucket/key`) rather than the host name, which needs DNS for every bucket.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return new S3Client({ ...options, forcePathStyle: options.endpoint !== undefined });
}

/** The ObjectStore over S3 (or a server speaking its protocol), through a client the caller configures. */
export class S3Store implements ObjectStore {
  constructor(private readonly client: S3Client) {}

  async get(bucket: string, key: string, options: ReadOptions = {}): Promise<Readable> {
    checkAddress(bucket, key);
    const { versionId } = options;
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
      // In Node.js the SDK's body is a Readable (an http.IncomingMessage).
      return output.Body as Readable;
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "get", bucket, key, versionId });
    }
  }

  async getBytes(bucket: string, key: string, options: ReadOptions = {}): Promise<Buffer> {
    const stream = await this.get(bucket, key, options);
    try {
      return await readAll(stream);
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "get", bucket, key, versionId: options.versionId });
    }
  }

  async head(bucket: string, key: string, options: ReadOptions = {}): Promise<ObjectInfo | null> {
    checkAddress(bucket, key);
    const { versionId } = options;
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
      return {
        key,
        size: output.ContentLength ?? 0,
        lastModified: output.LastModified ?? new Date(0),
        etag: unquote(output.ETag),
        metadata: output.Metadata ?? {},
        contentType: output.ContentType,
        versionId: output.VersionId,
      };
    } catch (error) {
      // A HEAD response has no body to tell a missing key from a missing bucket: both are null.
      if (isNotFound(error)) return null;
      throw s3ErrorToStoreError(error, { operation: "head", bucket, key, versionId });
    }
  }

  async put(bucket: string, key: string, body: PutBody, options: PutOptions = {}): Promise<PutResult> {
    checkAddress(bucket, key);
    const metadata = normaliseMetadata(bucket, key, options.metadata ?? {});
    const tags = options.tags ?? {};
    checkTags(bucket, key, tags);
    const params = { Bucket: bucket, Key: key, ContentType: options.contentType, Metadata: metadata };
    let result: PutResult;
    try {
      const uri = formatS3Uri(bucket, key);
      const length = bodyLength(body, options.contentLength, uri);
      const output =
        length !== undefined && length <= MAX_SINGLE_PUT_BYTES
          ? await this.putObject(params, body, length, uri)
          : await putInParts(this.client, params, length === undefined ? toReadable(body) : sizedBody(toReadable(body), length, uri), {
              ...multipartOptions(length),
              uri,
            });
      result = { etag: unquote(output.ETag), versionId: output.VersionId };
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "put", bucket, key });
    }
    // Tags follow in a request of their own, to the version just written, as after a copy. S3 would
    // take them with the PutObject (Tagging), but s3rver, which the tests run against, ignores them there.
    if (Object.keys(tags).length > 0) await this.tagVersion(bucket, key, tags, result.versionId);
    return result;
  }

  /**
   * One PutObject of `length` bytes. A stream goes as it is read; if reading it fails, or it holds
   * more or fewer bytes than `length`, the request is aborted and that failure is the one thrown.
   */
  private async putObject(params: PutObjectCommandInput, body: PutBody, length: number, uri: string): Promise<PutObjectCommandOutput> {
    if (!(body instanceof Readable)) return this.client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: length }));
    const sized = sizedBody(body, length, uri);
    const abort = new AbortController();
    let bodyFailure: unknown;
    sized.once("error", (error) => {
      bodyFailure = error;
      abort.abort();
    });
    try {
      return await this.client.send(new PutObjectCommand({ ...params, Body: sized, ContentLength: length }), { abortSignal: abort.signal });
    } catch (error) {
      throw bodyFailure ?? error;
    } finally {
      // Ended after a success; after a failure the body may be unread, and its file still open.
      sized.destroy();
    }
  }

  async copy(from: ObjectRef, to: { bucket: string; key: string }, options: CopyOptions = {}): Promise<PutResult> {
    checkAddress(from.bucket, from.key);
    checkAddress(to.bucket, to.key);
    const replace = options.metadata !== undefined || options.contentType !== undefined;
    const metadata = normaliseMetadata(to.bucket, to.key, options.metadata ?? {});
    if (options.tags) checkTags(to.bucket, to.key, options.tags);
    let result: PutResult;
    try {
      const output = await this.client.send(
        new CopyObjectCommand({
          Bucket: to.bucket,
          Key: to.key,
          CopySource: copySource(from),
          ...(replace ? { MetadataDirective: "REPLACE", Metadata: metadata, ContentType: options.contentType } : {}),
        }),
      );
      result = { etag: unquote(output.CopyObjectResult?.ETag), versionId: output.VersionId };
    } catch (error) {
      if (!isCopySourceTooLarge(error)) throw s3ErrorToStoreError(error, { operation: "copy", ...from, copyTo: to });
      return this.copyLarge(from, to, options, replace ? metadata : undefined);
    }
    // Tags follow the write, as in put, so that both writes tag objects the same way.
    if (options.tags) await this.tagVersion(to.bucket, to.key, options.tags, result.versionId);
    return result;
  }

  /**
   * A copy of an object over CopyObject's 5 GiB: part by part, keeping what CopyObject keeps
   * unless told otherwise (metadata, content type, tags), which a multipart upload does not carry over.
   */
  private async copyLarge(from: ObjectRef, to: { bucket: string; key: string }, options: CopyOptions, metadata: Record<string, string> | undefined): Promise<PutResult> {
    const source = await this.head(from.bucket, from.key, { versionId: from.versionId });
    if (source === null) throw new NoSuchKey(from.bucket, from.key, from.versionId);
    let output: { ETag?: string; VersionId?: string };
    let tags = options.tags;
    try {
      tags ??= await this.versionTags(from);
      output = await copyInParts(this.client, {
        copySource: copySource(from),
        size: source.size,
        to: { Bucket: to.bucket, Key: to.key },
        metadata: metadata ?? source.metadata,
        contentType: options.contentType ?? source.contentType,
      });
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "copy", ...from, copyTo: to });
    }
    const result = { etag: unquote(output.ETag), versionId: output.VersionId };
    if (Object.keys(tags).length > 0) await this.tagVersion(to.bucket, to.key, tags, result.versionId);
    return result;
  }

  private async versionTags(from: ObjectRef): Promise<Record<string, string>> {
    const output = await this.client.send(new GetObjectTaggingCommand({ Bucket: from.bucket, Key: from.key, VersionId: from.versionId }));
    return Object.fromEntries((output.TagSet ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
  }

  async delete(bucket: string, key: string): Promise<void> {
    checkAddress(bucket, key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "delete", bucket, key });
    }
  }

  async getTags(bucket: string, key: string): Promise<Record<string, string>> {
    checkAddress(bucket, key);
    try {
      const output = await this.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
      return Object.fromEntries((output.TagSet ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "getTags", bucket, key });
    }
  }

  async putTags(bucket: string, key: string, tags: Record<string, string>): Promise<void> {
    checkAddress(bucket, key);
    checkTags(bucket, key, tags);
    await this.tagVersion(bucket, key, tags, undefined);
  }

  list(bucket: string, options: ListOptions = {}): AsyncIterable<ListEntry> {
    return listAll(this, bucket, options);
  }

  async listPage(bucket: string, options: ListPageOptions = {}): Promise<ListPage> {
    checkBucket(bucket);
    const maxKeys = options.maxKeys ?? MAX_KEYS_PER_PAGE;
    checkMaxKeys(maxKeys);
    try {
      const output = await this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: options.prefix,
          Delimiter: options.delimiter,
          StartAfter: options.startAfter,
          ContinuationToken: options.continuationToken,
          MaxKeys: maxKeys,
        }),
      );
      const entries: ListEntry[] = [
        ...(output.Contents ?? []).map((object) => ({
          key: object.Key ?? "",
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
        })),
        ...(output.CommonPrefixes ?? []).map((prefix) => ({ commonPrefix: prefix.Prefix ?? "" })),
      ];
      // S3 sends objects and common prefixes apart; the page interleaves them in key order.
      entries.sort((a, b) => compareKeys(entryKey(a), entryKey(b)));
      return { entries, nextContinuationToken: output.IsTruncated ? output.NextContinuationToken : undefined };
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "list", bucket, key: options.prefix ?? "" });
    }
  }

  private async tagVersion(bucket: string, key: string, tags: Record<string, string>, versionId: string | undefined) {
    try {
      await this.client.send(
        new PutObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId, Tagging: { TagSet: toTagSet(tags) } }),
      );
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "putTags", bucket, key });
    }
  }
}

function toTagSet(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The length of `body`: a Buffer's or string's own, checked against `contentLength` where both are given. */
function bodyLength(body: PutBody, contentLength: number | undefined, uri: string): number | undefined {
  if (body instanceof Readable) return contentLength;
  const length = Buffer.byteLength(body);
  if (contentLength !== undefined && contentLength !== length) {
    throw new InvalidInput(`the body for ${uri} was ${length} bytes, not the ${contentLength} given as its contentLength`);
  }
  return length;
}

/** S3 quotes ETags; callers get the bare value. */
function unquote(etag: string | undefined): string {
  return (etag ?? "").replace(/^"(.*)"$/, "$1");
}

/** `bucket/key[?versionId=...]`, URL-encoded as S3 wants it; the SDK sends it as given. */
function copySource(from: ObjectRef): string {
  const path = [from.bucket, ...from.key.split("/")].map(encodeURIComponent).join("/");
  return from.versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(from.versionId)}`;
}
