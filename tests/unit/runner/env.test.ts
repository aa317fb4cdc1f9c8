import { describe, expect, it } from "vitest";
import { commandEnvironment, readRunnerEnvironment } from "../../../runner-image/src/env";
import { RunnerError } from "../../../runner-image/src/errors";

/** What a Batch job of a compiled step sees (job definition, submit overrides, Batch itself), plus unrelated variables. */
const BATCH_ENV = {
  BC_WORKFLOW_NAME: "demo",
  BC_STEP_NAME: "Align",
  BC_SCRATCH_PATH: "/_bclaw_scratch",
  AWS_DEFAULT_REGION: "eu-west-1",
  AWS_ACCOUNT_ID: "123456789012",
  BC_BRANCH_IDX: "7",
  BC_EXECUTION_ID: "sample1_3f9c2a1b",
  BC_LAUNCH_BUCKET: "launcher",
  BC_LAUNCH_KEY: "demo/sample1.json",
  BC_LAUNCH_VERSION: "3f9c2a1bxyz",
  AWS_BATCH_JOB_ID: "job-1",
  AWS_BATCH_JOB_ATTEMPT: "2",
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/abc",
  ECS_CONTAINER_METADATA_URI_V4: "http://169.254.170.2/v4/abc",
  HOME: "/root",
  PATH: "/usr/bin",
  REGISTRY_PASSWORD: "hunter2",
};

/** The message of the RunnerError that reading `env` fails with. */
function envError(env: NodeJS.ProcessEnv): string {
  try {
    readRunnerEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    return (error as Error).message;
  }
  throw new Error("expected a BadEnvironment error");
}

describe("readRunnerEnvironment", () => {
  it("reads the job's identity, launch, scratch and region from the Batch environment", () => {
    const env = readRunnerEnvironment(BATCH_ENV);
    expect(env).toMatchObject({
      workflowName: "demo",
      stepName: "Align",
      executionId: "sample1_3f9c2a1b",
      branch: "7",
      scratchPath: "/_bclaw_scratch",
      jobFile: { bucket: "launcher", key: "demo/sample1.json", version: "3f9c2a1bxyz" },
      batchJobId: "job-1",
      attempt: 2,
      region: "eu-west-1",
      accountId: "123456789012",
      containerMetadataUri: "http://169.254.170.2/v4/abc",
      executor: "docker",
    });
    expect(env.gpu).toBeUndefined();
  });

  it("defaults the branch to main, the attempt to 1 and the executor to docker", () => {
    const env = readRunnerEnvironment({ BC_WORKFLOW_NAME: "w", BC_STEP_NAME: "s", BC_EXECUTION_ID: "e" });
    expect(env).toMatchObject({ branch: "main", attempt: 1, executor: "docker" });
  });

  it.each(["BC_WORKFLOW_NAME", "BC_STEP_NAME", "BC_EXECUTION_ID"])("refuses to run without %s", (name) => {
    expect(envError({ ...BATCH_ENV, [name]: "" })).toContain(`${name} is not set`);
  });

  it.each([
    ["BC_EXECUTOR", "podman", "BC_EXECUTOR must be one of docker, local"],
    ["BC_PULL_POLICY", "sometimes", "BC_PULL_POLICY must be one of always, if-not-present, never"],
    ["AWS_BATCH_JOB_ATTEMPT", "first", "AWS_BATCH_JOB_ATTEMPT must be a positive whole number"],
  ])("names %s when it holds %s", (name, value, message) => {
    expect(envError({ ...BATCH_ENV, [name]: value })).toContain(message);
  });

  it("asks for the GPUs the step wants, exactly the devices Batch assigned", () => {
    expect(readRunnerEnvironment({ ...BATCH_ENV, BC_GPUS: "2", NVIDIA_VISIBLE_DEVICES: "GPU-a,GPU-b" }).gpu).toEqual({ vendor: "nvidia", deviceIds: ["GPU-a", "GPU-b"] });
    expect(readRunnerEnvironment({ ...BATCH_ENV, BC_GPUS: "all" }).gpu).toEqual({ vendor: "nvidia", count: "all" });
    expect(() => readRunnerEnvironment({ ...BATCH_ENV, BC_GPUS: "two" })).toThrow('BC_GPUS must be a whole number of GPUs or "all"');
  });
});

describe("commandEnvironment", () => {
  it("passes every AWS_* and BC_* variable and the workspace paths, and nothing else", () => {
    const env = readRunnerEnvironment({ ...BATCH_ENV, BC_BRANCH_IDX: "" });
    expect(commandEnvironment(env, { workspace: "/_bclaw_scratch", jobDataFile: "/_bclaw_scratch/job_data_ab.json" })).toEqual({
      BC_WORKFLOW_NAME: "demo",
      BC_STEP_NAME: "Align",
      BC_SCRATCH_PATH: "/_bclaw_scratch",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ACCOUNT_ID: "123456789012",
      BC_BRANCH_IDX: "main",
      BC_EXECUTION_ID: "sample1_3f9c2a1b",
      BC_LAUNCH_BUCKET: "launcher",
      BC_LAUNCH_KEY: "demo/sample1.json",
      BC_LAUNCH_VERSION: "3f9c2a1bxyz",
      AWS_BATCH_JOB_ID: "job-1",
      AWS_BATCH_JOB_ATTEMPT: "2",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/abc",
      BC_WORKSPACE: "/_bclaw_scratch",
      BC_JOB_DATA_FILE: "/_bclaw_scratch/job_data_ab.json",
    });
  });
});
