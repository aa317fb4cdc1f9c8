import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, open, rename, stat, unlink, utimes } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { StagingError } from "../staging";

/** How often a holder refreshes its lock's modification time, to show it is alive. */
const LOCK_HEARTBEAT_MS = 5_000;
/** A lock not refreshed for this long (a dozen missed heartbeats) was left by a runner that died; it is broken. */
export const STALE_LOCK_MS = 60_000;
/** How often a waiter looks again; a download under the lock takes seconds at least, a link milliseconds. */
const LOCK_POLL_MS = 200;
/**
 * The longest a runner waits for another job's download of the same reference. A live holder
 * keeps its lock fresh, so this bounds waits on a download that hangs: half an hour carries a
 * 300 GB reference at instance network speed, and a job stuck longer fails with a clear error.
 */
export const LOCK_WAIT_MAX_MS = 30 * 60_000;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the lock file at `path` (created with O_EXCL, so one holder at a time across processes and
 * containers sharing the folder), waiting up to `waitMs` for another holder. A lock whose holder
 * stopped refreshing it for STALE_LOCK_MS is broken. `what` names the locked thing in the error.
 */
export async function acquireLock(path: string, what: string, waitMs = LOCK_WAIT_MAX_MS): Promise<HeldLock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = await tryLock(path);
    if (lock) return lock;
    const held = await stat(path).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
      await breakStaleLock(path, held.ino);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StagingError(
        "CacheLockTimeout",
        `${what} is locked by another job (${path}) and was not released within ${describeMs(waitMs)}; ` +
          `if no job is using it, delete the lock file`,
      );
    }
    await sleep(LOCK_POLL_MS);
  }
}

/** The lock at `path` if it is free now; undefined when another holds it. */
export async function tryLock(path: string): Promise<HeldLock | undefined> {
  let file;
  try {
    file = await open(path, "wx");
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return undefined;
    throw error;
  }
  let ino: number;
  try {
    await file.writeFile(`${hostname()} ${process.pid}\n`);
    ino = (await file.stat()).ino;
  } finally {
    await file.close();
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    async release() {
      clearInterval(heartbeat);
      // Only our own lock: had ours been broken as stale, the file may be another holder's now.
      const current = await stat(path).catch(() => undefined);
      if (current?.ino === ino) await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * Removes the stale lock with inode `ino`. Renaming is atomic, so of several waiters breaking it
 * only one succeeds; one that finds it renamed a fresh lock instead (taken since its check) puts it back.
 */
async function breakStaleLock(path: string, ino: number): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString("hex")}`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: another waiter broke it, or its holder released it
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved !== undefined && moved.ino !== ino) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function describeMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
