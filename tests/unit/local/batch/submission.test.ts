import { describe, expect, it } from "vitest";
import { StatesError } from "../../../../local/asl/errors";
import type { Json } from "../../../../local/asl/types";
import type { LocalJobDefinition } from "../../../../local/batch/jobDefinitions";
import { readSubmission } from "../../../../local/batch/submission";

const ARN = "arn:aws:batch:local:000000000000:job-definition/demo_Align:1";
const DEFINITION = { arn: ARN, name: "demo_Align" } as LocalJobDefinition;
const DEFINITIONS = { [ARN]: DEFINITION };
const REQUEST = {
  JobName: "exec1__Align",
  JobDefinition: ARN,
  JobQueue: "arn:aws:batch:local:000000000000:job-queue/stepbatch-spot",
  ShareIdentifier: "demo",
  Parameters: { repo: "s3://b/r", skip: "none" },
  ContainerOverrides: { Environment: [{ Name: "BC_BRANCH_IDX", Value: "main" }] },
  Tags: { "stepbatch:execution": "exec1" },
};

function refusal(input: Json): string {
  try {
    readSubmission(input, DEFINITIONS);
  } catch (error) {
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).name).toBe("Batch.ClientException");
    return (error as StatesError).message;
  }
  throw new Error("expected a refusal");
}

describe("readSubmission", () => {
  it("reads the compiled Task's request", () => {
    expect(readSubmission(REQUEST, DEFINITIONS)).toEqual({
      jobName: "exec1__Align",
      definition: DEFINITION,
      jobQueue: REQUEST.JobQueue,
      shareIdentifier: "demo",
      parameters: { repo: "s3://b/r", skip: "none" },
      environment: { BC_BRANCH_IDX: "main" },
      tags: { "stepbatch:execution": "exec1" },
    });
  });

  it("finds a job definition by name or name:revision too", () => {
    expect(readSubmission({ ...REQUEST, JobDefinition: "demo_Align" }, DEFINITIONS).definition).toBe(DEFINITION);
    expect(readSubmission({ ...REQUEST, JobDefinition: "demo_Align:1" }, DEFINITIONS).definition).toBe(DEFINITION);
  });

  it("refuses what Batch refuses, as Batch.ClientException", () => {
    expect(refusal({ ...REQUEST, JobDefinition: "other" })).toBe(`JobDefinition other is not one of this workflow's job definitions (${ARN})`);
    expect(refusal({ ...REQUEST, JobName: "-bad name" })).toMatch(/JobName "-bad name" must be 1 to 128 letters/);
    expect(refusal({ ...REQUEST, ContainerOverrides: { Environment: [{ Name: "AWS_BATCH_JOB_ID", Value: "x" }] } })).toMatch(
      /AWS_BATCH_JOB_ID uses the prefix AWS_BATCH_, which Batch reserves/,
    );
    expect(refusal({ ...REQUEST, Parameters: { repo: 3 } })).toBe("Parameters.repo must be a string");
  });

  it("refuses by name a field the local Batch does not implement, rather than ignoring it", () => {
    expect(refusal({ ...REQUEST, ArrayProperties: { Size: 2 } })).toBe("ArrayProperties is not supported by the local Batch");
    expect(refusal({ ...REQUEST, ContainerOverrides: { Command: ["x"] } })).toBe("ContainerOverrides.Command is not supported by the local Batch");
  });
});
