import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SfnExecutions } from "../../../shared/aws";
import { executionName as nameFor, launchJob, MAX_JOB_FILE_BYTES, type Launch } from "../../../shared/launcher";
import type { ServiceSettings } from "../../../shared/services/types";
import { DirectoryStore } from "../../../shared/store";
import { BUCKET, describeOnEachStore, failureOf, type StoreContext } from "../stepLambdas/stores";

const LAUNCHER = BUCKET;
const SETTINGS: ServiceSettings = { region: "eu-west-1", accountId: "123456789012", launcherBucket: LAUNCHER };
const STATE_MACHINES = "arn:aws:states:eu-west-1:123456789012:stateMachine";

const SEQUENCER = "0066B3E1A4F2C5D7E8";

const sfn = mockClient(SFNClient);

function objectCreated(key: string, object: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    version: "0",
    "detail-type": "Object Created",
    source: "aws.s3",
    region: "eu-west-1",
    detail: { version: "0", bucket: { name: LAUNCHER }, object: { key, size: 10, sequencer: SEQUENCER, ...object } },
    ...extra,
  };
}

/** Writes a job file into the launcher bucket; its version id, "" where the store keeps none. */
async function putJobFile(context: StoreContext, key: string, body: string): Promise<string> {
  return (await context.store.put(LAUNCHER, key, body)).versionId ?? "";
}

describeOnEachStore("launchJob", (context) => {
  const services = () => ({ store: context.store, executions: new SfnExecutions(new SFNClient({ region: "eu-west-1" })), settings: SETTINGS });
  const startCalls = () => sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).callsFake((input) => ({ executionArn: `arn:aws:states:eu-west-1:123456789012:execution:x:${input.name}` }));
  });

  it("starts one execution of the workflow's current alias, named from the key and version, with the job file as input", async () => {
    const version = await putJobFile(context, "demo/batch-7/sample1.json", '{"sample": "S1"}');

    const result = await launchJob(services(), objectCreated("demo/batch-7/sample1.json", { "version-id": version || undefined }));

    // The name rule itself is tested by the table in tests/unit/launcher/executionName.test.ts.
    const executionName = nameFor("batch-7/sample1.json", { versionId: version, sequencer: SEQUENCER });
    const input = { job_file: { bucket: LAUNCHER, key: "demo/batch-7/sample1.json", version }, index: "main" };
    expect(startCalls()).toEqual([{ stateMachineArn: `${STATE_MACHINES}:demo:current`, name: executionName, input: JSON.stringify(input) }]);
    expect(result).toEqual({
      outcome: "started",
      message: `started execution ${executionName} of ${STATE_MACHINES}:demo:current`,
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:x:${executionName}`,
      stateMachineArn: `${STATE_MACHINES}:demo:current`,
      executionName,
      input,
    });
  });

  it("starts the version or alias the key names", async () => {
    await putJobFile(context, "demo:3/a.json", "{}");
    await putJobFile(context, "demo:prod/a.json", "{}");

    await launchJob(services(), objectCreated("demo:3/a.json"));
    await launchJob(services(), objectCreated("demo:prod/a.json"));

    expect(startCalls().map((call) => call.stateMachineArn)).toEqual([`${STATE_MACHINES}:demo:3`, `${STATE_MACHINES}:demo:prod`]);
  });

  it("reports a repeated event for the same upload as a duplicate: same name, and Step Functions starts nothing new", async () => {
    const version = await putJobFile(context, "demo/dup.json", "{}");
    const event = objectCreated("demo/dup.json", { "version-id": version || undefined });
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: "arn:aws:states:eu-west-1:123456789012:execution:demo:first" })
      .rejects(new ExecutionAlreadyExists({ message: "Execution Already Exists", $metadata: {} }));

    const first = await launchJob(services(), event);
    const second = await launchJob(services(), event);

    expect(first.outcome).toBe("started");
    expect(second).toMatchObject({ outcome: "duplicate", executionName: nameFor("dup.json", { versionId: version, sequencer: SEQUENCER }) });
    expect(second.message).toBe(`duplicate event: execution ${(second as Launch).executionName} of ${STATE_MACHINES}:demo:current already exists`);
    expect(startCalls().map((call) => call.name)).toEqual([(second as Launch).executionName, (second as Launch).executionName]);
  });

  it("fails on other Step Functions errors, so that Lambda retries the event", async () => {
    await putJobFile(context, "demo/throttled.json", "{}");
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));

    const error = await failureOf(launchJob(services(), objectCreated("demo/throttled.json")));

    expect(error.name).toBe("ThrottlingException");
  });

  it("on a dry run starts nothing and returns what it would have started", async () => {
    const version = await putJobFile(context, "demo/dry.json", '{"a": 1}');

    const result = await launchJob(services(), objectCreated("demo/dry.json", { "version-id": version || undefined }, { dry_run: true }));

    const executionName = nameFor("dry.json", { versionId: version, sequencer: SEQUENCER });
    expect(startCalls()).toEqual([]);
    expect(result).toEqual({
      outcome: "dry_run",
      message: `dry run: would start execution ${executionName} of ${STATE_MACHINES}:demo:current`,
      stateMachineArn: `${STATE_MACHINES}:demo:current`,
      executionName,
      input: { job_file: { bucket: LAUNCHER, key: "demo/dry.json", version }, index: "main" },
    });
  });

  const ignored: Array<[string, string]> = [
    ["demo/folder/", "folder"],
    ["__tmp__/sfn/def.json", "temporary"],
    ["loose-file.json", "no-workflow"],
    ["not_a_workflow/job.json", "no-workflow"],
  ];

  it.each(ignored)("ignores %s (%s) and starts nothing", async (key, reason) => {
    await putJobFile(context, key, key.endsWith("/") ? "" : "{}");

    const result = await launchJob(services(), objectCreated(key));

    expect(result).toMatchObject({ outcome: "ignored", bucket: LAUNCHER, key, reason });
    expect(startCalls()).toEqual([]);
  });

  const badJobFiles: Array<[string, string, string]> = [
    ["empty", "", "is empty: it must hold a JSON object"],
    ["blank", " \n\t", "is empty: it must hold a JSON object"],
    ["malformed", '{"sample": ', "is not valid JSON"],
    ["a list", '["a"]', "must hold a JSON object, not a list"],
    ["a string", '"text"', "must hold a JSON object, not a string"],
    ["null", "null", "must hold a JSON object, not null"],
  ];

  it.each(badJobFiles)("refuses an %s job file with a message naming it, and starts nothing", async (name, body, problem) => {
    const key = `demo/bad/${name.replace(/ /g, "-")}.json`;
    await putJobFile(context, key, body);

    const result = await launchJob(services(), objectCreated(key));

    expect(result).toMatchObject({ outcome: "refused", bucket: LAUNCHER, key, code: "InvalidJobFile" });
    expect(result.message.startsWith(`job file s3://${LAUNCHER}/${key} ${problem}`)).toBe(true);
    expect(startCalls()).toEqual([]);
  });

  it("refuses a job file that is gone, naming it", async () => {
    const result = await launchJob(services(), objectCreated("demo/deleted.json"));

    expect(result).toEqual({
      outcome: "refused",
      bucket: LAUNCHER,
      key: "demo/deleted.json",
      code: "JobFileNotFound",
      message: `job file s3://${LAUNCHER}/demo/deleted.json does not exist`,
      problem: "does not exist",
    });
    expect(startCalls()).toEqual([]);
  });

  it("finds the job file whether the event's key is URL-encoded or not", async () => {
    await putJobFile(context, "demo:2/my sample+1.json", "{}");

    const encoded = await launchJob(services(), objectCreated("demo%3A2/my+sample%2B1.json"));
    const percent = await launchJob(services(), objectCreated("demo:2/my%20sample+1.json"));
    const plain = await launchJob(services(), objectCreated("demo:2/my sample+1.json"));

    for (const result of [encoded, percent, plain]) {
      expect(result).toMatchObject({ outcome: "started", stateMachineArn: `${STATE_MACHINES}:demo:2`, executionName: "my-sample-1_f7aeee18" });
      expect(result.outcome === "started" && result.input.job_file.key).toBe("demo:2/my sample+1.json");
    }
  });

  it("accepts a job file that starts with a UTF-8 byte order mark (as some editors write)", async () => {
    await putJobFile(context, "demo/bom.json", '\uFEFF{"sample": "S1"}');

    expect((await launchJob(services(), objectCreated("demo/bom.json"))).outcome).toBe("started");
  });

  it("takes a key with a literal '+' as it is when that object exists", async () => {
    await putJobFile(context, "demo/a+b.json", "{}");
    await putJobFile(context, "demo/a b.json", "{}");

    const result = await launchJob(services(), objectCreated("demo/a+b.json"));

    expect(result.outcome === "started" && result.input.job_file.key).toBe("demo/a+b.json");
  });
});

describe("launchJob on a DirectoryStore: versions and sizes", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "stepbatch-launcher-"));
    await mkdir(join(root, LAUNCHER));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads the job file in the version the event names, not the latest", async () => {
    const store = new DirectoryStore(root);
    const first = await store.put(LAUNCHER, "demo/job.json", "{}");
    await store.put(LAUNCHER, "demo/job.json", "not JSON");
    sfn.reset();

    const result = await launchJob({ store, executions: new SfnExecutions(new SFNClient({})), settings: SETTINGS }, objectCreated("demo/job.json", { "version-id": first.versionId }));

    expect(result).toMatchObject({ outcome: "refused", code: "JobFileNotFound", message: `job file s3://${LAUNCHER}/demo/job.json (version ${first.versionId}) does not exist` });
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });

  it("refuses a job file over MAX_JOB_FILE_BYTES without reading it", async () => {
    const store = new DirectoryStore(root);
    await store.put(LAUNCHER, "demo/huge.json", Buffer.alloc(MAX_JOB_FILE_BYTES + 1, " "));
    sfn.reset();

    const result = await launchJob({ store, executions: new SfnExecutions(new SFNClient({})), settings: SETTINGS }, objectCreated("demo/huge.json"));

    expect(result).toMatchObject({
      outcome: "refused",
      code: "JobFileTooLarge",
      message: `job file s3://${LAUNCHER}/demo/huge.json is ${MAX_JOB_FILE_BYTES + 1} bytes; job files may hold at most ${MAX_JOB_FILE_BYTES}`,
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });
});
