import { describe, expect, it } from "vitest";
import type { Definition, State } from "../../../local/asl/types";
import { forEachState, localStateMachineArn, prepareDefinition, UnsupportedResource, type LocalDefinition } from "../../../local/definition";
import { DISTRIBUTED_MAP_RESOURCE, LOCAL_TASK_TIMEOUT_SECONDS } from "../../../local/distributedMap";
import { compileWorkflow, settingsFromEnv, type CompiledWorkflow } from "../../../shared/compiler";
import { compile, compileExample, parse } from "./support/workflows";

const INSTALLATION = "stepbatch";

const examples: Record<string, CompiledWorkflow> = {
  branching: compileExample("branching/workflow.yaml", "branching"),
  "fast-subworkflow": compileExample("branching/fast-subworkflow.yaml", "fast-subworkflow"),
  scatter: compileExample("scatter/workflow.yaml", "scatter"),
};

/** Every state of a prepared workflow, Distributed Map processors included, by name. */
function allStates(local: LocalDefinition): Map<string, State & Record<string, unknown>> {
  const states = new Map<string, State & Record<string, unknown>>();
  const collect = (definition: Pick<Definition, "States">) => forEachState(definition, (name, state) => states.set(name, state as State & Record<string, unknown>));
  collect(local.definition);
  for (const route of Object.values(local.tasks)) if (route.kind === "distributedMap") collect(route.map.processor);
  return states;
}

/** The definition as text, with the processors the rewrite took out of it. */
const everything = (local: LocalDefinition) => JSON.stringify([local.definition, Object.values(local.tasks)]);

function substitutionKeys(compiled: CompiledWorkflow): string[] {
  const machine = Object.values(compiled.template.Resources).find((r) => r.Type === "AWS::StepFunctions::StateMachine")!;
  return Object.keys(machine.Properties.DefinitionSubstitutions as object);
}

describe.each(Object.entries(examples))("prepareDefinition of the %s example", (name, compiled) => {
  const local = prepareDefinition(compiled, INSTALLATION);
  const text = everything(local);

  it("leaves no DefinitionSubstitutions placeholder, and the run-time ${job.x} ones as written", () => {
    const keys = substitutionKeys(compiled);
    expect(keys).toEqual(expect.arrayContaining(["WorkflowName", "InitializerLambdaArn", "SpotQueueArn"]));
    expect(JSON.stringify(compiled.stateMachine)).toContain("${InitializerLambdaArn}");
    for (const key of keys) expect(text, key).not.toContain(`\${${key}}`);
    expect(text).not.toMatch(/\$\{[A-Za-z0-9]+(Arn|JobDef)\}/);
    expect(text).not.toMatch(/\$\{AWS(Region|AccountId)\}/);
    expect(text).toContain(`"workflow_name":"${name}"`);
    const runtime = JSON.stringify(compiled.stateMachine).match(/\$\{(job|parent|scatter)\.[^}]+\}/g) ?? [];
    expect(runtime.length).toBeGreaterThan(0);
    for (const placeholder of runtime) expect(text).toContain(placeholder);
  });

  it("points Lambda Tasks at local ARNs, and batch job definitions at the local job definitions", () => {
    const states = allStates(local);
    expect(states.get("Initialize")!.Resource).toBe("arn:aws:lambda:local:000000000000:function:stepbatch-initializer:live");
    for (const [state, route] of Object.entries(local.tasks)) {
      if (route.kind !== "batch") continue;
      const parameters = states.get(state)!.Parameters as { JobDefinition: string; JobQueue: string };
      expect(local.jobDefinitions.jobDefinitions[parameters.JobDefinition], state).toBeDefined();
      expect(parameters.JobQueue).toBe("arn:aws:batch:local:000000000000:job-queue/stepbatch-spot");
    }
  });

  it("routes every Task state, at any depth, and gives each a TimeoutSeconds", () => {
    const tasks = [...allStates(local)].filter(([, state]) => state.Type === "Task");
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(local.tasks).sort()).toEqual(tasks.map(([state]) => state).sort());
    for (const [state, fields] of tasks) expect(fields.TimeoutSeconds, state).toBe(LOCAL_TASK_TIMEOUT_SECONDS);
    expect(local.tasks.Initialize).toEqual({ kind: "lambda", fn: "initializer" });
  });

  it('drops every ResultPath "$", keeping null and other paths', () => {
    expect(JSON.stringify(compiled.stateMachine)).toContain('"ResultPath":"$"');
    expect(text).not.toContain('"ResultPath":"$"');
    expect(allStates(local).get("Initialize")).not.toHaveProperty("ResultPath");
    const compiledNulls = JSON.stringify(compiled.stateMachine).split('"ResultPath":null').length;
    expect(JSON.stringify(local.definition).split('"ResultPath":null').length).toBe(compiledNulls);
  });

  it("leaves the compiled workflow as it was (the template shares its definition)", () => {
    const before = structuredClone(compiled);
    prepareDefinition(compiled, INSTALLATION);
    expect(compiled).toEqual(before);
  });
});

describe("prepareDefinition: the routes of the branching example", () => {
  const local = prepareDefinition(examples.branching, INSTALLATION);

  it("runs batch steps through Batch, choosers and subpipes through their Lambdas, and the subpipe as a nested execution", () => {
    expect(local.tasks).toEqual({
      Initialize: { kind: "lambda", fn: "initializer" },
      Inspect: { kind: "batch" },
      Route: { kind: "lambda", fn: "chooser" },
      "Deep.if1: stats.kind == 'paired'?": { kind: "lambda", fn: "chooser" },
      Pair: { kind: "batch" },
      FastPath: { kind: "lambda", fn: "subpipes" },
      "FastPath.subpipe": { kind: "execution", outputAsJson: true },
      "FastPath.retrieve": { kind: "lambda", fn: "subpipes" },
    });
  });

  it("starts the subpipe's state machine by its local ARN, qualified as the launcher qualifies it", () => {
    const subpipe = allStates(local).get("FastPath.subpipe")!.Parameters as { StateMachineArn: string };
    expect(subpipe.StateMachineArn).toBe(`${localStateMachineArn("fast-subworkflow")}:current`);
  });
});

describe("prepareDefinition: Distributed Maps (the scatter example)", () => {
  const local = prepareDefinition(examples.scatter, INSTALLATION);

  it("replaces each with a Task the engine runs, keeping its transition and the processor's states out of the definition", () => {
    const map = local.definition.States["PerSample.map"] as unknown as Record<string, unknown>;
    expect(map).toMatchObject({ Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE, Next: "PerSample.gather", ResultPath: null });
    expect(JSON.stringify(local.definition)).not.toContain('"DISTRIBUTED"');
    expect(JSON.stringify(local.definition)).not.toContain('"Count"');

    const route = local.tasks["PerSample.map"];
    expect(route.kind).toBe("distributedMap");
    if (route.kind !== "distributedMap") return;
    expect(route.map).toMatchObject({ stateName: "PerSample.map", maxConcurrency: 4, toleratedFailurePercentage: 10, itemReader: { inputType: "JSONL" } });
    expect(Object.keys(route.map.processor.States)).toEqual(["PerSample.initialize", "Count"]);
    expect(local.tasks.Count).toEqual({ kind: "batch" });
    expect(local.tasks["PerSample.initialize"]).toEqual({ kind: "lambda", fn: "scatter-init" });
  });
});

describe("prepareDefinition: hand-written states", () => {
  it("refuses a Task resource a local run cannot call, naming the state even inside a Parallel branch", () => {
    const compiled = compile(
      `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Guarded:
      Type: Parallel
      Branches:
        - steps:
            - Notify:
                Type: Task
                Resource: arn:aws:states:::sns:publish
                Parameters: {TopicArn: arn:aws:sns:us-east-1:123456789012:topic, Message: done}
`,
      "hand",
    );
    const error = (() => {
      try {
        prepareDefinition(compiled, INSTALLATION);
      } catch (caught) {
        return caught;
      }
      throw new Error("expected UnsupportedResource");
    })();

    expect(error).toBeInstanceOf(UnsupportedResource);
    expect((error as UnsupportedResource).code).toBe("UnsupportedResource");
    expect((error as Error).message).toContain("state 'Notify' calls arn:aws:states:::sns:publish");
  });

  it("refuses the Lambdas of another installation, and routes those of its own", () => {
    const yaml = `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Done:
      Type: Pass
`;
    const lab = compileWorkflow(parse(yaml), { name: "lab-flow", settings: settingsFromEnv({ STEPBATCH_INSTALLATION: "lab" }) });

    expect(prepareDefinition(lab, "lab").tasks.Initialize).toEqual({ kind: "lambda", fn: "initializer" });
    expect(() => prepareDefinition(lab, INSTALLATION)).toThrow(/state 'Initialize' calls arn:aws:lambda:local:000000000000:function:lab-initializer/);
  });

  it('drops a catcher\'s ResultPath "$" too', () => {
    const compiled = compile(
      `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Guarded:
      Type: Parallel
      Branches:
        - steps:
            - Nothing:
                Type: Pass
      Catch:
        - ErrorEquals: [States.ALL]
          ResultPath: $
          Next: Recover
  - Recover:
      Type: Pass
`,
      "hand",
    );
    const { definition } = prepareDefinition(compiled, INSTALLATION);

    expect((definition.States.Guarded as { Catch: object[] }).Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: "Recover" }]);
  });

  it("keeps a native Task's TimeoutSecondsPath in charge: no TimeoutSeconds is added beside it", () => {
    // ASL allows one of the two; the interpreter reads TimeoutSeconds first, so an added one would hide the path.
    const compiled = compile(
      `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Timed:
      Type: Task
      Resource: arn:aws:states:::batch:submitJob.sync
      TimeoutSecondsPath: $.timeout
      Parameters: {JobName: timed, JobQueue: spot, JobDefinition: timed}
`,
      "hand",
    );
    const { definition, tasks } = prepareDefinition(compiled, INSTALLATION);

    expect(tasks.Timed).toEqual({ kind: "batch" });
    expect(definition.States.Timed).toMatchObject({ TimeoutSecondsPath: "$.timeout" });
    expect(definition.States.Timed).not.toHaveProperty("TimeoutSeconds");
  });
});
