import type { JobFileRef } from "../launcher";
import type { Repository } from "../repository";
import { formatS3Uri } from "../store";

/**
 * Where a repository would make job files of its own files: the installation's launcher bucket
 * (any key there that starts `<name>/` launches workflow `<name>`), or, in the bucket the job file
 * came from, the job file's top folder (the reference's check, which also covers a launcher bucket
 * other than the installation's, as with a local store). The area's URI, or undefined when the
 * repository is outside both. Without this a run's copy of its job file would start the next run.
 */
export function launcherAreaOf(repo: Repository, jobFile: JobFileRef, launcherBucket: string): string | undefined {
  if (repo.bucket === launcherBucket) return `the launcher bucket s3://${launcherBucket}/`;
  const jobFolder = topFolder(jobFile.key);
  if (repo.bucket === jobFile.bucket && jobFolder !== undefined && topFolder(`${repo.prefix}/`) === jobFolder) {
    return `the launcher folder ${formatS3Uri(jobFile.bucket, `${jobFolder}/`)}`;
  }
  return undefined;
}

/** The first segment of a key that has a folder; undefined for a key at the bucket's top. */
function topFolder(key: string): string | undefined {
  const slash = key.indexOf("/");
  return slash <= 0 ? undefined : key.slice(0, slash);
}
