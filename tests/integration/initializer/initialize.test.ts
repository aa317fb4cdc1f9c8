import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initializeJob, InitializeError } from "../../../shared/initializer";
import { JobFileError } from "../../../shared/launcher";
import type { ServiceSettings } from "../../../shared/services/types";
import { StepLambdaError } from "../../../shared/stepLambdas";
import { DirectoryStore } from "../../../shared/store";
import { BUCKET, describeOnEachStore, failureOf, OTHER_BUCKET, type StoreContext } from "../stepLambdas/stores";

const LAUNCHER = BUCKET;
const RESULTS = OTHER_BUCKET;
const SETTINGS: ServiceSettings = { region: "us-east-1", accountId: "123456789012", launcherBucket: LAUNCHER };

/** The Initialize state's event (shared/compiler/initialize.ts) for a run the launcher started. */
function initializeEvent(repoTemplate: string, jobFile: { key: string; version: string }, workflowName = "demo") {
  return {
    workflow_name: workflowName,
    repo_template: repoTemplate,
    input_obj: { job_file: { bucket: LAUNCHER, ...jobFile }, index: "main" },
    logging: { branch: "main", step_name: "Initialize", workflow_name: workflowName },
  };
}

async function putJobFile(context: StoreContext, key: string, body: string, tags?: Record<string, string>) {
  const { versionId } = await context.store.put(LAUNCHER, key, body, { tags });
  return { key, version: versionId ?? "" };
}

async function keysUnder(context: StoreContext, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of context.store.list(bucket, { prefix })) if ("key" in entry) keys.push(entry.key);
  return keys;
}

describeOnEachStore("initializeJob", (context) => {
  const services = (settings = SETTINGS) => ({ store: context.store, settings });

  it("makes the repository from the template and the job file, copies the job file there and writes the job data", async () => {
    const job = { project: "P1", sample: "S1", reads: ["a.fq", "b.fq"], paired: true };
    const jobFile = await putJobFile(context, "demo/runs/s1.json", JSON.stringify(job), { owner: "me" });

    const result = await initializeJob(services(), initializeEvent(`s3://${RESULTS}/results/\${job.project}/\${!job.sample}`, jobFile, "my_demo-wf2"));

    const repo = { bucket: RESULTS, prefix: "results/P1/S1", uri: `s3://${RESULTS}/results/P1/S1` };
    expect(result).toEqual({ index: "main", job_file: { bucket: LAUNCHER, ...jobFile }, repo, prev_outputs: {}, share_id: "mydemowf2" });
    expect(await keysUnder(context, RESULTS, "results/P1/S1/")).toEqual(["results/P1/S1/_JOB_DATA_", "results/P1/S1/s1.json"]);
    expect(JSON.parse(await context.read(`${repo.uri}/_JOB_DATA_`))).toEqual({ job, scatter: {}, parent: {} });
    expect(JSON.parse(await context.read(`${repo.uri}/s1.json`))).toEqual(job);
    expect(await context.store.getTags(RESULTS, "results/P1/S1/s1.json")).toEqual({ "bclaw.system": "true" });
    expect(await context.store.getTags(RESULTS, "results/P1/S1/_JOB_DATA_")).toEqual({ "bclaw.system": "true" });
  });

  it("passes a subpipe's input through unchanged, reading and writing nothing", async () => {
    const input = {
      index: "main",
      job_file: { bucket: LAUNCHER, key: "demo/never-written.json", version: "" },
      prev_outputs: {},
      repo: { bucket: RESULTS, prefix: "parent/Sub", uri: `s3://${RESULTS}/parent/Sub` },
      share_id: "parent",
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: "arn:aws:states:us-east-1:123456789012:execution:parent:run1",
    };

    const result = await initializeJob(services(), { ...initializeEvent(`s3://${RESULTS}/child/\${job.x}`, { key: "x", version: "" }), input_obj: input });

    expect(result).toEqual(input);
    expect(await keysUnder(context, RESULTS, "child/")).toEqual([]);
  });

  const badJobFiles: Array<[string, string, string]> = [
    ["empty", "", "is empty: it must hold a JSON object"],
    ["malformed", "{sample: S1}", "is not valid JSON"],
    ["a list", "[1, 2]", "must hold a JSON object, not a list"],
  ];

  it.each(badJobFiles)("fails on an %s job file with InvalidJobFile naming it, writing nothing", async (name, body, problem) => {
    const jobFile = await putJobFile(context, `demo/bad-${name.replace(/ /g, "-")}.json`, body);

    const error = await failureOf(initializeJob(services(), initializeEvent(`s3://${RESULTS}/bad/${name}`, jobFile)));

    expect(error).toBeInstanceOf(JobFileError);
    expect(error.name).toBe("InvalidJobFile");
    expect(error.message).toContain(`job file s3://${LAUNCHER}/${jobFile.key}`);
    expect(error.message).toContain(problem);
    expect(await keysUnder(context, RESULTS, "bad/")).toEqual([]);
  });

  it("fails with MissingValue naming the path, the template and the job file when the job has no such value", async () => {
    const jobFile = await putJobFile(context, "demo/no-project.json", '{"sample": "S1"}');
    const template = `s3://${RESULTS}/missing/\${job.project}/\${job.sample}`;

    const error = await failureOf(initializeJob(services(), initializeEvent(template, jobFile)));

    expect(error).toBeInstanceOf(InitializeError);
    expect(error).toMatchObject({ name: "MissingValue", code: "MissingValue" });
    expect(error.message).toContain("${job.project}");
    expect(error.message).toContain(JSON.stringify(template));
    expect(error.message).toContain(`job file s3://${LAUNCHER}/demo/no-project.json`);
    expect(await keysUnder(context, RESULTS, "missing/")).toEqual([]);
  });

  it("fails with UnrenderableValue when the template takes a list from the job", async () => {
    const jobFile = await putJobFile(context, "demo/list.json", '{"samples": ["a", "b"]}');

    const error = await failureOf(initializeJob(services(), initializeEvent(`s3://${RESULTS}/\${job.samples}`, jobFile)));

    expect(error).toMatchObject({ code: "UnrenderableValue" });
    expect(error.message).toContain("job.samples is a list");
  });

  it("fails with InvalidRepository when the template does not give an S3 URI", async () => {
    const jobFile = await putJobFile(context, "demo/not-s3.json", '{"sample": "S1"}');

    const error = await failureOf(initializeJob(services(), initializeEvent("results/${job.sample}", jobFile)));

    expect(error).toMatchObject({ code: "InvalidRepository" });
    expect(error.message).toContain('the repository template "results/${job.sample}"');
    expect(error.message).toContain("is not an S3 URI");
  });

  it("refuses a repository inside the job file's launcher folder", async () => {
    const jobFile = await putJobFile(context, "demo/loop.json", '{"sample": "S1"}');
    const elsewhere = { ...SETTINGS, launcherBucket: "another-launcher" };

    const error = await failureOf(initializeJob(services(elsewhere), initializeEvent(`s3://${LAUNCHER}/demo/loops/\${job.sample}`, jobFile)));

    expect(error).toMatchObject({ name: "RepositoryInLauncherFolder", code: "RepositoryInLauncherFolder" });
    expect(error.message).toContain(`repository s3://${LAUNCHER}/demo/loops/S1`);
    expect(error.message).toContain(`inside the launcher folder s3://${LAUNCHER}/demo/`);
    expect(error.message).toContain(`job file s3://${LAUNCHER}/demo/loop.json`);
    expect(await keysUnder(context, LAUNCHER, "demo/loops/")).toEqual([]);
  });

  it("refuses any repository in the installation's launcher bucket, and allows another folder of a bucket that is not it", async () => {
    const jobFile = await putJobFile(context, "demo/bucket.json", '{"sample": "S1"}');
    const template = `s3://${LAUNCHER}/repos/\${job.sample}`;

    const refused = await failureOf(initializeJob(services(), initializeEvent(template, jobFile)));
    const allowed = await initializeJob(services({ ...SETTINGS, launcherBucket: "another-launcher" }), initializeEvent(template, jobFile));

    expect(refused).toMatchObject({ code: "RepositoryInLauncherFolder" });
    expect(refused.message).toContain(`inside the launcher bucket s3://${LAUNCHER}/`);
    expect(allowed).toMatchObject({ repo: { uri: `s3://${LAUNCHER}/repos/S1` } });
  });

  it("fails with BadEvent naming the field when the event lacks one", async () => {
    const event: Record<string, unknown> = initializeEvent(`s3://${RESULTS}/x`, { key: "demo/x.json", version: "" });
    delete event.repo_template;

    const error = await failureOf(initializeJob(services(), event));

    expect(error).toBeInstanceOf(StepLambdaError);
    expect(error).toMatchObject({ code: "BadEvent" });
    expect(error.message).toContain("field 'repo_template'");
  });

  it("fails with BadEvent naming input_obj.job_file.key when the launcher's input has no job file key", async () => {
    const event = { ...initializeEvent(`s3://${RESULTS}/x`, { key: "", version: "" }) };

    const error = await failureOf(initializeJob(services(), event));

    expect(error).toMatchObject({ code: "BadEvent" });
    expect(error.message).toContain("field 'input_obj.job_file.key'");
  });
});

describe("initializeJob with a store that keeps versions", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "stepbatch-initializer-"));
    for (const bucket of [LAUNCHER, RESULTS]) await mkdir(join(root, bucket));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads the job file in the version the launcher recorded, and names that version when it is gone", async () => {
    const store = new DirectoryStore(root);
    const first = await store.put(LAUNCHER, "demo/v.json", '{"sample": "S1"}');
    await store.put(LAUNCHER, "demo/v.json", '{"sample": "S2"}');

    const error = await failureOf(
      initializeJob({ store, settings: SETTINGS }, initializeEvent(`s3://${RESULTS}/v/\${job.sample}`, { key: "demo/v.json", version: first.versionId ?? "" })),
    );

    expect(error).toMatchObject({ code: "JobFileNotFound", message: `job file s3://${LAUNCHER}/demo/v.json (version ${first.versionId}) does not exist` });
  });
});
