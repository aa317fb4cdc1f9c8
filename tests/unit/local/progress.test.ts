import { describe, expect, it } from "vitest";
import { StatesError } from "../../../local/asl/errors";
import { runExecution, type ExecutionEvent } from "../../../local/asl/run";
import type { Definition } from "../../../local/asl/types";
import type { EngineEvent } from "../../../local/engine";
import { RunProgress, type StepProgress } from "../../../local/progress";
import { parse, sleep } from "./support/workflows";

const WORKFLOW = "wf";
const EXECUTION = "arn:aws:states:local:000000000000:execution:wf:run-1";

const steps = parse(`
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Prep:
      image: stepbatch/busybox:local
      commands: [echo hi]
  - PerSample:
      scatter:
        n: \${job.items}
      steps:
        - Count:
            image: stepbatch/busybox:local
            commands: [echo hi]
        - Guard:
            Type: Parallel
            Branches:
              - steps:
                  - Probe:
                      Type: Pass
            Catch:
              - ErrorEquals: [States.ALL]
                Next: Mend
        - Mend:
            Type: Pass
  - Guarded:
      Type: Parallel
      Branches:
        - steps:
            - Inside:
                Type: Pass
      Catch:
        - ErrorEquals: [States.ALL]
          Next: Recover
  - Recover:
      Type: Pass
`).steps;

type StateEventType = "StateEntered" | "StateExited" | "StateFailed" | "StateRetried" | "StateCaught";

/** A state event as the interpreter reports it (retries and catches carry their retrier or catcher). */
function state(type: StateEventType, name: string, fields: { Error?: string; Cause?: string; workflow?: string } = {}): EngineEvent {
  const { workflow = WORKFLOW, ...error } = fields;
  const extra = type === "StateRetried" ? { retry: { retrier: { ErrorEquals: ["States.ALL"] }, attempt: 1 } } : type === "StateCaught" ? { catch: { catcher: { ErrorEquals: ["States.ALL"], Next: "Recover" } } } : {};
  const event = { type, timestamp: Date.now(), state: { name, type: "Task", input: {} }, ...error, ...extra } as unknown as ExecutionEvent;
  return { kind: "state", execution: EXECUTION, workflow, event };
}

/** The events of a state that fails once, is retried, and then succeeds. */
const retried = (name: string): EngineEvent[] => [
  state("StateEntered", name),
  state("StateFailed", name, { Error: "States.TaskFailed", Cause: "attempt 1" }),
  state("StateRetried", name),
  state("StateExited", name),
];

/** The events of a state whose failure a Catch takes: the interpreter reports its exit after the catch. */
const caught = (name: string): EngineEvent[] => [
  state("StateEntered", name),
  state("StateFailed", name, { Error: "States.TaskFailed", Cause: "it broke" }),
  state("StateCaught", name),
  state("StateExited", name),
];

const item = (index: number, total: number, status: "started" | "succeeded" | "failed" | "aborted"): EngineEvent => ({
  kind: "item",
  execution: EXECUTION,
  workflow: WORKFLOW,
  map: "PerSample.map",
  index,
  total,
  status,
});

function progressAfter(events: EngineEvent[]): Map<string, StepProgress> {
  const progress = new RunProgress(WORKFLOW, steps);
  for (const event of events) progress.record(event);
  return new Map(progress.list().map((step) => [step.name, step]));
}

describe("RunProgress", () => {
  it("lists every step, nested ones with their depth, all pending; steps inside a scatter count runs", () => {
    const progress = new RunProgress(WORKFLOW, steps);

    expect(progress.list().map(({ name, depth, status }) => [name, depth, status])).toEqual([
      ["Prep", 0, "pending"],
      ["PerSample", 0, "pending"],
      ["Count", 1, "pending"],
      ["Guard", 1, "pending"],
      ["Probe", 2, "pending"],
      ["Mend", 1, "pending"],
      ["Guarded", 0, "pending"],
      ["Inside", 1, "pending"],
      ["Recover", 0, "pending"],
    ]);
    expect(progress.list().find((s) => s.name === "Count")!.runs).toEqual({ running: 0, succeeded: 0, failed: 0 });
    expect(progress.list().find((s) => s.name === "Prep")!.runs).toBeUndefined();
  });

  it("shows a plain step running while its state runs, then succeeded or failed with the error and cause", () => {
    expect(progressAfter([state("StateEntered", "Prep")]).get("Prep")!.status).toBe("running");
    expect(progressAfter([state("StateEntered", "Prep"), state("StateExited", "Prep")]).get("Prep")!.status).toBe("succeeded");

    const failed = progressAfter([state("StateEntered", "Prep"), state("StateFailed", "Prep", { Error: "States.TaskFailed", Cause: "exit code 3" })]).get("Prep")!;
    expect(failed).toMatchObject({ status: "failed", error: "States.TaskFailed", cause: "exit code 3" });
  });

  it("gives a step's own states (`Step.suffix`) to the step, and ignores other workflows' events and unknown states", () => {
    const steps = progressAfter([
      state("StateEntered", "PerSample"),
      state("StateExited", "PerSample"),
      state("StateEntered", "PerSample.map"),
      state("StateEntered", "Prep", { workflow: "child" }),
      state("StateEntered", "Initialize"),
    ]);

    expect(steps.get("PerSample")!.status).toBe("running");
    expect(steps.get("Prep")!.status).toBe("pending");
  });

  it("counts a scatter's branches from its map's item events", () => {
    const steps = progressAfter([item(0, 3, "started"), item(1, 3, "started"), item(2, 3, "started"), item(0, 3, "succeeded"), item(1, 3, "failed")]);

    expect(steps.get("PerSample")!.branches).toEqual({ total: 3, succeeded: 1, failed: 1, running: 1, aborted: 0 });
  });

  it("counts a branch the map stopped as aborted, not failed, and no longer running", () => {
    const steps = progressAfter([item(0, 2, "started"), item(1, 2, "started"), item(0, 2, "failed"), item(1, 2, "aborted")]);

    expect(steps.get("PerSample")!.branches).toEqual({ total: 2, succeeded: 0, failed: 1, running: 0, aborted: 1 });
  });

  it("counts the runs of a step inside a scatter across its branches, and takes its status from them", () => {
    const entered = [0, 1, 2].map(() => state("StateEntered", "Count"));
    const running = progressAfter(entered).get("Count")!;
    expect(running).toMatchObject({ status: "running", runs: { running: 3, succeeded: 0, failed: 0 } });

    // One branch's run fails while the others still run: the step runs on.
    const oneFailed = progressAfter([...entered, state("StateFailed", "Count", { Error: "States.TaskFailed", Cause: "branch 1" })]).get("Count")!;
    expect(oneFailed).toMatchObject({ status: "running", runs: { running: 2, succeeded: 0, failed: 1 } });

    const ended = progressAfter([...entered, state("StateFailed", "Count", { Error: "States.TaskFailed", Cause: "branch 1" }), state("StateExited", "Count"), state("StateExited", "Count")]).get(
      "Count",
    )!;
    expect(ended).toMatchObject({ status: "failed", runs: { running: 0, succeeded: 2, failed: 1 } });

    const allWell = progressAfter([...entered, ...[0, 1, 2].map(() => state("StateExited", "Count"))]).get("Count")!;
    expect(allWell).toMatchObject({ status: "succeeded", runs: { running: 0, succeeded: 3, failed: 0 } });
  });

  it("shows a retried step running again after its failed attempt, and succeeded once it passes", () => {
    const [entered, failed, retry, exited] = retried("Prep");

    expect(progressAfter([entered, failed]).get("Prep")!.status).toBe("failed");
    expect(progressAfter([entered, failed, retry]).get("Prep")!.status).toBe("running");
    expect(progressAfter([entered, failed, retry, exited]).get("Prep")!.status).toBe("succeeded");
  });

  it("does not count a retried attempt inside a scatter as a failed run", () => {
    const count = progressAfter([...retried("Count"), state("StateEntered", "Count"), state("StateExited", "Count")]).get("Count")!;

    expect(count).toMatchObject({ status: "succeeded", runs: { running: 0, succeeded: 2, failed: 0 } });
  });

  it("shows a step whose failure the workflow caught as caught, with its error, after the interpreter reports its exit", () => {
    const steps = progressAfter([...caught("Guarded"), state("StateEntered", "Recover")]);

    expect(steps.get("Guarded")).toMatchObject({ status: "caught", error: "States.TaskFailed", cause: "it broke" });
    expect(steps.get("Recover")!.status).toBe("running");
  });

  it("counts a caught run inside a scatter once, and never a negative number running", () => {
    const guard = progressAfter(caught("Guard")).get("Guard")!;

    expect(guard.runs!.running).toBe(0);
    expect(guard.runs!.succeeded + guard.runs!.failed).toBe(1);
  });
});

describe("RunProgress fed by the interpreter itself", () => {
  it("shows a retried step succeeded and a caught one caught", async () => {
    // The states are named as the compiled steps are, so the events are the ones a run reports.
    const definition = {
      StartAt: "Prep",
      States: {
        Prep: { Type: "Task", Resource: "arn:aws:lambda:local:000000000000:function:prep", Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 0, MaxAttempts: 2 }], Next: "Guarded" },
        Guarded: { Type: "Task", Resource: "arn:aws:lambda:local:000000000000:function:guarded", Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Recover" }], Next: "Recover" },
        Recover: { Type: "Pass", End: true },
      },
    } as unknown as Definition;
    let attempts = 0;
    const progress = new RunProgress(WORKFLOW, steps);
    const execution = runExecution(definition, {}, {
      handlers: {
        Prep: async () => {
          attempts++;
          if (attempts === 1) throw new StatesError("Flaky", "first attempt fails");
          return {};
        },
        Guarded: async () => {
          throw new StatesError("Broken", "always fails");
        },
      },
      context: { Execution: { Id: EXECUTION, Name: "run-1" }, StateMachine: { Id: "arn:aws:states:local:000000000000:stateMachine:wf", Name: WORKFLOW } },
      onEvent: (event) => progress.record({ kind: "state", execution: EXECUTION, workflow: WORKFLOW, event }),
    });
    expect((await execution.outcome).status).toBe("SUCCEEDED");
    await sleep(10);
    const byName = new Map(progress.list().map((step) => [step.name, step]));

    expect(attempts).toBe(2);
    expect(byName.get("Prep")!.status).toBe("succeeded");
    expect(byName.get("Recover")!.status).toBe("succeeded");
    expect(byName.get("Guarded")).toMatchObject({ status: "caught", error: "Broken", cause: "always fails" });
  });
});
