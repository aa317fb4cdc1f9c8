import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InvalidInput,
  NoSuchBucket,
  NoSuchKey,
  compareKeys,
  entryKey,
  isCommonPrefix,
  type ListEntry,
  type ObjectStore,
} from "../../../shared/store";

export interface StoreUnderTest {
  store: ObjectStore;
  /** An existing bucket that the suite has to itself. */
  bucket: string;
  /** A valid bucket name with no bucket behind it. */
  missingBucket: string;
  /** Whether every put gives the key a new versionId; false where the store keeps no versions at all. */
  versionsEveryPut: boolean;
  stop(): Promise<void>;
}

/** Puts at once while seeding many keys: quick, without swamping a two-core machine. */
const SEED_CONCURRENCY = 32;
const MULTIPART_BYTES = 40 * 1024 * 1024;
const MEBIBYTE = 1024 * 1024;

/** Registers the tests every ObjectStore must pass, against the store `start` gives. */
export function describeObjectStoreContract(name: string, start: () => Promise<StoreUnderTest>): void {
  describe(`${name} meets the ObjectStore contract`, () => {
    let target: StoreUnderTest;
    let store: ObjectStore;
    let bucket: string;

    beforeAll(async () => {
      target = await start();
      ({ store, bucket } = target);
    });
    afterAll(async () => {
      await target?.stop();
    });

    it("returns what was put, as bytes and as a stream, with the MD5 of the content as ETag", async () => {
      const binary = randomBytes(4096);
      const putText = await store.put(bucket, "basics/hello.txt", "hello, store");
      await store.put(bucket, "basics/binary.bin", binary);
      await store.put(bucket, "basics/streamed.txt", Readable.from([Buffer.from("part one, "), Buffer.from("part two")]));
      // Many small chunks, with the length known: a store may send these as they come, or regroup them.
      const sized = Array.from({ length: 64 }, () => randomBytes(1000));
      const putSized = await store.put(bucket, "basics/sized.bin", Readable.from(sized), { contentLength: 64_000 });

      expect(putText.etag).toBe(md5("hello, store"));
      expect((await store.getBytes(bucket, "basics/hello.txt")).toString()).toBe("hello, store");
      expect(await readStream(await store.get(bucket, "basics/binary.bin"))).toEqual(binary);
      expect((await store.getBytes(bucket, "basics/streamed.txt")).toString()).toBe("part one, part two");
      expect(await store.getBytes(bucket, "basics/sized.bin")).toEqual(Buffer.concat(sized));
      expect(putSized.etag).toBe(md5(Buffer.concat(sized)));
    });

    it("heads a present key with its size, ETag, content type and time, and a missing key as null", async () => {
      const before = Date.now();
      await store.put(bucket, "head/table.csv", "a,b\n1,2\n", { contentType: "text/csv" });

      const info = await store.head(bucket, "head/table.csv");
      expect(info).toMatchObject({ key: "head/table.csv", size: 8, etag: md5("a,b\n1,2\n"), contentType: "text/csv" });
      // Whole seconds: S3 reports times to the second.
      expect(info!.lastModified.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(info!.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await store.head(bucket, "head/absent.csv")).toBeNull();
    });

    it("keeps metadata (names in lower case) and tags, and replaces the tags on putTags", async () => {
      const tags = { "bclaw.system": "true", owner: "team a/b" };
      await store.put(bucket, "meta/marker", "", { metadata: { "Execution-Id": "exec-1", step: "Align" }, tags });

      expect((await store.head(bucket, "meta/marker"))!.metadata).toEqual({ "execution-id": "exec-1", step: "Align" });
      expect(await store.getTags(bucket, "meta/marker")).toEqual(tags);

      await store.putTags(bucket, "meta/marker", { stage: "done" });
      expect(await store.getTags(bucket, "meta/marker")).toEqual({ stage: "done" });
      expect((await store.head(bucket, "meta/marker"))!.metadata).toEqual({ "execution-id": "exec-1", step: "Align" });
    });

    it("copies content and metadata, or replaces metadata and tags when given, leaving the source as it was", async () => {
      const source = { bucket, key: "copy/naïve source ü.txt" };
      await store.put(bucket, source.key, "copied bytes", { metadata: { origin: "launcher" }, tags: { kind: "job" } });

      await store.copy(source, { bucket, key: "copy/plain.txt" });
      expect((await store.getBytes(bucket, "copy/plain.txt")).toString()).toBe("copied bytes");
      expect((await store.head(bucket, "copy/plain.txt"))!.metadata).toEqual({ origin: "launcher" });

      const copied = await store.copy(
        source,
        { bucket, key: "copy/replaced.txt" },
        { metadata: { origin: "repo" }, tags: { "bclaw.system": "true" } },
      );
      expect(copied.etag).toBe(md5("copied bytes"));
      expect((await store.head(bucket, "copy/replaced.txt"))!.metadata).toEqual({ origin: "repo" });
      expect(await store.getTags(bucket, "copy/replaced.txt")).toEqual({ "bclaw.system": "true" });

      expect((await store.head(bucket, source.key))!.metadata).toEqual({ origin: "launcher" });
      expect(await store.getTags(bucket, source.key)).toEqual({ kind: "job" });
    });

    it("refuses to copy a missing key, naming the source", async () => {
      const error = await failureOf(store.copy({ bucket, key: "copy/absent.txt" }, { bucket, key: "copy/never.txt" }));
      expect(error).toBeInstanceOf(NoSuchKey);
      expect(error.message).toBe(`s3://${bucket}/copy/absent.txt does not exist`);
      expect(await store.head(bucket, "copy/never.txt")).toBeNull();
    });

    it("deletes a key, and deleting a missing key is no error", async () => {
      await store.put(bucket, "delete/me.txt", "short-lived");
      await store.delete(bucket, "delete/me.txt");
      expect(await store.head(bucket, "delete/me.txt")).toBeNull();
      await expect(store.getBytes(bucket, "delete/me.txt")).rejects.toBeInstanceOf(NoSuchKey);
      await expect(store.delete(bucket, "delete/never-there.txt")).resolves.toBeUndefined();
    });

    it("reports a missing key as NoSuchKey with its URI", async () => {
      const key = "missing/nothing here.txt";
      for (const attempt of [
        () => store.get(bucket, key),
        () => store.getBytes(bucket, key),
        () => store.getTags(bucket, key),
        () => store.putTags(bucket, key, { a: "b" }),
      ]) {
        const error = await failureOf(attempt());
        expect(error).toBeInstanceOf(NoSuchKey);
        expect(error).toMatchObject({ code: "NoSuchKey", bucket, key, message: `s3://${bucket}/${key} does not exist` });
      }
    });

    it("reports a missing bucket as NoSuchBucket naming it", async () => {
      const { missingBucket } = target;
      for (const attempt of [
        () => store.getBytes(missingBucket, "any/key"),
        () => store.put(missingBucket, "any/key", "x"),
        () => store.listPage(missingBucket),
      ]) {
        const error = await failureOf(attempt());
        expect(error).toBeInstanceOf(NoSuchBucket);
        expect(error.message).toContain(`bucket ${missingBucket} does not exist`);
      }
    });

    it("refuses bad input with InvalidInput saying what is wrong", async () => {
      const cases: [() => Promise<unknown>, string][] = [
        [() => store.put(bucket, "", "x"), `the key in s3://${bucket}/ is empty`],
        [() => store.getBytes(bucket, "k".repeat(1025)), "is 1025 bytes long; S3 allows 1024"],
        [() => store.put("Not A Bucket!", "k", "x"), 'bucket name "Not A Bucket!" is not valid'],
        [() => store.put(bucket, "bad/meta", "x", { metadata: { note: "naïve" } }), "values must be printable ASCII"],
        [() => store.put(bucket, "bad/meta", "x", { metadata: { "two words": "x" } }), 'metadata name "two words"'],
        [() => store.put(bucket, "bad/tags", "x", { tags: manyTags(11) }), "11 tags for"],
        [() => store.listPage(bucket, { maxKeys: 0 }), "maxKeys 0 is not valid"],
        [() => store.listPage(bucket, { maxKeys: 1001 }), "maxKeys 1001 is not valid"],
      ];
      for (const [attempt, message] of cases) {
        const error = await failureOf(attempt());
        expect(error).toBeInstanceOf(InvalidInput);
        expect(error.message).toContain(message);
      }
      expect(await store.head(bucket, "bad/meta")).toBeNull();
      expect(await store.head(bucket, "bad/tags")).toBeNull();
    });

    it("refuses a body longer or shorter than its contentLength, storing nothing", async () => {
      const twoChunks = () => Readable.from([Buffer.alloc(100_000, "a"), Buffer.alloc(100_000, "b")]);
      const cases: [string, () => Promise<unknown>][] = [
        ["length/long-stream", () => store.put(bucket, "length/long-stream", twoChunks(), { contentLength: 150_000 })],
        ["length/short-stream", () => store.put(bucket, "length/short-stream", twoChunks(), { contentLength: 300_000 })],
        ["length/short-text", () => store.put(bucket, "length/short-text", "1234", { contentLength: 10 })],
      ];
      for (const [key, attempt] of cases) {
        const error = await failureOf(attempt());
        expect(error, key).toBeInstanceOf(InvalidInput);
        expect(error.message, key).toMatch(new RegExp(`^the body for s3://${bucket}/${key} .* given as its contentLength$`));
        expect(await store.head(bucket, key), key).toBeNull();
      }
    });

    it("stores keys with spaces and non-ASCII characters, and lists them", async () => {
      const keys = ["intl/dir/naïve file ü.txt", "intl/日本/データ.csv"];
      for (const key of keys) await store.put(bucket, key, `content of ${key}`);

      for (const key of keys) {
        expect((await store.getBytes(bucket, key)).toString()).toBe(`content of ${key}`);
        expect((await store.head(bucket, key))!.size).toBe(Buffer.byteLength(`content of ${key}`));
      }
      expect(await keysOf(store.list(bucket, { prefix: "intl/" }))).toEqual(keys);
      expect(await collect(store.list(bucket, { prefix: "intl/", delimiter: "/" }))).toEqual([
        { commonPrefix: "intl/dir/" },
        { commonPrefix: "intl/日本/" },
      ]);
    });

    it("keeps keys ending in / as empty folder objects, listed before the keys beneath them", async () => {
      await store.put(bucket, "folders/results/", "");
      await store.put(bucket, "folders/results/out.txt", "out");

      expect(await store.head(bucket, "folders/results/")).toMatchObject({ size: 0, etag: md5("") });
      expect(await keysOf(store.list(bucket, { prefix: "folders/" }))).toEqual([
        "folders/results/",
        "folders/results/out.txt",
      ]);
      expect(await collect(store.list(bucket, { prefix: "folders/", delimiter: "/" }))).toEqual([
        { commonPrefix: "folders/results/" },
      ]);
      expect(await keysOf(store.list(bucket, { prefix: "folders/results/", delimiter: "/" }))).toEqual([
        "folders/results/",
        "folders/results/out.txt",
      ]);

      await store.delete(bucket, "folders/results/");
      expect(await store.head(bucket, "folders/results/")).toBeNull();
      expect(await keysOf(store.list(bucket, { prefix: "folders/" }))).toEqual(["folders/results/out.txt"]);
    });

    it("uploads a 40 MiB stream of unknown length in parts and returns it byte for byte", async () => {
      const sent = createHash("sha256");
      async function* randomMebibytes() {
        for (let i = 0; i < MULTIPART_BYTES / MEBIBYTE; i++) {
          const chunk = randomBytes(MEBIBYTE);
          sent.update(chunk);
          yield chunk;
        }
      }
      await store.put(bucket, "large/random.bin", Readable.from(randomMebibytes()));

      const received = createHash("sha256");
      for await (const chunk of await store.get(bucket, "large/random.bin")) received.update(chunk);
      expect(received.digest("hex")).toBe(sent.digest("hex"));
      expect((await store.head(bucket, "large/random.bin"))!.size).toBe(MULTIPART_BYTES);
    });

    it("gives each put of a key a new versionId where the store keeps versions", async () => {
      const first = await store.put(bucket, "versions/job.json", '{"run": 1}');
      const second = await store.put(bucket, "versions/job.json", '{"run": 2}');
      const info = await store.head(bucket, "versions/job.json");

      if (target.versionsEveryPut) {
        expect(first.versionId).toEqual(expect.any(String));
        expect(second.versionId).toEqual(expect.any(String));
        expect(second.versionId).not.toBe(first.versionId);
        expect(info!.versionId).toBe(second.versionId);
        const current = await store.getBytes(bucket, "versions/job.json", { versionId: second.versionId });
        expect(current.toString()).toBe('{"run": 2}');
        expect((await store.head(bucket, "versions/job.json", { versionId: second.versionId }))!.size).toBe(10);
      } else {
        expect([first.versionId, second.versionId, info!.versionId]).toEqual([undefined, undefined, undefined]);
      }
    });

    describe("listing 2,505 keys", () => {
      // many/d0/f0.txt ... many/d49/f49.txt, then many/top-0.txt ... many/top-4.txt
      const folders = Array.from({ length: 50 }, (_, i) => `many/d${i}/`);
      const nested = folders.flatMap((folder) => Array.from({ length: 50 }, (_, j) => `${folder}f${j}.txt`));
      const top = Array.from({ length: 5 }, (_, i) => `many/top-${i}.txt`);
      const all = [...nested, ...top].sort(compareKeys);

      beforeAll(async () => {
        for (let i = 0; i < all.length; i += SEED_CONCURRENCY) {
          await Promise.all(all.slice(i, i + SEED_CONCURRENCY).map((key) => store.put(bucket, key, key)));
        }
      });

      it("lists every key once, in S3 key order, across pages", async () => {
        expect(await keysOf(store.list(bucket, { prefix: "many/" }))).toEqual(all);
      });

      it("pages by maxKeys with continuation tokens", async () => {
        const pages: string[][] = [];
        let continuationToken: string | undefined;
        do {
          const page = await store.listPage(bucket, { prefix: "many/", maxKeys: 1000, continuationToken });
          pages.push(page.entries.map(entryKey));
          continuationToken = page.nextContinuationToken;
        } while (continuationToken !== undefined);
        expect(pages.map((page) => page.length)).toEqual([1000, 1000, 505]);
        expect(pages.flat()).toEqual(all);
      });

      it("rolls keys up to common prefixes at the delimiter /, in key order, across pages", async () => {
        const expected = [...folders, ...top].sort(compareKeys);
        const listed = await collect(store.list(bucket, { prefix: "many/", delimiter: "/", pageSize: 7 }));
        expect(listed.map(entryKey)).toEqual(expected);
        expect(listed.filter(isCommonPrefix)).toHaveLength(folders.length);
      });

      it("rolls up at any delimiter, not only /", async () => {
        const listed = await collect(store.list(bucket, { prefix: "many/", delimiter: "-" }));
        expect(listed.map(entryKey)).toEqual([...nested].sort(compareKeys).concat("many/top-"));
        expect(listed.at(-1)).toEqual({ commonPrefix: "many/top-" });
      });

      it("starts after a given key", async () => {
        const after = "many/d7/f24.txt";
        const expected = all.filter((key) => key.startsWith("many/d7/") && compareKeys(key, after) > 0);
        expect(await keysOf(store.list(bucket, { prefix: "many/d7/", startAfter: after }))).toEqual(expected);
        expect(expected).toHaveLength(32); // f25..f29, f3, f30..f39, f4, f40..f49, f5..f9: byte order
      });

      it("matches a prefix that ends inside a folder name", async () => {
        const listed = await keysOf(store.list(bucket, { prefix: "many/d1" }));
        expect(listed).toEqual(all.filter((key) => key.startsWith("many/d1")));
        expect(listed).toHaveLength(11 * 50);
      });
    });
  });
}

/** The error `attempt` fails with; a test fails if it succeeds. */
export async function failureOf(attempt: Promise<unknown>): Promise<Error> {
  const outcome = await attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error("expected a failure, but the call succeeded");
  return outcome;
}

function md5(text: string | Buffer): string {
  return createHash("md5").update(text).digest("hex");
}

function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag${i}`, "x"]));
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect(entries: AsyncIterable<ListEntry>): Promise<ListEntry[]> {
  const all: ListEntry[] = [];
  for await (const entry of entries) all.push(entry);
  return all;
}

async function keysOf(entries: AsyncIterable<ListEntry>): Promise<string[]> {
  return (await collect(entries)).map(entryKey);
}
