// Scatter steps on the repository side: the scatter Lambda (template job data and item file) and
// scatter-init (each branch's job data and folder). Expanding the sources is shared/scatter's job.
export { BRANCH_INDEX_DIGITS, ITEM_FILE_NAME, branchFolderName } from "./branchFolder";
export { parseBranchEvent, parseScatterEvent, type BranchRequest, type ScatterRequest } from "./events";
export { initializeBranch } from "./initializeBranch";
export { startScatter, type ScatterOutcome, type ScatterResult } from "./startScatter";
