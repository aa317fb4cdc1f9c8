import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, posix, sep } from "node:path";
import { globRegExp, isGlob, literalPrefix } from "../../../shared/scatter";
import { StagingError } from "./errors";
import { pathInWorkspace } from "./workspacePath";

/**
 * The files of the workspace that the output path `pattern` names, as paths relative to the
 * workspace, sorted. A glob matches as in S3 keys (shared/scatter/glob.ts): `*` and `?` within one
 * folder, `**` across folders. A walk below `**` does not follow links to folders (a link loop would
 * never end); a matched file that is a link must point inside the workspace, or the runner would
 * upload files of its own host.
 */
export async function findOutputFiles(workspace: string, pattern: string, symbol: string): Promise<string[]> {
  const what = `output ${symbol}`;
  pathInWorkspace(workspace, pattern, what);
  const normalised = posix.normalize(pattern).replace(/^\.\//, "");
  const matches = isGlob(normalised) ? await walkMatches(workspace, normalised, what) : await exactMatch(workspace, normalised);
  const root = await realpath(workspace);
  for (const match of matches) {
    const target = await realpath(join(workspace, match));
    if (!target.startsWith(root + sep)) {
      throw new StagingError("EscapesWorkspace", `${what}: ${match} is a link to ${target}, outside the workspace`);
    }
  }
  return matches;
}

async function exactMatch(workspace: string, name: string): Promise<string[]> {
  const found = await stat(join(workspace, name)).catch(() => undefined);
  return found?.isFile() ? [name] : [];
}

async function walkMatches(workspace: string, pattern: string, what: string): Promise<string[]> {
  let matcher: RegExp;
  try {
    matcher = globRegExp(pattern);
  } catch (error) {
    throw new StagingError("InvalidPattern", `${what}: the glob ${JSON.stringify(pattern)} is not valid: ${(error as Error).message}`);
  }
  const literal = literalPrefix(pattern);
  const start = literal.slice(0, literal.lastIndexOf("/") + 1);
  const recursive = pattern.includes("**");
  // Without `**`, a match is exactly as many folders deep as the pattern.
  const maxDepth = recursive ? Infinity : pattern.split("/").length - start.split("/").length;
  const matches: string[] = [];

  async function walk(folder: string, depth: number): Promise<void> {
    const entries: Dirent[] = await readdir(join(workspace, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = folder + entry.name;
      const kind = await kindOf(join(workspace, path), entry, { followFolders: !recursive });
      if (kind === "folder" && depth < maxDepth) await walk(`${path}/`, depth + 1);
      if (kind === "file" && matcher.test(path)) matches.push(path);
    }
  }
  await walk(start, 0);
  return matches.sort();
}

async function kindOf(path: string, entry: Dirent, { followFolders }: { followFolders: boolean }): Promise<"file" | "folder" | undefined> {
  if (entry.isDirectory()) return "folder";
  if (entry.isFile()) return "file";
  if (!entry.isSymbolicLink()) return undefined;
  const target = await stat(path).catch(() => undefined);
  if (target?.isFile()) return "file";
  return target?.isDirectory() && followFolders ? "folder" : undefined;
}
