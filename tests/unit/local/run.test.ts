import { afterEach, describe, expect, it, vi } from "vitest";
import { StatesError } from "../../../local/asl/errors";
import { runExecution, type ExecutionEvent, type ExecutionOutcome } from "../../../local/asl/run";
import type { Definition, ExecutionContext, Json, TaskHandler } from "../../../local/asl/types";
import { prepareDefinition } from "../../../local/definition";
import { compile, sleep } from "./support/workflows";

const CONTEXT: ExecutionContext = {
  Execution: { Id: "arn:aws:states:local:000000000000:execution:wf:run-1", Name: "run-1" },
  StateMachine: { Id: "arn:aws:states:local:000000000000:stateMachine:wf", Name: "wf" },
};

const TASK = "arn:aws:lambda:local:000000000000:function:stepbatch-work";

const machine = (states: Record<string, unknown>, startAt = Object.keys(states)[0]) => ({ StartAt: startAt, States: states }) as unknown as Definition;

function run(definition: Definition, input: Json, handlers: Record<string, TaskHandler> = {}, onEvent?: (event: ExecutionEvent) => void) {
  return runExecution(definition, input, { handlers, context: CONTEXT, onEvent });
}

describe("runExecution", () => {
  it("succeeds with the output of the last state, a Task's result coming from its handler", async () => {
    const definition = machine({
      Double: { Type: "Task", Resource: TASK, Parameters: { "n.$": "$.n" }, ResultPath: "$.doubled", Next: "Done" },
      Done: { Type: "Pass", End: true },
    });
    const seen: Json[] = [];
    const outcome = await run(definition, { n: 21, keep: "me" }, {
      Double: async (input) => {
        seen.push(input);
        return (input as { n: number }).n * 2;
      },
    }).outcome;

    expect(seen).toEqual([{ n: 21 }]);
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { n: 21, keep: "me", doubled: 42 } });
  });

  it("fails with a Fail state's Error and Cause", async () => {
    const definition = machine({ Stop: { Type: "Fail", Error: "ShallowData", Cause: "depth below threshold" } });

    expect(await run(definition, {}).outcome).toEqual({ status: "FAILED", error: "ShallowData", cause: "depth below threshold" });
  });

  it("fails with the name and message of the StatesError a handler throws", async () => {
    const definition = machine({ Work: { Type: "Task", Resource: TASK, End: true } });
    const handlers = {
      Work: async () => {
        throw new StatesError("ExpressionFailed", '{"errorMessage":"cannot evaluate","errorType":"ExpressionFailed"}');
      },
    };

    expect(await run(definition, {}, handlers).outcome).toEqual({
      status: "FAILED",
      error: "ExpressionFailed",
      cause: '{"errorMessage":"cannot evaluate","errorType":"ExpressionFailed"}',
    });
  });

  it("ends ABORTED when aborted while a state runs", async () => {
    const definition = machine({ Hold: { Type: "Wait", Seconds: 3600, End: true } });
    const execution = run(definition, {});
    await sleep(20);
    execution.abort();

    expect(await execution.outcome).toEqual<ExecutionOutcome>({ status: "ABORTED" });
  });

  it("answers $$.State.EnteredTime in Parameters with the time each state is entered", async () => {
    const definition = machine({
      First: { Type: "Task", Resource: TASK, Parameters: { "entered.$": "$$.State.EnteredTime" }, ResultPath: "$.first", Next: "Second" },
      Second: { Type: "Task", Resource: TASK, Parameters: { "entered.$": "$$.State.EnteredTime" }, ResultPath: "$.second", End: true },
    });
    const before = Date.now();
    const outcome = await run(definition, {}, {
      First: async (input) => {
        await sleep(30);
        return input;
      },
      Second: async (input) => input,
    }).outcome;
    const after = Date.now();

    expect(outcome.status).toBe("SUCCEEDED");
    const output = (outcome as unknown as { output: { first: { entered: string }; second: { entered: string } } }).output;
    const [first, second] = [output.first.entered, output.second.entered].map((text) => {
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      return Date.parse(text);
    });
    expect(first).toBeGreaterThanOrEqual(before);
    expect(second).toBeLessThanOrEqual(after);
    // The first state took 30 ms: the second was entered after it, not when the execution started.
    expect(second - first).toBeGreaterThanOrEqual(25);
  });

  it("reports each state entered and exited to onEvent", async () => {
    const events: ExecutionEvent[] = [];
    const definition = machine({ A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", End: true } });
    await run(definition, {}, {}, (event) => events.push(event)).outcome;
    await sleep(0);

    const states = events.flatMap((event) => ("state" in event ? [`${event.type} ${event.state.name}`] : []));
    expect(states).toEqual(["StateEntered A", "StateExited A", "StateEntered B", "StateExited B"]);
  });
});

describe("a compiled batch step running longer than the interpreter's default Task timeout (60 s)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const compiled = compile(
    `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Long:
      image: stepbatch/busybox:local
      commands: [sleep 3600]
`,
    "long",
  );
  const jobObject = { index: "main", job_file: { bucket: "launch", key: "long/job.json", version: "" }, repo: { uri: "s3://bucket/runs/1" }, share_id: "long", prev_outputs: {} };

  /** Runs `definition` on fake timers; the batch step's job ends only when `finish` is called. */
  async function runLongJob(definition: Definition) {
    const started: (() => void)[] = [];
    const jobStarted = new Promise<void>((resolve) => started.push(resolve));
    let finish: (() => void) | undefined;
    const execution = run(definition, jobObject, {
      Initialize: async () => jobObject,
      Long: () => {
        started[0]();
        return new Promise<Json>((resolve) => (finish = () => resolve({ Status: "SUCCEEDED" })));
      },
    });
    let outcome: ExecutionOutcome | undefined;
    void execution.outcome.then((settled) => (outcome = settled));
    await jobStarted;
    return { execution, outcome: () => outcome, finish: () => finish!() };
  }

  it("is not timed out once the definition is prepared: the Task has a TimeoutSeconds far beyond an hour", async () => {
    const { definition } = prepareDefinition(compiled, "stepbatch");
    expect((definition.States.Long as { TimeoutSeconds?: number }).TimeoutSeconds).toBeGreaterThan(24 * 3600);

    vi.useFakeTimers();
    const job = await runLongJob(definition);
    await vi.advanceTimersByTimeAsync(2 * 3600 * 1000);
    expect(job.outcome()).toBeUndefined();

    job.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(job.outcome()).toMatchObject({ status: "SUCCEEDED" });
  });

  it("is timed out by the interpreter when the compiled definition runs as it is (the default the preparation prevents)", async () => {
    const { definition: prepared } = prepareDefinition(compiled, "stepbatch");
    const { TimeoutSeconds: _default, ...long } = prepared.States.Long as unknown as Record<string, unknown>;
    const unprepared = { ...prepared, States: { ...prepared.States, Long: long } } as unknown as Definition;

    vi.useFakeTimers();
    const job = await runLongJob(unprepared);
    // 60 s per attempt, then the compiled Retry's States.ALL (3 more attempts after 3, 4.5 and 6.75 s).
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
    expect(job.outcome()).toEqual({ status: "FAILED", error: "States.Timeout", cause: "States.Timeout" });
  });
});
