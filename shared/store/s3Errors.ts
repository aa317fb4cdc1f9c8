import { AccessDenied, NoSuchBucket, NoSuchKey, StoreError } from "./errors";
import { errorCode } from "./fsErrors";
import { formatS3Uri } from "./uri";

/** What an S3 request was doing, for the error a user reads. */
export interface S3Request {
  operation: string;
  bucket: string;
  key: string;
  versionId?: string;
  copyTo?: { bucket: string; key: string };
}

/** A 404 answer; the only sign of a missing object that a HEAD request gives. */
export function isNotFound(error: unknown): boolean {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404;
}

/** The StoreError for an error from the SDK (service or network). */
export function s3ErrorToStoreError(error: unknown, request: S3Request): StoreError {
  if (error instanceof StoreError) return error;
  const { operation, bucket, key, versionId, copyTo } = request;
  const name = error instanceof Error ? error.name : "";
  const target = formatS3Uri(bucket, key) + (copyTo ? ` to ${formatS3Uri(copyTo.bucket, copyTo.key)}` : "");
  switch (name) {
    case "NoSuchKey":
    case "NoSuchVersion":
      return new NoSuchKey(bucket, key, versionId, { cause: error });
    case "NoSuchBucket":
      // S3 names the bucket, which for a copy may be either side.
      return new NoSuchBucket((error as { BucketName?: string }).BucketName ?? bucket, undefined, { cause: error });
    case "AccessDenied":
    case "Forbidden":
      return new AccessDenied(operation, target, { cause: error });
  }
  const code = errorCode(error) ?? (name !== "" && name !== "Error" ? name : "S3Failure");
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(code, `${operation} ${target} failed: ${message}`, { cause: error });
}
