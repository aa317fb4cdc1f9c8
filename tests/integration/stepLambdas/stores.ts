import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { repositoryFromUri, writeJobData, type JobData, type Repository } from "../../../shared/repository";
import { DirectoryStore, S3Store, parseS3Uri, type ObjectStore } from "../../../shared/store";
import { startS3Server } from "../../support/s3server";

/** The bucket every step-Lambda test writes into. */
export const BUCKET = "step-lambdas";
/** A second bucket, for files named by s3:// URI outside the repository's bucket. */
export const OTHER_BUCKET = "other-data";

export interface StoreContext {
  /** The store under test; set before the first test runs. */
  store: ObjectStore;
  /** A new repository for each call, so tests share no files. */
  freshRepo(): Repository;
  /** A fresh repository holding this job data. */
  repoWith(data: Partial<JobData>): Promise<Repository>;
  put(uri: string, body: string): Promise<void>;
  read(uri: string): Promise<string>;
  exists(uri: string): Promise<boolean>;
}

interface StoreUnderTest {
  store: ObjectStore;
  stop(): Promise<void>;
}

const STORES: Array<[string, () => Promise<StoreUnderTest>]> = [
  [
    "DirectoryStore",
    async () => {
      const root = await mkdtemp(join(tmpdir(), "stepbatch-step-lambdas-"));
      for (const bucket of [BUCKET, OTHER_BUCKET]) await mkdir(join(root, bucket));
      return { store: new DirectoryStore(root), stop: () => rm(root, { recursive: true, force: true }) };
    },
  ],
  [
    "S3Store on s3rver",
    async () => {
      const server = await startS3Server({ buckets: [BUCKET, OTHER_BUCKET] });
      return { store: new S3Store(server.client), stop: server.stop };
    },
  ],
];

/** Registers `body` once per store: a directory and a real S3-protocol server on 127.0.0.1. */
export function describeOnEachStore(name: string, body: (context: StoreContext) => void): void {
  for (const [storeName, start] of STORES) {
    describe(`${name} on ${storeName}`, () => {
      let target: StoreUnderTest | undefined;
      let repoCount = 0;
      const context: StoreContext = {
        store: undefined as unknown as ObjectStore,
        freshRepo: () => repositoryFromUri(`s3://${BUCKET}/runs/${++repoCount}`),
        repoWith: async (data) => {
          const repo = context.freshRepo();
          await writeJobData(context.store, repo, { job: {}, scatter: {}, parent: {}, ...data });
          return repo;
        },
        put: async (uri, body) => {
          const { bucket, key } = parseS3Uri(uri);
          await context.store.put(bucket, key, body);
        },
        read: async (uri) => {
          const { bucket, key } = parseS3Uri(uri);
          return (await context.store.getBytes(bucket, key)).toString("utf8");
        },
        exists: async (uri) => {
          const { bucket, key } = parseS3Uri(uri);
          return (await context.store.head(bucket, key)) !== null;
        },
      };
      beforeAll(async () => {
        target = await start();
        context.store = target.store;
      });
      afterAll(async () => {
        await target?.stop();
      });
      body(context);
    });
  }
}

/** The error a promise rejects with; fails when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}
