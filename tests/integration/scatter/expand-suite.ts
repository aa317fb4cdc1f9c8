import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryFromUri, type JobData, type Repository } from "../../../shared/repository";
import { expandScatter, MAX_LINE_CHARS, MAX_SCATTER_ITEMS, REPLAY_CACHE_ITEMS, ScatterError } from "../../../shared/scatter";
import type { ScatterSource } from "../../../shared/spec/types";
import type { ObjectStore } from "../../../shared/store";

export const BUCKET = "scatter-data";
/** A second bucket, for sources named by s3:// URI outside the repository's bucket. */
export const OTHER_BUCKET = "scatter-other";

export interface StoreFixture {
  store: ObjectStore;
  stop(): Promise<void>;
}

/** Puts at once while seeding many keys: enough to overlap round trips, few enough for a 2-core machine. */
const SEED_CONCURRENCY = 16;

/** expandScatter against a real store, every source form and the product, checking the item file a Map would read. */
export function describeExpandScatter(name: string, start: () => Promise<StoreFixture>): void {
  describe(`expandScatter on ${name}`, () => {
    let fixture: StoreFixture;
    let store: ObjectStore;
    let repoCount = 0;

    beforeAll(async () => {
      fixture = await start();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.stop();
    });

    interface Run {
      repo: Repository;
      put(name: string, content: string): Promise<void>;
      expand(scatter: Record<string, ScatterSource>, job?: unknown): Promise<{ items: number; text: string; lines: unknown[] }>;
      fail(scatter: Record<string, ScatterSource>, job?: unknown): Promise<ScatterError>;
      itemFileExists(): Promise<boolean>;
    }

    /** A fresh repository, so that tests share no files; the item file goes to `<repo>/Step/items.jsonl`. */
    function freshRun(): Run {
      const repo = repositoryFromUri(`s3://${BUCKET}/runs/${++repoCount}`);
      const itemFile = { bucket: BUCKET, key: `${repo.prefix}/Step/items.jsonl` };
      const jobData = (job: unknown): JobData => ({ job, scatter: {}, parent: { config: `${repo.uri}/config.json` } });
      return {
        repo,
        put: async (name, content) => {
          await store.put(BUCKET, `${repo.prefix}/${name}`, content);
        },
        expand: async (scatter, job = {}) => {
          const { items } = await expandScatter({ store, repo, scatter, jobData: jobData(job), itemFile });
          const text = (await store.getBytes(itemFile.bucket, itemFile.key)).toString("utf8");
          return { items, text, lines: text.split("\n").slice(0, -1).map((line) => JSON.parse(line)) };
        },
        fail: async (scatter, job = {}) => {
          try {
            await expandScatter({ store, repo, scatter, jobData: jobData(job), itemFile });
          } catch (error) {
            if (error instanceof ScatterError) return error;
            throw error;
          }
          throw new Error("expected a ScatterError");
        },
        itemFileExists: async () => (await store.head(itemFile.bucket, itemFile.key)) !== null,
      };
    }

    async function putMany(keys: string[], bucket = BUCKET) {
      for (let at = 0; at < keys.length; at += SEED_CONCURRENCY) {
        await Promise.all(keys.slice(at, at + SEED_CONCURRENCY).map((key) => store.put(bucket, key, key.endsWith("/") ? "" : "x")));
      }
    }

    describe("static lists", () => {
      it("writes one JSON object per item, values keeping their types", async () => {
        const { items, text } = await freshRun().expand({ n: [1, "two", true, 2.5] });
        expect(items).toBe(4);
        expect(text).toBe('{"n":1}\n{"n":"two"}\n{"n":true}\n{"n":2.5}\n');
      });

      it("refuses a scatter with no variables, and a source that is neither list nor text", async () => {
        const run = freshRun();
        expect((await run.fail({})).code).toBe("BadSource");
        const error = await run.fail({ x: 5 as unknown as ScatterSource });
        expect(error.code).toBe("BadSource");
        expect(error.message).toBe('scatter variable "x" (5): expected a list or a text, not a number');
      });
    });

    describe("job-data references", () => {
      it("scatters over a list the reference names, objects included", async () => {
        const job = { samples: ["S1", { id: "S2", lane: 2 }] };
        const { lines } = await freshRun().expand({ sample: "${job.samples}" }, job);
        expect(lines).toEqual([{ sample: "S1" }, { sample: { id: "S2", lane: 2 } }]);
      });

      it("reads a text the reference names as a file name, glob or @file", async () => {
        const run = freshRun();
        await run.put("names.txt", "a\nb\n");
        await run.put("reads/r1.fq", "x");
        const job = { file: "@names.txt", glob: "reads/*.fq", one: "reads/r1.fq" };
        const { lines } = await run.expand({ f: "${job.file}", g: "${job.glob}", o: "${job.one}" }, job);
        const r1 = `${run.repo.uri}/reads/r1.fq`;
        expect(lines).toEqual([
          { f: "a", g: r1, o: r1 },
          { f: "b", g: r1, o: r1 },
        ]);
      });

      it("splices texts into a longer source", async () => {
        const run = freshRun();
        await run.put("r7/S1_1.fq", "x");
        await run.put("r7/S1_2.fq", "x");
        await run.put("r7/S2_1.fq", "x");
        const { lines } = await run.expand({ chunk: "${job.run}/${job.sample}_*.fq" }, { run: "r7", sample: "S1" });
        expect(lines).toEqual([{ chunk: `${run.repo.uri}/r7/S1_1.fq` }, { chunk: `${run.repo.uri}/r7/S1_2.fq` }]);
      });

      it("looks up parent values", async () => {
        const run = freshRun();
        const { lines } = await run.expand({ config: "${parent.config}" });
        expect(lines).toEqual([{ config: `${run.repo.uri}/config.json` }]);
      });

      it("names the variable and the path when the value is missing or of the wrong type", async () => {
        const run = freshRun();
        const missing = await run.fail({ sample: "${job.samples}" }, { sample: [] });
        expect(missing.code).toBe("MissingValue");
        expect(missing.message).toBe('scatter variable "sample" ("${job.samples}"): ${job.samples} not found in the job data');
        const number = await run.fail({ n: "${job.n}" }, { n: 4 });
        expect(number.code).toBe("BadValueType");
        expect(number.message).toContain('scatter variable "n" ("${job.n}"): ${job.n} is a number');
        expect(await run.itemFileExists()).toBe(false);
      });
    });

    describe("@file", () => {
      it("gives one item per line, with no item after the last line end", async () => {
        const run = freshRun();
        await run.put("samples.txt", "S1\r\nS2\n\nS 4\n");
        const { text } = await run.expand({ s: "@samples.txt" });
        expect(text).toBe('{"s":"S1"}\n{"s":"S2"}\n{"s":""}\n{"s":"S 4"}\n');
      });

      it("reads a file by s3:// URI, from another bucket too", async () => {
        await store.put(OTHER_BUCKET, "lists/ids.txt", "1\n2");
        const { lines } = await freshRun().expand({ id: `@s3://${OTHER_BUCKET}/lists/ids.txt` });
        expect(lines).toEqual([{ id: "1" }, { id: "2" }]);
      });

      it("selects from JSON: a wildcard's matches, or the list a definite selector names", async () => {
        const run = freshRun();
        await run.put("meta.json", JSON.stringify({ samples: [{ id: "S1", reads: ["a", "b"] }, { id: "S2", reads: ["c"] }], n: 2 }));
        expect((await run.expand({ s: "@meta.json:$.samples[*].id" })).lines).toEqual([{ s: "S1" }, { s: "S2" }]);
        expect((await run.expand({ r: "@meta.json:$.samples[0].reads" })).lines).toEqual([{ r: "a" }, { r: "b" }]);
        expect((await run.expand({ r: "@meta.json:$..reads[*]" })).lines).toEqual([{ r: "a" }, { r: "b" }, { r: "c" }]);
        expect((await run.expand({ s: "@meta.json:$.samples" })).lines).toEqual([
          { s: { id: "S1", reads: ["a", "b"] } },
          { s: { id: "S2", reads: ["c"] } },
        ]);
      });

      it("says when a selector does not produce a list", async () => {
        const run = freshRun();
        await run.put("meta.json", JSON.stringify({ n: 2 }));
        const error = await run.fail({ n: "@meta.json:$.n" });
        expect(error.code).toBe("SelectorNotList");
        expect(error.message).toBe('scatter variable "n" ("@meta.json:$.n"): selector did not produce a list: $.n is a number');
      });

      it("selects from YAML, dates and yes staying text", async () => {
        const run = freshRun();
        await run.put("runs.yml", "runs:\n  - {id: r1, date: 2024-01-31, ok: yes}\n  - {id: r2, date: 2024-02-01, ok: true}\n");
        const { lines } = await run.expand({ run: "@runs.yml:$.runs[*]" });
        expect(lines).toEqual([{ run: { id: "r1", date: "2024-01-31", ok: "yes" } }, { run: { id: "r2", date: "2024-02-01", ok: true } }]);
        await run.put("list.yaml", "- 1\n- two\n");
        expect((await run.expand({ x: "@list.yaml:$" })).lines).toEqual([{ x: 1 }, { x: "two" }]);
      });

      it("selects from JSON Lines and NDJSON, line by line", async () => {
        const run = freshRun();
        await run.put("s.jsonl", '{"id": "S1", "n": 1}\n\n{"id": "S2", "n": 2}\n');
        await run.put("s.ndjson", '{"id": "S3"}\n');
        expect((await run.expand({ id: "@s.jsonl:$[*].id" })).lines).toEqual([{ id: "S1" }, { id: "S2" }]);
        expect((await run.expand({ row: "@s.jsonl:$[*]" })).lines).toEqual([{ row: { id: "S1", n: 1 } }, { row: { id: "S2", n: 2 } }]);
        expect((await run.expand({ id: "@s.ndjson:$..id" })).lines).toEqual([{ id: "S3" }]);
      });

      it("names the file and line of bad content", async () => {
        const run = freshRun();
        await run.put("bad.jsonl", '{"id": 1}\n{"id": \n');
        const error = await run.fail({ id: "@bad.jsonl:$[*].id" });
        expect(error.code).toBe("BadFileContent");
        expect(error.message).toMatch(/^scatter variable "id" \("@bad.jsonl:\$\[\*\]\.id"\): line 2 is not JSON: /);
        await run.put("bad.json", "{");
        expect((await run.fail({ x: "@bad.json:$[*]" })).message).toContain("not valid JSON");
      });

      it("selects from CSV rows keyed by the header, quoted fields included", async () => {
        const run = freshRun();
        await run.put("samples.csv", 'id,reads,note\r\nS1,s3://r/1.fq,"a, b"\r\nS2,s3://r/2.fq,"two\nlines"\r\n');
        expect((await run.expand({ r: "@samples.csv:$[*].reads" })).lines).toEqual([{ r: "s3://r/1.fq" }, { r: "s3://r/2.fq" }]);
        expect((await run.expand({ row: "@samples.csv:$[*]" })).lines).toEqual([
          { row: { id: "S1", reads: "s3://r/1.fq", note: "a, b" } },
          { row: { id: "S2", reads: "s3://r/2.fq", note: "two\nlines" } },
        ]);
      });

      it("selects from TSV (.tsv and .tab)", async () => {
        const run = freshRun();
        await run.put("s.tsv", "id\tx\nS1\t1,2\n");
        await run.put("s.tab", "id\tx\nS2\t3\n");
        expect((await run.expand({ id: "@s.tsv:$[*].x" })).lines).toEqual([{ id: "1,2" }]);
        expect((await run.expand({ id: "@s.tab:$[*].id" })).lines).toEqual([{ id: "S2" }]);
      });

      it("reads any other file as a list of lines for a selector", async () => {
        const run = freshRun();
        await run.put("names.list", "a\nb\nc\n");
        expect((await run.expand({ n: "@names.list:$[*]" })).lines).toEqual([{ n: "a" }, { n: "b" }, { n: "c" }]);
        expect((await run.fail({ n: "@names.list:$[1]" })).message).toContain("selector did not produce a list: $[1] is a string");
      });

      it("names the variable and the file that does not exist", async () => {
        const run = freshRun();
        const error = await run.fail({ s: "@nope.csv:$[*].id" });
        expect(error.code).toBe("FileNotFound");
        expect(error.message).toBe(`scatter variable "s" ("@nope.csv:$[*].id"): ${run.repo.uri}/nope.csv does not exist`);
      });

      it("refuses a bad selector before reading anything", async () => {
        const error = await freshRun().fail({ s: "@nope.csv:$[?(@.x)]" });
        expect(error.code).toBe("BadSelector");
        expect(error.message).toContain("filters [?(...)] are not supported");
      });
    });

    describe("globs", () => {
      it("match with * and ? within a folder, ** across folders, in key order, without folder objects", async () => {
        const run = freshRun();
        const p = run.repo.prefix;
        await putMany([`${p}/g/a.fq`, `${p}/g/b.fq`, `${p}/g/ab.fq`, `${p}/g/sub/`, `${p}/g/sub/c.fq`, `${p}/g/sub/deep/d.fq`, `${p}/g/x.txt`, `${p}/h/e.fq`]);
        const uris = async (pattern: string) => (await run.expand({ f: pattern })).lines.map((line) => (line as { f: string }).f.slice(run.repo.uri.length + 1));
        expect(await uris("g/*.fq")).toEqual(["g/a.fq", "g/ab.fq", "g/b.fq"]);
        expect(await uris("g/?.fq")).toEqual(["g/a.fq", "g/b.fq"]);
        expect(await uris("g/[!a].fq")).toEqual(["g/b.fq"]);
        expect(await uris("g/**/*.fq")).toEqual(["g/a.fq", "g/ab.fq", "g/b.fq", "g/sub/c.fq", "g/sub/deep/d.fq"]);
        expect(await uris("g/**")).toEqual(["g/a.fq", "g/ab.fq", "g/b.fq", "g/sub/c.fq", "g/sub/deep/d.fq", "g/x.txt"]);
        expect(await uris("*/*.fq")).toEqual(["g/a.fq", "g/ab.fq", "g/b.fq", "h/e.fq"]);
      });

      it("match s3:// globs in any bucket, as full URIs", async () => {
        await putMany(["raw/r1/c_1.fq", "raw/r1/c_2.fq", "raw/r2/c_1.fq"], OTHER_BUCKET);
        const { lines } = await freshRun().expand({ c: `s3://${OTHER_BUCKET}/raw/r1/c_*.fq` });
        expect(lines).toEqual([{ c: `s3://${OTHER_BUCKET}/raw/r1/c_1.fq` }, { c: `s3://${OTHER_BUCKET}/raw/r1/c_2.fq` }]);
      });

      it("go through every page of a long listing", async () => {
        const run = freshRun();
        const keys = Array.from({ length: 1001 }, (_, i) => `${run.repo.prefix}/many/k${String(i).padStart(4, "0")}.dat`);
        await putMany(keys);
        const { items, lines } = await run.expand({ k: "many/*.dat" });
        expect(items).toBe(1001);
        expect(lines.at(-1)).toEqual({ k: `s3://${BUCKET}/${keys.at(-1)}` });
      });
    });

    describe("single file names", () => {
      it("give one item, the file's full S3 URI", async () => {
        const run = freshRun();
        expect((await run.expand({ f: "sub/ref.fa" })).lines).toEqual([{ f: `${run.repo.uri}/sub/ref.fa` }]);
        expect((await run.expand({ f: "s3://elsewhere/ref.fa" })).lines).toEqual([{ f: "s3://elsewhere/ref.fa" }]);
      });

      it("must stay inside the repository", async () => {
        const error = await freshRun().fail({ f: "../other/x.txt" });
        expect(error.code).toBe("BadSource");
        expect(error.message).toContain('scatter variable "f" ("../other/x.txt"): "../other/x.txt" is not a name inside the repository');
      });
    });

    describe("the Cartesian product", () => {
      it("varies the first variable slowest, whatever each source is", async () => {
        const run = freshRun();
        await run.put("lanes.txt", "L1\nL2\n");
        await run.put("c/1.fq", "x");
        await run.put("c/2.fq", "x");
        const { items, lines } = await run.expand({ s: ["S1", "S2"], lane: "@lanes.txt", chunk: "c/*.fq", k: [true] });
        const c = (n: number) => `${run.repo.uri}/c/${n}.fq`;
        expect(items).toBe(8);
        expect(lines).toEqual([
          { s: "S1", lane: "L1", chunk: c(1), k: true },
          { s: "S1", lane: "L1", chunk: c(2), k: true },
          { s: "S1", lane: "L2", chunk: c(1), k: true },
          { s: "S1", lane: "L2", chunk: c(2), k: true },
          { s: "S2", lane: "L1", chunk: c(1), k: true },
          { s: "S2", lane: "L1", chunk: c(2), k: true },
          { s: "S2", lane: "L2", chunk: c(1), k: true },
          { s: "S2", lane: "L2", chunk: c(2), k: true },
        ]);
      });

      it("crosses lists with a file too large to keep, reading it once per combination", async () => {
        const run = freshRun();
        const count = REPLAY_CACHE_ITEMS + 1;
        await run.put("big.txt", Array.from({ length: count }, (_, i) => `line${i}`).join("\n"));
        const { items, lines } = await run.expand({ a: ["x", "y"], line: "@big.txt", b: [0, 1] });
        expect(items).toBe(2 * count * 2);
        expect(lines.slice(0, 3)).toEqual([
          { a: "x", line: "line0", b: 0 },
          { a: "x", line: "line0", b: 1 },
          { a: "x", line: "line1", b: 0 },
        ]);
        expect(lines[2 * count]).toEqual({ a: "y", line: "line0", b: 0 });
        expect(lines.at(-1)).toEqual({ a: "y", line: `line${count - 1}`, b: 1 });
      });

      it("refuses a streamed source that changes between its reads", async () => {
        const run = freshRun();
        const key = `${run.repo.prefix}/big.txt`;
        const lines = Array.from({ length: REPLAY_CACHE_ITEMS + 1 }, (_, i) => `line${i}`);
        await run.put("big.txt", lines.join("\n"));
        let reads = 0;
        // The store as it is, but someone adds a line to the file just after the first read.
        const changing: ObjectStore = Object.create(store, {
          get: {
            value: async (bucket: string, name: string) => {
              if (name === key && ++reads === 2) await store.put(bucket, key, [...lines, "new"].join("\n"));
              return store.get(bucket, name);
            },
          },
        });
        const itemFile = { bucket: BUCKET, key: `${run.repo.prefix}/Step/items.jsonl` };
        const jobData = { job: {}, scatter: {}, parent: {} };
        const error = await expandScatter({ store: changing, repo: run.repo, scatter: { a: [1, 2], line: "@big.txt" }, jobData, itemFile }).catch((e) => e);
        expect(error).toBeInstanceOf(ScatterError);
        expect(error.code).toBe("SourceChanged");
        expect(error.message).toContain(`scatter variable "line" ("@big.txt"): read again for the next combination, it gave ${lines.length + 1} items instead of ${lines.length}`);
        expect(await run.itemFileExists()).toBe(false);
      });

      it("refuses more than MAX_SCATTER_ITEMS branches before writing any", async () => {
        const run = freshRun();
        const side = Math.ceil(Math.sqrt(MAX_SCATTER_ITEMS)) + 1;
        const list = Array.from({ length: side }, (_, i) => i);
        const error = await run.fail({ a: list, b: list });
        expect(error.code).toBe("TooManyItems");
        expect(error.message).toContain(`more than ${MAX_SCATTER_ITEMS.toLocaleString("en-US")} branches`);
        expect(await run.itemFileExists()).toBe(false);
      });

      it("refuses too many branches while reading a streamed source", async () => {
        const run = freshRun();
        await run.put("ids.txt", Array.from({ length: 2000 }, (_, i) => `id${i}`).join("\n"));
        const error = await run.fail({ a: Array.from({ length: MAX_SCATTER_ITEMS / 1000 }, (_, i) => i), id: "@ids.txt" });
        expect(error.code).toBe("TooManyItems");
        expect(error.message).toContain('"a": 1,000 × "id":');
        expect(await run.itemFileExists()).toBe(false);
      });

      it("refuses a variable with no items, naming it and why", async () => {
        const run = freshRun();
        await run.put("empty.txt", "");
        await run.put("header.csv", "id,x\n");
        const cases: Array<[Record<string, ScatterSource>, string]> = [
          [{ a: [1], g: "none/*.fq" }, `scatter variable "g" ("none/*.fq"): the glob ${run.repo.uri}/none/*.fq matches no objects`],
          [{ e: "@empty.txt" }, `scatter variable "e" ("@empty.txt"): the file ${run.repo.uri}/empty.txt has no lines`],
          [{ a: [1], h: "@header.csv:$[*].id" }, `scatter variable "h" ("@header.csv:$[*].id"): the selector $[*].id selects nothing in ${run.repo.uri}/header.csv`],
          [{ x: [] }, 'scatter variable "x" ([]): the list is empty'],
          [{ g: "@empty.txt", x: "${job.none}" }, 'scatter variable "x" ("${job.none}"): ${job.none} is an empty list'],
        ];
        for (const [scatter, message] of cases) {
          const error = await run.fail(scatter, { none: [] });
          expect(error.code).toBe("EmptyScatter");
          expect(error.message).toBe(`${message}, so the scatter would run no branches; a scatter needs at least one item in every variable`);
        }
        expect(await run.itemFileExists()).toBe(false);
      });

      it("refuses an item longer than a branch's input may be", async () => {
        const error = await freshRun().fail({ a: ["x".repeat(MAX_LINE_CHARS)] });
        expect(error.code).toBe("LineTooLong");
        expect(error.message).toContain("item 1 is longer than");
      });

      it("leaves no item file when a source fails halfway through", async () => {
        const run = freshRun();
        const rows = Array.from({ length: 30_000 }, (_, i) => `S${i},${"v".repeat(20)}`);
        await run.put("rows.csv", ["id,x", ...rows, "bad"].join("\n"));
        const error = await run.fail({ id: "@rows.csv:$[*].id" });
        expect(error.code).toBe("BadFileContent");
        expect(error.message).toContain("line 30002 has 1 fields, but the header (line 1) has 2");
        expect(await run.itemFileExists()).toBe(false);
      });
    });
  });
}
