import { join } from "node:path";
import { StagingError } from "./errors";

/**
 * The path of `name` (a `/`-separated path relative to the workspace) in `workspace`. An absolute
 * name or a `..` part would lead out of it: EscapesWorkspace, naming `what` (e.g. `output "x"`).
 */
export function pathInWorkspace(workspace: string, name: string, what: string): string {
  const quoted = JSON.stringify(name);
  if (name.startsWith("/")) {
    throw new StagingError("EscapesWorkspace", `${what}: ${quoted} is an absolute path; name a path inside the workspace`);
  }
  if (name.split("/").includes("..")) {
    throw new StagingError("EscapesWorkspace", `${what}: ${quoted} has a .. part, which would lead out of the workspace`);
  }
  return join(workspace, name);
}

/**
 * The file name an object lands on in the workspace: the last part of its key. Keys may end in
 * `/..` or `/.` in S3; such names would not be a file of the workspace.
 */
export function localNameOf(key: string, uri: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  if (name === "." || name === "..") {
    throw new StagingError("EscapesWorkspace", `${uri} would be saved as ${JSON.stringify(name)}, which is not a file in the workspace`);
  }
  return name;
}
