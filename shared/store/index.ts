export type {
  CommonPrefix,
  CopyOptions,
  ListEntry,
  ListOptions,
  ListPage,
  ListPageOptions,
  ObjectInfo,
  ObjectRef,
  ObjectStore,
  ObjectSummary,
  PutBody,
  PutOptions,
  PutResult,
  ReadOptions,
} from "./types";
export { AccessDenied, InvalidInput, InvalidS3Uri, KeyConflict, NoSuchBucket, NoSuchKey, StoreError } from "./errors";
export { compareKeys, entryKey, isCommonPrefix } from "./listing";
export { parseS3Uri, formatS3Uri, type S3Address } from "./uri";
export { bucketNameProblem } from "./bucketName";
export { S3Store, createS3Client, type S3ClientOptions } from "./s3Store";
export { DirectoryStore } from "./directoryStore";
