import { readdir, rm, stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { entryFolder, entryLock } from "./cacheLayout";
import { tryLock } from "./cacheLock";

/**
 * The cache's default share of the file system it lives on. Jobs' workspaces share the scratch
 * volume with it (reference-system.md d.11); half leaves them the other half.
 */
export const DEFAULT_CACHE_SHARE = 0.5;

interface Entry {
  name: string;
  bytes: number;
  lastUsedMs: number;
}

/** The default size bound of a cache in `cacheDir`: DEFAULT_CACHE_SHARE of its file system. */
export async function defaultCacheBytes(cacheDir: string): Promise<number> {
  const fs = await statfs(cacheDir);
  return Math.floor(fs.blocks * fs.bsize * DEFAULT_CACHE_SHARE);
}

/**
 * Removes the least recently used entries until the cache holds at most `maxBytes`. An entry whose
 * lock is held (being filled or linked from, by any job) is passed over, and so is one used since
 * it was measured. Resolves to the names of the entries removed.
 */
export async function evictCache(cacheDir: string, maxBytes: number): Promise<string[]> {
  const entries = await measureEntries(cacheDir);
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const evicted: string[] = [];
  for (const entry of entries.sort((a, b) => a.lastUsedMs - b.lastUsedMs)) {
    if (total <= maxBytes) break;
    const lock = await tryLock(entryLock(cacheDir, entry.name));
    if (!lock) continue;
    try {
      const folder = entryFolder(cacheDir, entry.name);
      const now = await stat(folder).catch(() => undefined);
      if (now === undefined || now.mtimeMs !== entry.lastUsedMs) continue;
      await rm(folder, { recursive: true, force: true });
      total -= entry.bytes;
      evicted.push(entry.name);
    } finally {
      await lock.release();
    }
  }
  return evicted;
}

async function measureEntries(cacheDir: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const dirent of await readdir(cacheDir, { withFileTypes: true })) {
    if (!dirent.isDirectory()) continue;
    const folder = entryFolder(cacheDir, dirent.name);
    const folderStat = await stat(folder).catch(() => undefined);
    if (!folderStat) continue;
    let bytes = 0;
    for (const file of await readdir(folder).catch(() => [] as string[])) {
      bytes += (await stat(join(folder, file)).catch(() => undefined))?.size ?? 0;
    }
    entries.push({ name: dirent.name, bytes, lastUsedMs: folderStat.mtimeMs });
  }
  return entries;
}
