import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryStore, InvalidInput, KeyConflict, NoSuchBucket, NoSuchKey, compareKeys } from "../../../shared/store";
import { describeObjectStoreContract, failureOf } from "./contract";

async function makeRoot(bucket: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-store-"));
  await mkdir(join(root, bucket));
  return root;
}

describeObjectStoreContract("DirectoryStore", async () => {
  const root = await makeRoot("contract");
  return {
    store: new DirectoryStore(root),
    bucket: "contract",
    missingBucket: "no-such-bucket",
    versionsEveryPut: true,
    stop: () => rm(root, { recursive: true, force: true }),
  };
});

describe("DirectoryStore on disk", () => {
  const bucket = "data";
  let root: string;
  let store: DirectoryStore;
  const keysIn = async (prefix: string) => {
    const keys: string[] = [];
    for await (const entry of store.list(bucket, { prefix })) if ("key" in entry) keys.push(entry.key);
    return keys;
  };

  beforeAll(async () => {
    root = await makeRoot(bucket);
    store = new DirectoryStore(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("keeps each object as the plain file <root>/<bucket>/<key>", async () => {
    await store.put(bucket, "plain/sample one.txt", "one");
    expect(await readFile(join(root, bucket, "plain", "sample one.txt"), "utf8")).toBe("one");
  });

  it("serves files that other tools put in the folder, with no metadata and the MD5 as ETag", async () => {
    await mkdir(join(root, bucket, "seeded"), { recursive: true });
    await writeFile(join(root, bucket, "seeded", "reads.fastq"), "@r1\nACGT\n+\n!!!!\n");

    expect((await store.getBytes(bucket, "seeded/reads.fastq")).toString()).toBe("@r1\nACGT\n+\n!!!!\n");
    expect(await store.head(bucket, "seeded/reads.fastq")).toMatchObject({
      size: 16,
      etag: createHash("md5").update("@r1\nACGT\n+\n!!!!\n").digest("hex"),
      metadata: {},
    });
    expect(await keysIn("seeded/")).toEqual(["seeded/reads.fastq"]);
    await store.putTags(bucket, "seeded/reads.fastq", { source: "user" });
    expect(await store.getTags(bucket, "seeded/reads.fastq")).toEqual({ source: "user" });
  });

  it("shows neither its records nor temporary files in listings, whatever the keys look like", async () => {
    const keys = ["names/a", "names/a.d/x", "names/a.json/y", "names/a.m", "names/b/.m", "names/b/c.d"];
    for (const key of keys) await store.put(bucket, key, key, { metadata: { key: "yes" }, tags: { k: "v" } });

    expect(await keysIn("names/")).toEqual([...keys].sort(compareKeys));
    for (const key of keys) expect((await store.head(bucket, key))!.metadata).toEqual({ key: "yes" });
    expect(await readdir(join(root, bucket, "names"))).toEqual(["a", "a.d", "a.json", "a.m", "b"]);
  });

  it("lists keys in UTF-8 byte order, as S3 does", async () => {
    const keys = ["order/a-b", "order/a/b", "order/a0", "order/Z", "order/é", "order/\uFFFD", "order/😀"];
    for (const key of keys) await store.put(bucket, key, "");

    const byteOrder = [...keys].sort(compareKeys);
    expect(byteOrder).not.toEqual([...keys].sort()); // UTF-16 order differs, so this test tells them apart
    expect(await keysIn("order/")).toEqual(byteOrder);
  });

  it("refuses keys that a folder tree cannot hold", async () => {
    for (const key of ["up/../escape", "./here", "a//b", "/rooted", "tmp/.stepbatch-tmp-x", `long/${"x".repeat(254)}`]) {
      const error = await failureOf(store.put(bucket, key, "x"));
      expect(error).toBeInstanceOf(InvalidInput);
      expect(error.message).toContain(`s3://${bucket}/${key} cannot be stored in a directory store`);
    }
    expect(await readdir(join(root, bucket))).not.toContain("escape");
  });

  it("refuses a key whose folder is an object, and an object where a folder holds keys", async () => {
    await store.put(bucket, "conflict/file", "x");
    const underFile = await failureOf(store.put(bucket, "conflict/file/child", "y"));
    expect(underFile).toBeInstanceOf(KeyConflict);
    expect(underFile.message).toContain(`s3://${bucket}/conflict/file is an object`);

    await store.put(bucket, "conflict/dir/child", "y");
    const overFolder = await failureOf(store.put(bucket, "conflict/dir", "x"));
    expect(overFolder).toBeInstanceOf(KeyConflict);
    expect(overFolder.message).toContain(`s3://${bucket}/conflict/dir/ is a folder holding other objects`);

    // Deleting the last key beneath a folder frees its name.
    await store.delete(bucket, "conflict/dir/child");
    await store.put(bucket, "conflict/dir", "now a file");
    expect((await store.getBytes(bucket, "conflict/dir")).toString()).toBe("now a file");
  });

  it("removes folders a delete leaves empty, but keeps folder objects", async () => {
    await store.put(bucket, "tidy/a/b/c.txt", "c");
    await store.put(bucket, "kept/folder/", "");
    await store.put(bucket, "kept/folder/x.txt", "x");

    await store.delete(bucket, "tidy/a/b/c.txt");
    await store.delete(bucket, "kept/folder/x.txt");
    expect(await readdir(join(root, bucket))).not.toContain("tidy");
    expect(await readdir(join(root, bucket, "kept"))).toEqual(["folder"]);
    expect(await store.head(bucket, "kept/folder/")).not.toBeNull();
  });

  it("keeps only the current version, and another tool's write makes a new one", async () => {
    const first = await store.put(bucket, "versions/job.json", "1");
    await store.put(bucket, "versions/job.json", "2");

    const old = await failureOf(store.getBytes(bucket, "versions/job.json", { versionId: first.versionId }));
    expect(old).toBeInstanceOf(NoSuchKey);
    expect(old.message).toBe(`s3://${bucket}/versions/job.json version ${first.versionId} does not exist`);
    expect(await store.head(bucket, "versions/job.json", { versionId: first.versionId })).toBeNull();

    const before = (await store.head(bucket, "versions/job.json"))!.versionId;
    await writeFile(join(root, bucket, "versions", "job.json"), "3");
    expect((await store.head(bucket, "versions/job.json"))!.versionId).not.toBe(before);
  });

  it("never lets a reader see part of an object being replaced", async () => {
    const size = 4 * 1024 * 1024;
    const contents = [Buffer.alloc(size, "a"), Buffer.alloc(size, "b")];
    await store.put(bucket, "atomic/blob", contents[0]);

    const writes = (async () => {
      for (let i = 1; i <= 20; i++) await store.put(bucket, "atomic/blob", contents[i % 2]);
    })();
    const seen = new Set<string>();
    let done = false;
    void writes.finally(() => (done = true));
    while (!done) {
      const read = await store.getBytes(bucket, "atomic/blob");
      expect(read.equals(contents[0]) || read.equals(contents[1])).toBe(true);
      seen.add(read.subarray(0, 1).toString());
    }
    await writes;
    expect(seen.size).toBeGreaterThan(0);
    expect((await readdir(join(root, bucket, "atomic")))).toEqual(["blob"]);
  });

  it("refuses content for a folder object, a body shorter than its contentLength, and foreign continuation tokens", async () => {
    const folder = await failureOf(store.put(bucket, "bad/folder/", "content"));
    expect(folder).toBeInstanceOf(InvalidInput);
    expect(folder.message).toContain("cannot hold content");

    const short = await failureOf(store.put(bucket, "bad/short", "1234", { contentLength: 10 }));
    expect(short).toBeInstanceOf(InvalidInput);
    expect(short.message).toContain("was 4 bytes, not the 10 given as its contentLength");
    expect(await store.head(bucket, "bad/short")).toBeNull();

    const token = await failureOf(store.listPage(bucket, { continuationToken: "not-a-token" }));
    expect(token).toBeInstanceOf(InvalidInput);
  });

  it("tells how to create a missing bucket", async () => {
    const error = await failureOf(store.put("absent", "k", "x"));
    expect(error).toBeInstanceOf(NoSuchBucket);
    expect(error.message).toBe(`bucket absent does not exist: make the folder ${join(root, "absent")} to create it`);
  });
});
