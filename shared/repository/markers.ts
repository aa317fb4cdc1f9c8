import type { ObjectStore } from "../store";
import { keyIn, type Repository } from "./repository";
import { SYSTEM_TAGS } from "./systemTags";

/** The folder of control files; the runner's task role may delete only here. */
const CONTROL_FOLDER = "_control_";
const MARKER_SUFFIX = ".complete";

/** The key of a step's completion marker: `<prefix>/_control_/<step>.complete`. */
export function markerKey(repo: Repository, stepName: string): string {
  return keyIn(repo, `${CONTROL_FOLDER}/${stepName}${MARKER_SUFFIX}`, { folder: false });
}

/** Records that `stepName` succeeded in this repository, in execution `executionId`. */
export async function writeMarker(store: ObjectStore, repo: Repository, stepName: string, executionId: string): Promise<void> {
  await store.put(repo.bucket, markerKey(repo, stepName), "", {
    metadata: { execution_id: executionId },
    tags: { ...SYSTEM_TAGS },
  });
}

export async function markerExists(store: ObjectStore, repo: Repository, stepName: string): Promise<boolean> {
  return (await store.head(repo.bucket, markerKey(repo, stepName))) !== null;
}

/** Removes the marker, if any: a step about to run again has not completed. */
export async function clearMarker(store: ObjectStore, repo: Repository, stepName: string): Promise<void> {
  await store.delete(repo.bucket, markerKey(repo, stepName));
}
