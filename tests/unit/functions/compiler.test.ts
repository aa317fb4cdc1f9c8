import { readFile } from "node:fs/promises";
import type { Context } from "aws-lambda";
import { describe, expect, test } from "vitest";
import { handler } from "../../../functions/compiler/handler";
import type { MacroEvent } from "../../../shared/compiler/macro";
import { expectValidAsl } from "../../support/asl";

const sample = async (): Promise<MacroEvent> => JSON.parse(await readFile("functions/compiler/events/linear.json", "utf8"));
const invoke = (event: unknown) => handler(event as MacroEvent, {} as Context);

describe("the compiler macro", () => {
  test("turns a workflow template into the deployable template, named after the stack", async () => {
    const event = await sample();
    const response = await invoke(event);
    expect(response.status).toBe("success");
    expect(response.requestId).toBe("example-request");
    const resources = response.fragment.Resources as Record<string, { Properties: Record<string, unknown> }>;
    const machine = resources.MainStateMachine.Properties;
    expect(machine.StateMachineName).toEqual({ "Fn::Sub": "${AWS::StackName}" });
    expectValidAsl(machine.Definition);
    expect(resources.CountJobDef.Properties.JobDefinitionName).toEqual({ "Fn::Sub": "${AWS::StackName}_Count" });
    // The parameter value CloudFormation passed wins over the Default.
    expect(JSON.stringify(machine.Definition)).toContain("s3://my-bucket/linear/${job.sample_id}");
  });

  test("fails the deploy with every error, readable, and the fragment unchanged", async () => {
    const event = await sample();
    const steps = event.fragment.Steps as Array<Record<string, Record<string, unknown>>>;
    steps[0].Count.compute = { cpus: 0 };
    steps[1].Report.next = "Nowhere";
    const response = await invoke(event);
    expect(response).toEqual({
      requestId: "example-request",
      status: "failure",
      fragment: event.fragment,
      errorMessage:
        "step 'Count', field 'compute.cpus': expected a whole number of at least 1, got 0; step 'Report', field 'next': there is no step named 'Nowhere'",
    });
  });

  test("refuses an event that is not a macro request", async () => {
    await expect(invoke({ hello: "world" })).rejects.toThrow("not a CloudFormation macro event");
  });
});
