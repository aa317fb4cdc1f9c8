import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StatesError } from "../../../local/asl/errors";
import type { Json } from "../../../local/asl/types";
import { LocalLambdas } from "../../../local/lambdas";
import { LOCAL_PLACE } from "../../../local/place";
import { readJobData, repositoryFromUri, writeJobData } from "../../../shared/repository";
import type { Executions, Services } from "../../../shared/services/types";
import { DirectoryStore } from "../../../shared/store";
import { tempFolder } from "./support/workflows";

const LAUNCHER = "launcher";
const BUCKET = "data";
const REPO = repositoryFromUri(`s3://${BUCKET}/runs/S1`);

/** The compiled `logging` block every Lambda task sends. */
const LOGGING = { branch: "main", sfn_execution_id: "run-1", step_name: "Pick", workflow_name: "wf" };

/** Step Functions is not called by the handlers these tests invoke; a call would fail the test. */
const NO_EXECUTIONS: Executions = {
  start: async () => {
    throw new Error("no execution should be started");
  },
  stop: async () => {
    throw new Error("no execution should be stopped");
  },
};

let store: DirectoryStore;
let remove: () => Promise<void>;
let lines: string[];
let lambdas: LocalLambdas;

beforeEach(async () => {
  const folder = await tempFolder("lambdas");
  remove = folder.remove;
  store = new DirectoryStore(folder.dir, { createBuckets: true });
  lines = [];
  const services: Services = { store, executions: NO_EXECUTIONS, notifier: { publish: async () => undefined }, settings: { ...LOCAL_PLACE, launcherBucket: LAUNCHER } };
  lambdas = new LocalLambdas(services, (line) => lines.push(line), "stepbatch");
});
afterEach(() => remove());

/** What `promise` rejects with; fails the test unless it is a StatesError. */
async function statesError(promise: Promise<unknown>): Promise<StatesError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the handler to fail");
    },
    (failure: unknown) => failure,
  );
  if (!(error instanceof StatesError)) throw error;
  return error;
}

describe("LocalLambdas.invoke", () => {
  it("runs the initializer against the store: the job file becomes the run's job data, and its result the job object", async () => {
    await store.put(LAUNCHER, "wf/job.json", JSON.stringify({ id: "S1", samples: ["a", "b"] }));
    const result = await lambdas.invoke("initializer", {
      workflow_name: "wf-1",
      repo_template: `s3://${BUCKET}/runs/\${job.id}`,
      input_obj: { job_file: { bucket: LAUNCHER, key: "wf/job.json", version: "" }, index: "main" },
      logging: LOGGING,
    });

    expect(result).toEqual({
      index: "main",
      job_file: { bucket: LAUNCHER, key: "wf/job.json", version: "" },
      repo: expect.objectContaining({ uri: REPO.uri }),
      prev_outputs: {},
      share_id: "wf1",
    });
    expect(await readJobData(store, REPO)).toEqual({ job: { id: "S1", samples: ["a", "b"] }, scatter: {}, parent: {} });
    expect(JSON.parse((await store.getBytes(BUCKET, "runs/S1/job.json")).toString())).toEqual({ id: "S1", samples: ["a", "b"] });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ lambda: "initializer", message: "invoked", workflow_name: "wf" }));
  });

  it("runs the chooser over the job data and an input file of the repository", async () => {
    await writeJobData(store, REPO, { job: { mode: "fast" }, scatter: {}, parent: {} });
    await store.put(BUCKET, "runs/S1/stats.json", JSON.stringify({ depth: 42.5, flags: ["x", "y"] }));
    const event = (expressions: string[]): Json => ({ repo: REPO.uri, inputs: JSON.stringify({ stats: "stats.json" }), expressions, logging: LOGGING });

    expect(await lambdas.invoke("chooser", event(["stats.depth < 10", "job.mode == 'fast' and 'x' in stats.flags"]))).toBe("job.mode == 'fast' and 'x' in stats.flags");
    // The chooser answers null when nothing holds: the result is JSON null, never undefined.
    expect(await lambdas.invoke("chooser", event(["stats.depth < 10"]))).toBeNull();
  });

  it("fails with a StatesError named as the handler's error, whose Cause is Lambda's error JSON", async () => {
    await writeJobData(store, REPO, { job: { paired: false }, scatter: {}, parent: {} });
    const error = await statesError(lambdas.invoke("chooser", { repo: REPO.uri, inputs: "{}", expression: "job.paired", logging: LOGGING }));

    // The compiled parallel chooser catches exactly this name to skip the branch.
    expect(error.name).toBe("ConditionFailed");
    expect(error.error).toBe("ConditionFailed");
    expect(JSON.parse(error.message)).toEqual({
      errorMessage: `step 'Pick': condition "job.paired" is false, so its branch is skipped`,
      errorType: "ConditionFailed",
    });
  });

  it("names an initializer failure by its code, with a message the user can act on", async () => {
    await store.put(LAUNCHER, "wf/job.json", JSON.stringify({ name: "S1" }));
    const error = await statesError(
      lambdas.invoke("initializer", {
        workflow_name: "wf",
        repo_template: `s3://${BUCKET}/runs/\${job.id}`,
        input_obj: { job_file: { bucket: LAUNCHER, key: "wf/job.json", version: "" }, index: "main" },
        logging: LOGGING,
      }),
    );
    const cause = JSON.parse(error.message) as { errorMessage: string; errorType: string };

    expect(Object.keys(cause).sort()).toEqual(["errorMessage", "errorType"]);
    expect(error.name).toBe("MissingValue");
    expect(cause.errorType).toBe("MissingValue");
    expect(cause.errorMessage).toContain("job.id");
    expect(cause.errorMessage).toContain("s3://launcher/wf/job.json");
  });

  it("fails a malformed event with the handler's BadEvent, not a crash", async () => {
    const error = await statesError(lambdas.invoke("chooser", { inputs: "{}", expressions: ["True"] }));

    expect(error.name).toBe("BadEvent");
    expect(JSON.parse(error.message)).toMatchObject({ errorType: "BadEvent", errorMessage: expect.stringContaining("repo") });
  });
});
