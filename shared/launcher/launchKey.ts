import { CURRENT_ALIAS } from "../compiler/template";

/** Where the compiler puts files that are not job files (state machine definitions); never launches. */
export const TEMPORARY_FOLDER = "__tmp__/";

/**
 * `<workflow>[:<version-or-alias>]/<remainder>` as in the reference: a workflow name of letters,
 * digits and hyphens (a stack name), a version or alias of those and `_`, one or more slashes, and
 * a remainder that is not a folder.
 */
const LAUNCH_KEY = /^([A-Za-z0-9-]+)(?::([A-Za-z0-9_-]+))?\/+(.+)$/s;

export interface LaunchKey {
  workflow: string;
  /** The version number or alias to run: `current` unless the key names one. */
  qualifier: string;
  /** The key after the workflow folder: what names the execution. */
  remainder: string;
}

export type IgnoreReason = "folder" | "temporary" | "no-workflow";

export type ParsedKey = { launch: LaunchKey } | { ignored: IgnoreReason; message: string };

/** What a key in the launcher bucket launches, or why it launches nothing. */
export function parseLaunchKey(key: string): ParsedKey {
  if (key.startsWith(TEMPORARY_FOLDER)) {
    return { ignored: "temporary", message: `${key} is under ${TEMPORARY_FOLDER}, which holds no job files` };
  }
  if (key.endsWith("/")) return { ignored: "folder", message: `${key} is a folder, not a job file` };
  const match = LAUNCH_KEY.exec(key);
  if (!match) {
    return {
      ignored: "no-workflow",
      message: `${key} names no workflow: job files go under <workflow>/ or <workflow>:<version-or-alias>/`,
    };
  }
  const [, workflow, qualifier, remainder] = match;
  return { launch: { workflow, qualifier: qualifier ?? CURRENT_ALIAS, remainder } };
}
