import { formatS3Uri, parseS3Uri, type S3Address } from "../store";
import { bucketNameProblem } from "../store";
import { RepositoryError } from "./errors";
import { relativePathProblem } from "./names";

/** A folder of an S3 bucket that holds one execution's files (reference-system.md section e). */
export interface Repository {
  bucket: string;
  /** The folder's key prefix without a trailing `/`; empty for a bucket's root. */
  prefix: string;
  /** `s3://bucket/prefix` (or `s3://bucket` for the root), no trailing `/`. */
  uri: string;
}

const S3_SCHEME = "s3://";

/** `s3://bucket/prefix/` as a Repository: trailing `/`s are removed. */
export function repositoryFromUri(uri: string): Repository {
  const quoted = JSON.stringify(uri);
  if (!uri.startsWith(S3_SCHEME)) {
    throw new RepositoryError("InvalidRepository", `repository ${quoted} is not an S3 URI: expected s3://bucket/prefix`);
  }
  const trimmed = uri.replace(/\/+$/, "");
  const slash = trimmed.indexOf("/", S3_SCHEME.length);
  const bucket = slash === -1 ? trimmed.slice(S3_SCHEME.length) : trimmed.slice(S3_SCHEME.length, slash);
  const prefix = slash === -1 ? "" : trimmed.slice(slash + 1);
  if (bucket === "") {
    throw new RepositoryError("InvalidRepository", `repository ${quoted} has no bucket: expected s3://bucket/prefix`);
  }
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) throw new RepositoryError("InvalidRepository", `repository ${quoted}: ${bucketProblem}`);
  const pathProblem = prefix === "" ? undefined : relativePathProblem(prefix, { folder: false });
  if (pathProblem) throw new RepositoryError("InvalidRepository", `repository ${quoted} is not valid: its path ${pathProblem}`);
  return makeRepository(bucket, prefix);
}

/**
 * Where a name used in a step lives: an `s3://` URI is taken as it is; anything else is a path
 * relative to the repository, folders included (`sub/x.txt` is `<prefix>/sub/x.txt`; the reference
 * dropped the folders and read `<prefix>/x.txt`). A relative name must stay inside the repository.
 */
export function objectAddress(repo: Repository, name: string): S3Address {
  if (name.startsWith(S3_SCHEME)) return parseS3Uri(name);
  return { bucket: repo.bucket, key: keyIn(repo, name, { folder: true }) };
}

/** `objectAddress` as a URI; an `s3://` URI comes back unchanged. */
export function qualify(repo: Repository, name: string): string {
  if (name.startsWith(S3_SCHEME)) return name;
  return formatS3Uri(repo.bucket, keyIn(repo, name, { folder: true }));
}

/** The repository in the folder `name` of `repo` (a scatter step's, a branch's, a subpipe's). */
export function subRepository(repo: Repository, name: string): Repository {
  return makeRepository(repo.bucket, keyIn(repo, name.replace(/\/+$/, ""), { folder: false }));
}

/** The key of a relative path inside the repository, refusing paths that would leave it. */
export function keyIn(repo: Repository, name: string, { folder }: { folder: boolean }): string {
  const problem = relativePathProblem(name, { folder });
  if (problem) {
    throw new RepositoryError(
      "InvalidName",
      `${JSON.stringify(name)} is not a name inside the repository ${repo.uri}: ${problem}`,
    );
  }
  return repo.prefix === "" ? name : `${repo.prefix}/${name}`;
}

function makeRepository(bucket: string, prefix: string): Repository {
  return { bucket, prefix, uri: prefix === "" ? `${S3_SCHEME}${bucket}` : formatS3Uri(bucket, prefix) };
}
