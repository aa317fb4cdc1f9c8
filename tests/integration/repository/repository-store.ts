import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearMarker,
  JOB_DATA_NAME,
  markerExists,
  markerKey,
  readJobData,
  RepositoryError,
  repositoryFromUri,
  subRepository,
  SYSTEM_TAGS,
  writeJobData,
  writeMarker,
  type JobData,
  type Repository,
} from "../../../shared/repository";
import type { ObjectStore } from "../../../shared/store";

export const BUCKET = "repo-bucket";

export interface RepositoryFixture {
  store: ObjectStore;
  stop(): Promise<void>;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

/** The store-touching half of the repository, run the same way against each store. */
export function describeRepositoryOnStore(name: string, start: () => Promise<RepositoryFixture>): void {
  describe(`repository on ${name}`, () => {
    let fixture: RepositoryFixture;
    let store: ObjectStore;
    let repoCount = 0;
    /** A fresh repository per test, so tests share no files. */
    const freshRepo = (): Repository => repositoryFromUri(`s3://${BUCKET}/runs/${++repoCount}/`);

    beforeAll(async () => {
      fixture = await start();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.stop();
    });

    describe("job data", () => {
      const data: JobData = {
        job: { sample: "S1", zero: 0, no: false, nested: { list: [1, "two", null] }, "ü ñ": "ok" },
        scatter: { chunk: "c_1.fq" },
        parent: { config: `s3://${BUCKET}/runs/config.json` },
      };

      it("reads back what it wrote", async () => {
        const repo = freshRepo();
        await writeJobData(store, repo, data);
        expect(await readJobData(store, repo)).toEqual(data);
      });

      it("writes JSON to <prefix>/_JOB_DATA_, tagged as a system file", async () => {
        const repo = freshRepo();
        await writeJobData(store, repo, data);
        const key = `${repo.prefix}/${JOB_DATA_NAME}`;
        expect(JSON.parse((await store.getBytes(BUCKET, key)).toString("utf8"))).toEqual(data);
        expect(await store.getTags(BUCKET, key)).toEqual(SYSTEM_TAGS);
        expect((await store.head(BUCKET, key))?.contentType).toBe("application/json");
      });

      it("keeps each sub-repository's job data apart", async () => {
        const repo = freshRepo();
        const branch = subRepository(subRepository(repo, "Scatter"), "00000");
        await writeJobData(store, repo, data);
        await writeJobData(store, branch, { ...data, scatter: { chunk: "other" } });
        expect((await readJobData(store, repo)).scatter).toEqual({ chunk: "c_1.fq" });
        expect((await readJobData(store, branch)).scatter).toEqual({ chunk: "other" });
      });

      it("says which file is missing", async () => {
        const repo = freshRepo();
        const error = await failure(() => readJobData(store, repo));
        expect(error).toBeInstanceOf(RepositoryError);
        expect(error).toMatchObject({ code: "MissingJobData" });
        expect((error as Error).message).toContain(`${repo.uri}/_JOB_DATA_ does not exist`);
      });

      it.each([
        ["not JSON", "{job:", "is not JSON"],
        ["empty", "", "is not JSON"],
        ["a list", "[1, 2]", "expected a JSON object"],
        ["without job", '{"scatter": {}, "parent": {}}', "it has no job"],
        ["with a list for scatter", '{"job": {}, "scatter": [], "parent": {}}', "its scatter is not an object"],
        ["without parent", '{"job": {}, "scatter": {}}', "its parent is not an object"],
      ])("refuses job data that is %s", async (_what, content, text) => {
        const repo = freshRepo();
        await store.put(BUCKET, `${repo.prefix}/${JOB_DATA_NAME}`, content);
        const error = await failure(() => readJobData(store, repo));
        expect(error).toMatchObject({ code: "InvalidJobData" });
        expect((error as Error).message).toContain(`job data ${repo.uri}/_JOB_DATA_`);
        expect((error as Error).message).toContain(text);
      });

      it("accepts any JSON value as the job", async () => {
        const repo = freshRepo();
        await writeJobData(store, repo, { job: null, scatter: {}, parent: {} });
        expect(await readJobData(store, repo)).toEqual({ job: null, scatter: {}, parent: {} });
      });
    });

    describe("markers", () => {
      it("do not exist until written", async () => {
        expect(await markerExists(store, freshRepo(), "Align")).toBe(false);
      });

      it("are empty system files at _control_/<step>.complete naming the execution", async () => {
        const repo = freshRepo();
        await writeMarker(store, repo, "Align", "job-1_abcdef12");
        expect(await markerExists(store, repo, "Align")).toBe(true);
        const key = `${repo.prefix}/_control_/Align.complete`;
        expect(markerKey(repo, "Align")).toBe(key);
        const info = await store.head(BUCKET, key);
        expect(info?.size).toBe(0);
        expect(info?.metadata).toEqual({ execution_id: "job-1_abcdef12" });
        expect(await store.getTags(BUCKET, key)).toEqual(SYSTEM_TAGS);
      });

      it("belong to one step", async () => {
        const repo = freshRepo();
        await writeMarker(store, repo, "Align", "e1");
        expect(await markerExists(store, repo, "Align2")).toBe(false);
        expect(await markerExists(store, repo, "Alig")).toBe(false);
        expect(await markerExists(store, subRepository(repo, "Scatter"), "Align")).toBe(false);
      });

      it("are cleared, and clearing a missing one is no error", async () => {
        const repo = freshRepo();
        await writeMarker(store, repo, "Align", "e1");
        await writeMarker(store, repo, "Sort", "e1");
        await clearMarker(store, repo, "Align");
        await clearMarker(store, repo, "Align");
        await clearMarker(store, repo, "Never");
        expect(await markerExists(store, repo, "Align")).toBe(false);
        expect(await markerExists(store, repo, "Sort")).toBe(true);
      });

      it("are rewritten by a later execution", async () => {
        const repo = freshRepo();
        await writeMarker(store, repo, "Align", "first");
        await writeMarker(store, repo, "Align", "second");
        expect((await store.head(BUCKET, markerKey(repo, "Align")))?.metadata).toEqual({ execution_id: "second" });
      });
    });
  });
}
