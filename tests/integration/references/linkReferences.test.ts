import { mkdir, readFile, readdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parseS3Uri } from "../../../shared/store";
import { linkReferences, STALE_LOCK_MS } from "../../../runner-image/src/references";
import type { StagingError } from "../../../runner-image/src/staging";
import { BUCKET, OTHER_BUCKET, describeOnEachStore, failureOf } from "../stepLambdas/stores";
import { freshFolder } from "../staging/workspace";

describeOnEachStore("linkReferences", (context) => {
  let count = 0;
  /** A new reference object with this content, as an s3:// URI. */
  const reference = async (name: string, body: string) => {
    const uri = `s3://${OTHER_BUCKET}/refs/${++count}/${name}`;
    await context.put(uri, body);
    return uri;
  };
  const etagOf = async (uri: string) => (await context.store.head(parseS3Uri(uri).bucket, parseS3Uri(uri).key))!.etag;
  const link = async (references: Record<string, string>, cacheDir: string, more: { maxCacheBytes?: number; lockWaitMs?: number } = {}) => {
    const workspace = await freshFolder();
    const result = await linkReferences({ store: context.store, references, workspace, cacheDir, ...more });
    return { workspace, ...result };
  };

  it("downloads into <cache>/<etag>/<name> and hard-links the file into the workspace", async () => {
    const cacheDir = join(await freshFolder("cache"), "refs");
    const genome = await reference("genome.fa", ">chr1\nACGT\n");

    const { workspace, localNames, fetched } = await link({ genome }, cacheDir);

    const cached = join(cacheDir, await etagOf(genome), "genome.fa");
    expect(localNames).toEqual({ genome: "genome.fa" });
    expect(fetched).toEqual([genome]);
    expect(await readFile(join(workspace, "genome.fa"), "utf8")).toBe(">chr1\nACGT\n");
    expect((await stat(join(workspace, "genome.fa"))).ino).toBe((await stat(cached)).ino);
  });

  it("links from the cache on later uses, and caches a new version of the object anew", async () => {
    const cacheDir = await freshFolder("cache");
    const genome = await reference("genome.fa", "v1");
    await link({ genome }, cacheDir);

    const again = await link({ genome }, cacheDir);
    expect(again.fetched).toEqual([]);
    expect(await readFile(join(again.workspace, "genome.fa"), "utf8")).toBe("v1");

    await context.put(genome, "v2");
    const updated = await link({ genome }, cacheDir);
    expect(updated.fetched).toEqual([genome]);
    expect(await readFile(join(updated.workspace, "genome.fa"), "utf8")).toBe("v2");
  });

  it("downloads once when two jobs link the same reference at the same time", async () => {
    const cacheDir = await freshFolder("cache");
    const genome = await reference("genome.fa", "x".repeat(512 * 1024));

    const results = await Promise.all([link({ genome }, cacheDir), link({ genome }, cacheDir)]);

    expect(results.flatMap((result) => result.fetched)).toEqual([genome]);
    for (const { workspace } of results) expect((await stat(join(workspace, "genome.fa"))).size).toBe(512 * 1024);
    expect((await readdir(cacheDir)).sort()).toEqual([await etagOf(genome)]);
  });

  it("copies where the workspace is on another file system than the cache", async () => {
    const cacheDir = await freshFolder("cache");
    const workspace = await freshFolder("workspace", "/dev/shm");
    const genome = await reference("genome.fa", "copied");

    await linkReferences({ store: context.store, references: { genome }, workspace, cacheDir });

    expect(await readFile(join(workspace, "genome.fa"), "utf8")).toBe("copied");
    expect((await stat(join(workspace, "genome.fa"))).dev).not.toBe((await stat(cacheDir)).dev);
  });

  it("fails on a missing reference, naming it", async () => {
    const error = await failureOf(link({ gone: `s3://${BUCKET}/refs/none/gone.fa` }, await freshFolder("cache")));
    expect((error as StagingError).code).toBe("MissingInput");
    expect(error.message).toBe(`reference s3://${BUCKET}/refs/none/gone.fa does not exist`);
  });

  it("refuses two references with one file name, and a file already in the workspace", async () => {
    const cacheDir = await freshFolder("cache");
    const [a, b] = [await reference("same.fa", "a"), await reference("same.fa", "b")];
    const clash = await failureOf(link({ a, b }, cacheDir));
    expect((clash as StagingError).code).toBe("NameClash");
    expect(clash.message).toContain(`references ${a} and ${b} would both be saved as same.fa`);

    const workspace = await freshFolder();
    await writeFile(join(workspace, "same.fa"), "mine");
    const taken = await failureOf(linkReferences({ store: context.store, references: { a }, workspace, cacheDir }));
    expect((taken as StagingError).code).toBe("NameClash");
    expect(await readFile(join(workspace, "same.fa"), "utf8")).toBe("mine");
  });

  it("breaks a lock its holder stopped refreshing, and gives up with a clear error on one still held", async () => {
    const cacheDir = await freshFolder("cache");
    const genome = await reference("genome.fa", "locked");
    const lock = join(cacheDir, `${await etagOf(genome)}.lock`);
    await writeFile(lock, "a runner that died");
    const past = new Date(Date.now() - STALE_LOCK_MS - 1000);
    await utimes(lock, past, past);

    expect((await link({ genome }, cacheDir, { lockWaitMs: 2000 })).fetched).toEqual([genome]);

    await writeFile(lock, "a runner still downloading");
    const error = await failureOf(link({ genome }, cacheDir, { lockWaitMs: 300 }));
    expect((error as StagingError).code).toBe("CacheLockTimeout");
    expect(error.message).toContain(`the cache entry for ${genome} is locked by another job (${lock}) and was not released within 300 ms`);
  });

  it("evicts the least recently used entries beyond the size bound, never one in use", async () => {
    const cacheDir = await freshFolder("cache");
    const refs = [];
    for (const name of ["a", "b", "c", "d"]) refs.push(await reference(`${name}.dat`, name.repeat(1000)));
    const entries = await Promise.all(refs.map(etagOf));
    // Used in the order a, b, c; then a again, so b is the least recently used.
    for (const uri of refs.slice(0, 3)) await link({ ref: uri }, cacheDir);
    await link({ ref: refs[0] }, cacheDir);
    await setEntryTimes(cacheDir, [entries[1], entries[2], entries[0]]);

    await link({ ref: refs[3] }, cacheDir, { maxCacheBytes: 3000 });
    expect((await readdir(cacheDir)).sort()).toEqual([entries[0], entries[2], entries[3]].sort());

    // c is next in line, but a job is linking from it right now.
    await writeFile(join(cacheDir, `${entries[2]}.lock`), "busy");
    await link({ ref: refs[1] }, cacheDir, { maxCacheBytes: 3000 });
    expect((await readdir(cacheDir)).filter((name) => !name.endsWith(".lock")).sort()).toEqual([entries[1], entries[2], entries[3]].sort());
  });
});

/** Spreads the entries' last-use times a second apart, oldest first, so that uses within one millisecond keep their order. */
async function setEntryTimes(cacheDir: string, byUse: string[]): Promise<void> {
  const start = Date.now() / 1000 - 100;
  for (const [index, entry] of byUse.entries()) {
    await mkdir(join(cacheDir, entry), { recursive: true });
    await utimes(join(cacheDir, entry), start + index, start + index);
  }
}
