import { bucketNameProblem } from "./bucketName";
import { InvalidInput } from "./errors";
import { formatS3Uri } from "./uri";

/** S3's limit on key length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** S3's limit on user metadata: names plus values, in UTF-8 bytes. */
const MAX_METADATA_BYTES = 2048;
/** S3's limits on object tags. */
const MAX_TAGS = 10;
const MAX_TAG_KEY_CHARS = 128;
const MAX_TAG_VALUE_CHARS = 256;
/** S3 returns at most 1,000 entries per listing request; stores page the same way. */
export const MAX_KEYS_PER_PAGE = 1000;

/** Metadata travels as HTTP headers `x-amz-meta-<name>`, so names are header tokens... */
const METADATA_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** ...and values printable ASCII: S3 mangles anything else (RFC 2047 encoding on the way back). */
const METADATA_VALUE = /^[\x20-\x7e]*$/;
/** The characters S3 allows in tag keys and values. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkBucket(bucket: string): void {
  const problem = bucketNameProblem(bucket);
  if (problem) throw new InvalidInput(problem);
}

/** Checks what every store requires of an address; a directory store adds its own rules. */
export function checkAddress(bucket: string, key: string): void {
  checkBucket(bucket);
  if (key === "") throw new InvalidInput(`the key in ${formatS3Uri(bucket, key)} is empty`);
  const bytes = Buffer.from(key, "utf8");
  if (bytes.toString("utf8") !== key) {
    throw new InvalidInput(`the key ${JSON.stringify(key)} is not valid Unicode (a lone surrogate)`);
  }
  if (bytes.length > MAX_KEY_BYTES) {
    throw new InvalidInput(
      `the key of ${formatS3Uri(bucket, key.slice(0, 40))}... is ${bytes.length} bytes long; S3 allows ${MAX_KEY_BYTES}`,
    );
  }
}

/** Checks user metadata and returns it with lower-case names, which is how S3 gives them back. */
export function normaliseMetadata(
  bucket: string,
  key: string,
  metadata: Record<string, string>,
): Record<string, string> {
  const where = formatS3Uri(bucket, key);
  const normalised: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!METADATA_NAME.test(name)) {
      throw new InvalidInput(
        `metadata name ${JSON.stringify(name)} for ${where} is not valid: use letters, digits and - _ .`,
      );
    }
    if (typeof value !== "string" || !METADATA_VALUE.test(value)) {
      throw new InvalidInput(
        `metadata ${name}=${JSON.stringify(value)} for ${where} is not valid: values must be printable ASCII text`,
      );
    }
    const lower = name.toLowerCase();
    if (lower in normalised) {
      throw new InvalidInput(`metadata name ${JSON.stringify(name)} for ${where} is given twice (names ignore case)`);
    }
    normalised[lower] = value;
    bytes += Buffer.byteLength(lower) + Buffer.byteLength(value);
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new InvalidInput(`metadata for ${where} is ${bytes} bytes; S3 allows ${MAX_METADATA_BYTES}`);
  }
  return normalised;
}

export function checkTags(bucket: string, key: string, tags: Record<string, string>): void {
  const where = formatS3Uri(bucket, key);
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    throw new InvalidInput(`${entries.length} tags for ${where}; S3 allows ${MAX_TAGS}`);
  }
  for (const [name, value] of entries) {
    const shown = `tag ${name}=${JSON.stringify(value)} for ${where}`;
    if (name.length === 0 || name.length > MAX_TAG_KEY_CHARS || typeof value !== "string") {
      throw new InvalidInput(`${shown} is not valid: keys are 1 to ${MAX_TAG_KEY_CHARS} characters, values text`);
    }
    if (value.length > MAX_TAG_VALUE_CHARS) {
      throw new InvalidInput(`${shown} is not valid: values are at most ${MAX_TAG_VALUE_CHARS} characters`);
    }
    if (!TAG_TEXT.test(name) || !TAG_TEXT.test(value)) {
      throw new InvalidInput(`${shown} is not valid: use letters, digits, spaces and + - = . _ : / @`);
    }
  }
}

export function checkMaxKeys(maxKeys: number): void {
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > MAX_KEYS_PER_PAGE) {
    throw new InvalidInput(`maxKeys ${maxKeys} is not valid: use a whole number from 1 to ${MAX_KEYS_PER_PAGE}`);
  }
}
