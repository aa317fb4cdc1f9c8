import { formatS3Uri } from "./uri";

/**
 * Every failure of an object store is a StoreError whose `code` names what went wrong, so callers
 * branch on `code` (or `instanceof`) and show `message` to the user as it is.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

/** A missing key, or (with `versionId`) a key that exists but not in that version. */
export class NoSuchKey extends StoreError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly versionId?: string,
    options?: { cause?: unknown },
  ) {
    const what = versionId === undefined ? "" : ` version ${versionId}`;
    super("NoSuchKey", `${formatS3Uri(bucket, key)}${what} does not exist`, options);
  }
}

export class NoSuchBucket extends StoreError {
  constructor(
    readonly bucket: string,
    advice?: string,
    options?: { cause?: unknown },
  ) {
    super("NoSuchBucket", `bucket ${bucket} does not exist${advice ? `: ${advice}` : ""}`, options);
  }
}

export class AccessDenied extends StoreError {
  constructor(operation: string, uri: string, options?: { cause?: unknown }) {
    super("AccessDenied", `access denied: ${operation} ${uri}`, options);
  }
}

/** Arguments a store refuses before touching storage: bad keys, metadata, tags, page sizes. */
export class InvalidInput extends StoreError {
  constructor(message: string) {
    super("InvalidInput", message);
  }
}

export class InvalidS3Uri extends StoreError {
  constructor(message: string) {
    super("InvalidS3Uri", message);
  }
}

/**
 * A directory store keeps `a/b` as a file and `a/b/c` inside a folder `a/b`; one path cannot be
 * both, so the second of such a pair of keys is refused.
 */
export class KeyConflict extends StoreError {
  constructor(message: string) {
    super("KeyConflict", message);
  }
}
