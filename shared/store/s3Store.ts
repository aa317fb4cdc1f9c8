import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { compareKeys, entryKey, listAll } from "./listing";
import { s3ErrorToStoreError, isNotFound } from "./s3Errors";
import { readAll } from "./streams";
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
 * Part size for multipart uploads. S3 wants parts of at least 5 MiB and at most 10,000 of them: 16
 * MiB parts carry a stream of unknown length up to 156 GiB while UPLOAD_PARTS_IN_FLIGHT parts hold
 * 64 MiB of memory. Where the length is known, parts grow so that 10,000 of them hold it.
 */
export const UPLOAD_PART_BYTES = 16 * 1024 * 1024;
/** S3's limit on the parts of one multipart upload. */
const MAX_UPLOAD_PARTS = 10_000;
/** Parts sent at once: enough to keep a connection busy, and the memory bound above. */
const UPLOAD_PARTS_IN_FLIGHT = 4;

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
    const knownLength = options.contentLength ?? (Buffer.isBuffer(body) || typeof body === "string" ? Buffer.byteLength(body) : undefined);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        ContentLength: options.contentLength,
        Metadata: metadata,
      },
      partSize: Math.max(UPLOAD_PART_BYTES, Math.ceil((knownLength ?? 0) / MAX_UPLOAD_PARTS)),
      queueSize: UPLOAD_PARTS_IN_FLIGHT,
      // Upload applies tags with PutObjectTagging once the object is written, for single and multipart uploads alike.
      tags: toTagSet(tags),
    });
    try {
      const output = await upload.done();
      return { etag: unquote(output.ETag), versionId: output.VersionId };
    } catch (error) {
      throw s3ErrorToStoreError(error, { operation: "put", bucket, key });
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
      throw s3ErrorToStoreError(error, { operation: "copy", ...from, copyTo: to });
    }
    // Tags follow the write, as in put, so that both writes tag objects the same way.
    if (options.tags) await this.tagVersion(to.bucket, to.key, options.tags, result.versionId);
    return result;
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

/** S3 quotes ETags; callers get the bare value. */
function unquote(etag: string | undefined): string {
  return (etag ?? "").replace(/^"(.*)"$/, "$1");
}

/** `bucket/key[?versionId=...]`, URL-encoded as S3 wants it; the SDK sends it as given. */
function copySource(from: ObjectRef): string {
  const path = [from.bucket, ...from.key.split("/")].map(encodeURIComponent).join("/");
  return from.versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(from.versionId)}`;
}
