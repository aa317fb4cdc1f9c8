import { describe, expect, it } from "vitest";
import { compileWorkflow, settingsFromEnv, STEPBATCH_VERSION } from "../../../../shared/compiler";
import { parseWorkflow } from "../../../../shared/spec";
import { TemplateError } from "../../../../local/batch/errors";
import { localJobDefinitions } from "../../../../local/batch/jobDefinitions";

const WORKFLOW = `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Align:
      image: tools/aligner:1.2
      compute:
        cpus: 4
        memory: 8 Gb
      commands: echo hi > \${out}
      outputs:
        out: out.txt
      timeout: 2h
  - Count:
      image: docker.io/library/busybox:stable
      commands: wc -l \${out}
`;

function compiled() {
  const parsed = parseWorkflow(WORKFLOW, "test.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compileWorkflow(parsed.workflow, { name: "demo", settings: settingsFromEnv({}) });
}

describe("localJobDefinitions", () => {
  it("keys every job definition by its local ARN and gives the substitutions for the definition", () => {
    const { jobDefinitions, substitutions } = localJobDefinitions(compiled().template);
    expect(substitutions).toEqual({
      AlignJobDef: "arn:aws:batch:local:000000000000:job-definition/demo_Align:1",
      CountJobDef: "arn:aws:batch:local:000000000000:job-definition/demo_Count:1",
    });
    expect(Object.keys(jobDefinitions).sort()).toEqual(Object.values(substitutions).sort());
  });

  it("reads a definition with its intrinsics resolved in the local place", () => {
    const align = localJobDefinitions(compiled().template).jobDefinitions["arn:aws:batch:local:000000000000:job-definition/demo_Align:1"];
    expect(align).toMatchObject({
      name: "demo_Align",
      logicalId: "AlignJobDef",
      image: `000000000000.dkr.ecr.local.amazonaws.com/stepbatch-runner:${STEPBATCH_VERSION}`,
      resources: { vcpus: 4, memoryMiB: 8192 },
      timeoutSeconds: 7200,
      retryStrategy: { attempts: 3, evaluateOnExit: [{ action: "RETRY", onStatusReason: "Host EC2*" }, { action: "EXIT", onReason: "*" }] },
      jobRoleArn: "arn:aws:iam::000000000000:role/stepbatch-ecs-task-role",
    });
    expect(align.parameters.image).toBe('{"name":"000000000000.dkr.ecr.local.amazonaws.com/tools/aligner:1.2"}');
    expect(align.environment).toMatchObject({ BC_WORKFLOW_NAME: "demo", BC_STEP_NAME: "Align", AWS_DEFAULT_REGION: "local", AWS_ACCOUNT_ID: "000000000000" });
    expect(align.command.slice(0, 3)).toEqual(["stepbatch-runner", "--commands", "Ref::command"]);
  });

  it("uses another place's region and account when given one", () => {
    const { substitutions } = localJobDefinitions(compiled().template, { region: "eu-west-1", accountId: "123456789012" });
    expect(substitutions.CountJobDef).toBe("arn:aws:batch:eu-west-1:123456789012:job-definition/demo_Count:1");
  });

  it("defaults a missing RetryStrategy to one attempt, as Batch does", () => {
    const { template } = compiled();
    delete template.Resources.CountJobDef.Properties.RetryStrategy;
    const count = localJobDefinitions(template).jobDefinitions["arn:aws:batch:local:000000000000:job-definition/demo_Count:1"];
    expect(count.retryStrategy).toEqual({ attempts: 1, evaluateOnExit: [] });
    expect(count.timeoutSeconds).toBeUndefined();
  });

  it("names the field of a job definition it cannot run", () => {
    const { template } = compiled();
    (template.Resources.AlignJobDef.Properties.ContainerProperties as { ResourceRequirements: unknown[] }).ResourceRequirements = [{ Type: "VCPU", Value: "2" }];
    expect(() => localJobDefinitions(template)).toThrow(
      new TemplateError("BadJobDefinition", "Resources.AlignJobDef.Properties.ContainerProperties: ResourceRequirements must give VCPU and MEMORY"),
    );
  });

  it("refuses a template compiled for the stack's name, saying what to do", () => {
    const parsed = parseWorkflow(WORKFLOW, "test.yaml");
    if (!parsed.ok) throw new Error("parse");
    const { template } = compileWorkflow(parsed.workflow, { name: { sub: "${AWS::StackName}" }, settings: settingsFromEnv({}) });
    expect(() => localJobDefinitions(template)).toThrow(/JobDefinitionName.*AWS::StackName has no value in a local run.*compile the workflow with a name/);
  });
});
