/**
 * Bucket names as S3 has ever accepted them: today's rule (3-63 lower-case letters, digits, dots
 * and hyphens) plus the legacy us-east-1 names (up to 255 characters, upper case and underscores),
 * so old buckets stay reachable. Starting with a letter or digit also keeps a name from being `.`,
 * `..` or a hidden folder when a directory store turns it into a folder name.
 */
const BUCKET_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,253})[A-Za-z0-9]$/;

/** Why `bucket` is not a bucket name, or undefined when it is one. */
export function bucketNameProblem(bucket: string): string | undefined {
  if (BUCKET_NAME.test(bucket)) return undefined;
  return (
    `bucket name ${JSON.stringify(bucket)} is not valid: use 3 to 255 letters, digits, dots, ` +
    "hyphens and underscores, starting and ending with a letter or digit"
  );
}
