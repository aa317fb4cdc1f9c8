import { NoSuchKey, type ObjectStore } from "../store";
import { StepLambdaError, describeLocation, type Location } from "./errors";
import type { FileRef } from "./fileIn";

/** The parsed JSON of a file; a missing file or text that is not JSON is an error naming the file and where it was named. */
export async function readJsonFile(store: ObjectStore, { uri, bucket, key }: FileRef, where: Location): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await store.getBytes(bucket, key);
  } catch (error) {
    if (error instanceof NoSuchKey) throw new StepLambdaError("MissingFile", `${describeLocation(where)}: ${uri} does not exist`, { cause: error });
    throw error;
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new StepLambdaError("BadJson", `${describeLocation(where)}: ${uri} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
