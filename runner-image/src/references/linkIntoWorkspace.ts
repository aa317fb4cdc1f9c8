import { constants } from "node:fs";
import { copyFile, link } from "node:fs/promises";
import { StagingError } from "../staging";

/** Errors of a hard link that a copy gets round: another file system, or one without hard links. */
const NO_HARD_LINK = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

/**
 * Puts `cached` into the workspace at `path` as a hard link (deleting the workspace leaves the cache
 * alone), or a copy where a link cannot be made. A file already at `path` is a NameClash.
 */
export async function linkIntoWorkspace(cached: string, path: string, uri: string): Promise<void> {
  try {
    try {
      await link(cached, path);
    } catch (error) {
      if (!NO_HARD_LINK.has((error as { code?: string }).code ?? "")) throw error;
      await copyFile(cached, path, constants.COPYFILE_EXCL);
    }
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new StagingError("NameClash", `reference ${uri} would overwrite ${path}, which is already there`, { cause: error });
    }
    throw error;
  }
}
