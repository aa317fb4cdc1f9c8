import { randomBytes } from "node:crypto";
import { access, chmod, mkdir, readdir, rename, rm, utimes } from "node:fs/promises";
import { join } from "node:path";
import type { ReferencesArgument } from "../../../shared/compiler/runner";
import { mapConcurrently } from "../../../shared/stepLambdas";
import { parseS3Uri, type ObjectStore } from "../../../shared/store";
import { StagingError, TRANSFER_CONCURRENCY } from "../staging";
import { downloadToFile, type StoredObject } from "../staging/download";
import { withRetries } from "../staging/retry";
import { localNameOf } from "../staging/workspacePath";
import { PART_PREFIX, entryFolder, entryLock, entryName } from "./cacheLayout";
import { LOCK_WAIT_MAX_MS, acquireLock } from "./cacheLock";
import { defaultCacheBytes, evictCache } from "./evictCache";
import { linkIntoWorkspace } from "./linkIntoWorkspace";

/** Cached files are read-only, so that a command writing into its linked copy fails instead of changing every job's copy. */
const CACHED_FILE_MODE = 0o444;

export interface LinkReferencesOptions {
  store: ObjectStore;
  /** `--references` (symbol → s3:// URI), with `${job.x}` etc. already substituted by the caller. */
  references: ReferencesArgument;
  workspace: string;
  /** The host's cache folder, shared by all jobs on the host; made if missing. */
  cacheDir: string;
  /** The cache's size bound; by default DEFAULT_CACHE_SHARE of its file system. */
  maxCacheBytes?: number;
  /** The longest wait for another job's lock on an entry; LOCK_WAIT_MAX_MS by default. */
  lockWaitMs?: number;
}

export interface LinkedReferences {
  /** Symbol → the file's name in the workspace. */
  localNames: Record<string, string>;
  /** The references this call downloaded into the cache; the others were there already. */
  fetched: string[];
}

interface Reference {
  uri: string;
  name: string;
  object: StoredObject & { etag: string };
}

/**
 * Puts the step's references into the workspace from the host's cache (reference-system.md d.5),
 * downloading each object version once per host: one job downloads under the entry's lock while
 * others wait for it, then each hard-links the file into its workspace. Afterwards the cache is cut
 * back to its size bound, least recently used entries first.
 */
export async function linkReferences(options: LinkReferencesOptions): Promise<LinkedReferences> {
  const { store, workspace, cacheDir } = options;
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MAX_MS;
  const byName = new Map<string, string>();
  const localNames: Record<string, string> = {};
  for (const [symbol, uri] of Object.entries(options.references)) {
    const { key } = parseS3Uri(uri);
    const name = localNameOf(key, uri);
    if (name === "") throw new StagingError("MissingInput", `reference ${symbol}: ${uri} names a folder, not a file`);
    const other = byName.get(name);
    if (other !== undefined && other !== uri) {
      throw new StagingError("NameClash", `references ${other} and ${uri} would both be saved as ${name} in the workspace; rename one of them`);
    }
    byName.set(name, uri);
    localNames[symbol] = name;
  }

  const references = await mapConcurrently([...byName.entries()], TRANSFER_CONCURRENCY, async ([name, uri]) => {
    const { bucket, key } = parseS3Uri(uri);
    const info = await withRetries(`look up reference ${uri}`, () => store.head(bucket, key));
    if (info === null) throw new StagingError("MissingInput", `reference ${uri} does not exist`);
    return { uri, name, object: { bucket, key, size: info.size, etag: info.etag, versionId: info.versionId } };
  });

  await mkdir(cacheDir, { recursive: true });
  const fetched: string[] = [];
  await mapConcurrently(references, TRANSFER_CONCURRENCY, async (reference) => {
    const entry = entryName(reference.object.etag);
    const lock = await acquireLock(entryLock(cacheDir, entry), `the cache entry for ${reference.uri}`, lockWaitMs);
    try {
      const folder = entryFolder(cacheDir, entry);
      const cached = join(folder, reference.name);
      if (!(await exists(cached))) {
        await fillEntry(store, reference, folder);
        fetched.push(reference.uri);
      }
      const now = new Date();
      await utimes(folder, now, now);
      await linkIntoWorkspace(cached, join(workspace, reference.name), reference.uri);
    } finally {
      await lock.release();
    }
  });

  // Only new entries grow the cache past its bound.
  if (fetched.length > 0) await evictCache(cacheDir, options.maxCacheBytes ?? (await defaultCacheBytes(cacheDir)));
  return { localNames, fetched };
}

/** Downloads the reference into its entry under a temporary name, then renames it into place once verified. */
async function fillEntry(store: ObjectStore, reference: Reference, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  // Parts left by a job that died mid-download, whose lock has since been broken.
  for (const file of await readdir(folder)) {
    if (file.startsWith(PART_PREFIX)) await rm(join(folder, file), { force: true });
  }
  const part = join(folder, PART_PREFIX + randomBytes(8).toString("hex"));
  await downloadToFile(store, reference.object, part);
  await chmod(part, CACHED_FILE_MODE);
  await rename(part, join(folder, reference.name));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
