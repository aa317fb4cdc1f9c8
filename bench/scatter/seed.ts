// Test data for bench/scatter: written before anything is measured, by the process that runs the server.
import { createHash } from "node:crypto";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import type { ObjectStore } from "../../shared/store";

/** Files written at once while seeding keys: enough to keep the disk busy, few enough for a 2-core machine. */
const SEED_WRITES_IN_FLIGHT = 64;
/** Lines per generated chunk of a big file. */
const LINES_PER_CHUNK = 10_000;

/**
 * The folder of `bucket` inside the s3rver that tests/support/s3server.ts started: its temporary
 * folder is not handed out, but it is `<tmpdir>/stepbatch-s3rver-*` and holds one folder per bucket,
 * so a bucket name no other server has finds it.
 */
export async function s3rverBucketFolder(bucket: string): Promise<string> {
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith("stepbatch-s3rver-")) continue;
    const folder = join(tmpdir(), name, bucket);
    if (await stat(folder).then((s) => s.isDirectory(), () => false)) return folder;
  }
  throw new Error(`no s3rver folder holds the bucket ${bucket}`);
}

/**
 * Writes objects straight into s3rver's folder, as its filesystem store keeps them
 * (node_modules/s3rver/lib/stores/filesystem.js): the content in `<key>._S3rver_object` and its
 * MD5 beside it in `.md5` (which s3rver would otherwise work out, and write, on the first listing).
 * A hundred thousand puts through the server would take many minutes.
 */
export async function seedKeysInS3rver(bucketFolder: string, keys: string[]): Promise<void> {
  const content = "x";
  const md5 = createHash("md5").update(content).digest("hex");
  const folders = new Set(keys.map((key) => dirname(join(bucketFolder, key))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (let at = 0; at < keys.length; at += SEED_WRITES_IN_FLIGHT) {
    await Promise.all(
      keys.slice(at, at + SEED_WRITES_IN_FLIGHT).map(async (key) => {
        const path = join(bucketFolder, `${key}._S3rver_object`);
        await writeFile(path, content);
        await writeFile(`${path}.md5`, md5);
      }),
    );
  }
}

/** Puts a file of `count` lines that `line(i)` makes, generated as it uploads. */
export async function putGeneratedLines(store: ObjectStore, bucket: string, key: string, count: number, line: (i: number) => string): Promise<void> {
  async function* chunks() {
    for (let from = 0; from < count; from += LINES_PER_CHUNK) {
      let text = "";
      for (let i = from; i < Math.min(count, from + LINES_PER_CHUNK); i++) text += `${line(i)}\n`;
      yield Buffer.from(text);
    }
  }
  await store.put(bucket, key, Readable.from(chunks(), { objectMode: false }));
}
