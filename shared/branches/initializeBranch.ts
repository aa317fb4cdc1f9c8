import { readJobData, subRepository, writeJobData, type Repository } from "../repository";
import type { ObjectStore } from "../store";
import { branchFolderName } from "./branchFolder";
import type { BranchRequest } from "./events";

/**
 * A branch's first state: its job data is the scatter step's template with the branch's item merged
 * into `scatter`, written to `<scatter repo>/<index, 5 digits>/_JOB_DATA_`. Returns the branch's
 * repository, where the branch's steps then run.
 */
export async function initializeBranch(store: ObjectStore, request: BranchRequest): Promise<Repository> {
  const template = await readJobData(store, request.scatterRepo);
  const branchRepo = subRepository(request.scatterRepo, branchFolderName(request.index));
  await writeJobData(store, branchRepo, { ...template, scatter: { ...template.scatter, ...request.item } });
  return branchRepo;
}
