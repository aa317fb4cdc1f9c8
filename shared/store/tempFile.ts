import { createHash, randomBytes } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { mkdir, open, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TEMP_PREFIX } from "./directoryLayout";
import { isMissing } from "./fsErrors";

/**
 * A delete removes the folders it leaves empty, so a folder made for a write can vanish again before
 * the write opens its file there. That needs a delete to empty the folder just then; making it anew
 * a couple of times gets through.
 */
const MAX_OPEN_ATTEMPTS = 3;

export interface TempFile {
  path: string;
  /** MD5 hex of what was written. */
  etag: string;
  size: number;
  /** Identity and times, which the rename that publishes the file keeps. */
  stat: BigIntStats;
}

/**
 * Writes `body` to a new file in `folder` under a temporary name, for the caller to rename into
 * place; on failure nothing is left behind. Where `folder` is missing, `makeFolder` makes it
 * (by default with its parents): most writes go to folders that exist, and skip that work.
 */
export async function writeTempFile(
  folder: string,
  body: Readable,
  makeFolder: () => Promise<unknown> = () => mkdir(folder, { recursive: true }),
): Promise<TempFile> {
  const path = join(folder, TEMP_PREFIX + randomBytes(8).toString("hex"));
  const handle = await openNew(path, makeFolder);
  const hash = createHash("md5");
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    // The write stream closes the handle when it ends, whether the pipeline succeeds or fails.
    await pipeline(body, measure, handle.createWriteStream());
    return { path, etag: hash.digest("hex"), size, stat: await stat(path, { bigint: true }) };
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

async function openNew(path: string, makeFolder: () => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open(path, "wx");
    } catch (error) {
      if (!isMissing(error) || attempt === MAX_OPEN_ATTEMPTS) throw error;
    }
    await makeFolder();
  }
}
