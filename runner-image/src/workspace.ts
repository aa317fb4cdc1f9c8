import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { RunnerError } from "./errors";

/** The scratch folder that workspaces and the reference cache live in, and where the host's Docker engine finds it. */
export interface ScratchLayout {
  /** As the runner sees it (BC_SCRATCH_PATH, `/_bclaw_scratch` on Batch). */
  root: string;
  /**
   * As the host sees it: the scratch volume's source (`/scratch` on Batch), which is what a bind
   * mount of a sibling container must name. The same as `root` when the runner runs on the host.
   */
  hostRoot: string;
}

/** A bind mount of the runner's container, as ECS task metadata lists it. */
export interface VolumeMount {
  source: string;
  destination: string;
}

/** One job's folder under the scratch root. */
export interface Workspace {
  path: string;
  /** `path` as the host's Docker engine sees it. */
  hostPath: string;
  /** Removes the folder and everything in it. */
  remove(): Promise<void>;
}

/** Where workspaces begin their names, so that a look at a crowded scratch disk tells them from cache entries. */
const WORKSPACE_PREFIX = "workspace-";
/** The reference cache's folder under the scratch root: on the same file system as the workspaces, so its files can be hard-linked into them. */
const REFERENCE_CACHE_FOLDER = "reference-cache";

/**
 * The scratch layout: `scratchPath` (the system's temp folder when unset), seen by the host at
 * `hostScratchPath` when given, else at the source of the runner's bind mount of it (ECS task
 * metadata `Volumes`), else at the same path (the runner runs on the host).
 */
export function scratchLayout(options: { scratchPath?: string; hostScratchPath?: string; volumes?: readonly VolumeMount[] }): ScratchLayout {
  const root = resolve(options.scratchPath ?? tmpdir());
  const mounted = options.volumes?.find((volume) => resolve(volume.destination) === root);
  return { root, hostRoot: options.hostScratchPath ?? mounted?.source ?? root };
}

export function referenceCacheDir(layout: ScratchLayout): string {
  return join(layout.root, REFERENCE_CACHE_FOLDER);
}

/** A new, empty workspace under the scratch root (made if missing). */
export async function createWorkspace(layout: ScratchLayout): Promise<Workspace> {
  await mkdir(layout.root, { recursive: true });
  const path = await mkdtemp(join(layout.root, WORKSPACE_PREFIX));
  return { path, hostPath: hostPathOf(path, layout), remove: () => rm(path, { recursive: true, force: true }) };
}

/** A path under the scratch root as the host sees it. */
export function hostPathOf(path: string, layout: ScratchLayout): string {
  const inside = relative(layout.root, resolve(path));
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new RunnerError("ScratchVolume", `${path} is not under the scratch folder ${layout.root}, so the host cannot be told where it is`);
  }
  return join(layout.hostRoot, inside);
}
