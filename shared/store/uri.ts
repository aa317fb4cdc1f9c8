import { bucketNameProblem } from "./bucketName";
import { InvalidS3Uri } from "./errors";

const SCHEME = "s3://";

export interface S3Address {
  bucket: string;
  key: string;
}

/**
 * Splits `s3://bucket/key` into its bucket and key. The key is taken literally, as the AWS CLI
 * does: no percent-decoding, so `s3://b/a%20b` names the key `a%20b`.
 */
export function parseS3Uri(uri: string): S3Address {
  const quoted = JSON.stringify(uri);
  if (!uri.startsWith(SCHEME)) {
    throw new InvalidS3Uri(`${quoted} is not an S3 URI: expected s3://bucket/key`);
  }
  const rest = uri.slice(SCHEME.length);
  const slash = rest.indexOf("/");
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? "" : rest.slice(slash + 1);
  if (bucket === "") {
    throw new InvalidS3Uri(`S3 URI ${quoted} has no bucket: expected s3://bucket/key`);
  }
  const problem = bucketNameProblem(bucket);
  if (problem) throw new InvalidS3Uri(`S3 URI ${quoted}: ${problem}`);
  if (key === "") {
    throw new InvalidS3Uri(`S3 URI ${quoted} has no key: expected s3://bucket/key`);
  }
  return { bucket, key };
}

export function formatS3Uri(bucket: string, key: string): string {
  return `${SCHEME}${bucket}/${key}`;
}
