import { RepositoryError, objectAddress, type Repository } from "../repository";
import { InvalidS3Uri, formatS3Uri } from "../store";
import { StepLambdaError, describeLocation, type Location } from "./errors";

/** A file a step names, located: its URI, and the bucket and key to read or write it. */
export interface FileRef {
  uri: string;
  bucket: string;
  key: string;
}

/**
 * Where the file `name` of a step field lives: an s3:// URI as it is, any other name inside `repo`.
 * A name that locates no object (an s3:// URI without a key, a relative name leaving the repository)
 * is a BadName error naming the step and field.
 */
export function fileIn(repo: Repository, name: string, where: Location): FileRef {
  try {
    const { bucket, key } = objectAddress(repo, name);
    return { uri: formatS3Uri(bucket, key), bucket, key };
  } catch (error) {
    if (!(error instanceof InvalidS3Uri || error instanceof RepositoryError)) throw error;
    throw new StepLambdaError("BadName", `${describeLocation(where)}: ${error.message}`, { cause: error });
  }
}
