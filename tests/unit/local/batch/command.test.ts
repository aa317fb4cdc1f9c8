import { describe, expect, it } from "vitest";
import { expandCommand, jobParameters } from "../../../../local/batch/command";
import { attemptEnvironment, queueName } from "../../../../local/batch/jobEnvironment";

describe("jobParameters and expandCommand", () => {
  it("lets submitted parameters override the job definition's defaults", () => {
    expect(jobParameters({ shell: "sh", qc: "[]" }, { shell: "bash", repo: "s3://b/r" })).toEqual({ shell: "bash", qc: "[]", repo: "s3://b/r" });
  });

  it("replaces each whole Ref::name argument by its parameter and leaves an unset one as written", () => {
    const command = ["stepbatch-runner", "--repo", "Ref::repo", "--references", "Ref::references", "--note", "keep Ref::repo inside"];
    expect(expandCommand(command, { repo: "s3://b/r" })).toEqual([
      "stepbatch-runner",
      "--repo",
      "s3://b/r",
      "--references",
      "Ref::references",
      "--note",
      "keep Ref::repo inside",
    ]);
  });

  it("does not take a name from the object prototype for a parameter", () => {
    expect(expandCommand(["Ref::toString"], {})).toEqual(["Ref::toString"]);
  });
});

describe("attemptEnvironment", () => {
  const placement = { jobId: "7c1e", attempt: 2, jobQueue: "arn:aws:batch:local:000000000000:job-queue/stepbatch-spot", executor: "local" as const, scratchRoot: "/tmp/s" };

  it("adds what Batch sets and what places the runner here, over the job's own variables", () => {
    const env = attemptEnvironment({ BC_STEP_NAME: "Align", BC_SCRATCH_PATH: "/_bclaw_scratch", BC_BRANCH_IDX: "3" }, placement);
    expect(env).toEqual({
      BC_PULL_POLICY: "if-not-present",
      BC_STEP_NAME: "Align",
      BC_BRANCH_IDX: "3",
      BC_SCRATCH_PATH: "/tmp/s",
      AWS_BATCH_JOB_ID: "7c1e",
      AWS_BATCH_JOB_ATTEMPT: "2",
      AWS_BATCH_JQ_NAME: "stepbatch-spot",
      AWS_BATCH_CE_NAME: "stepbatch-local",
      BC_EXECUTOR: "local",
    });
  });

  it("keeps a pull policy the job sets", () => {
    expect(attemptEnvironment({ BC_PULL_POLICY: "always" }, placement).BC_PULL_POLICY).toBe("always");
  });

  it("names a queue by the end of its ARN, or by the name it was given", () => {
    expect(queueName("arn:aws:batch:local:000000000000:job-queue/stepbatch-on-demand")).toBe("stepbatch-on-demand");
    expect(queueName("my-queue")).toBe("my-queue");
  });
});
