/**
 * Branch folders are named by the branch's index, zero-padded to 5 digits as in the reference
 * (`00000`, `00001`, ...), because users' workflows and tools name those folders. An index of
 * 100,000 or more keeps all its digits (`100000`): every index still has its own folder, but past
 * 99,999 a plain key listing no longer shows them in branch order; gather orders by index, not by name.
 */
export const BRANCH_INDEX_DIGITS = 5;

export function branchFolderName(index: number): string {
  return String(index).padStart(BRANCH_INDEX_DIGITS, "0");
}

/** The scatter step's JSON Lines file of items, one object per branch, in its repository. */
export const ITEM_FILE_NAME = "items.jsonl";
