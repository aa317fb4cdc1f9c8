import { StateMachine } from "aws-local-stepfunctions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StatesError } from "../../../../local/asl/errors";
import type { Definition, Json, TaskHandler } from "../../../../local/asl/types";
import { LOCAL_TASK_TIMEOUT_SECONDS, rewriteDistributedMaps, runDistributedMap, type DistributedMap, type DistributedMapDeps } from "../../../../local/distributedMap";
import type { DirectoryStore } from "../../../../shared/store";
import { BUCKET, Children, CONTEXT, jsonLines, mapState, sleep, taskProcessor, tempStore } from "./support";

// A whole definition through the interpreter, its Distributed Map rewritten: the stand-in Task must
// place, catch and retry the Map Run's outcome as the Map state would.

let store: DirectoryStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(() => cleanup());

const KEY = "run/items.jsonl";
const INPUT = { job: "J", items: { bucket: BUCKET, key: KEY } };

function workflowWith(fan: Record<string, unknown>): Definition {
  return {
    StartAt: "Fork",
    States: {
      // Inside a Parallel branch, as a scatter inside a parallel step compiles.
      Fork: { Type: "Parallel", Branches: [{ StartAt: "Fan", States: { Fan: { ...fan } } }], OutputPath: "$[0]", Next: "Done" },
      Done: { Type: "Pass", End: true },
    },
  } as unknown as Definition;
}

const fanMap = (fields: Record<string, unknown>) => {
  const { End: _end, ...map } = mapState(taskProcessor(), {
    ItemSelector: { "item.$": "$$.Map.Item.Value", "job.$": "$.job" },
    ResultPath: "$.results",
    Catch: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], ResultPath: "$.failure", Next: "Recovered" }],
    Next: "Tail",
    ...fields,
  });
  return map;
};

function branchWith(fan: Record<string, unknown>): Definition {
  const definition = workflowWith(fan) as unknown as { States: { Fork: { Branches: { States: Record<string, unknown> }[] } } };
  Object.assign(definition.States.Fork.Branches[0].States, {
    Tail: { Type: "Pass", End: true },
    Recovered: { Type: "Pass", Result: "recovered", ResultPath: "$.path", End: true },
  });
  return definition as unknown as Definition;
}

/** Runs the rewritten definition with the interpreter, the map's handler running children with `work`. */
/** A handler per stand-in Task, as the engine wires them. */
function distributedMapHandlers(maps: Record<string, DistributedMap>, deps: () => DistributedMapDeps): Record<string, TaskHandler> {
  return Object.fromEntries(Object.entries(maps).map(([name, map]) => [name, (input: Json) => runDistributedMap(map, input, deps())]));
}

async function run(definition: Definition, work: (input: Json) => Promise<Json>): Promise<Json> {
  const { definition: rewritten, maps } = rewriteDistributedMaps(definition);
  const children = new Children(work);
  const handlers = distributedMapHandlers(maps, () => children.deps({ readObject: (bucket, key) => store.get(bucket, key) }));
  const machine = new StateMachine(rewritten, { validationOptions: { noValidate: true } });
  const execution = machine.run(INPUT, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: { Fan: 0 } },
    context: CONTEXT,
  });
  return (await execution.result) as Json;
}

const work = async (input: Json) => {
  const { item, job } = input as { item: { n: number; fail?: boolean }; job: string };
  if (item.fail) throw new StatesError("Work.Failed", `item ${item.n} failed`);
  return `${job}-${item.n}`;
};

describe("a rewritten Distributed Map in the interpreter", () => {
  it("puts the children's outputs at ResultPath, keeping the rest of the input", async () => {
    await store.put(BUCKET, KEY, jsonLines([{ n: 1 }, { n: 2 }, { n: 3 }]));
    expect(await run(branchWith(fanMap({})), work)).toEqual({ ...INPUT, results: ["J-1", "J-2", "J-3"] });
  });

  it("catches States.ExceedToleratedFailureThreshold with the Map's Catch", async () => {
    await store.put(BUCKET, KEY, jsonLines([{ n: 1 }, { n: 2, fail: true }, { n: 3, fail: true }]));
    expect(await run(branchWith(fanMap({ ToleratedFailureCount: 1 })), work)).toEqual({
      ...INPUT,
      failure: { Error: "States.ExceedToleratedFailureThreshold", Cause: "The specified tolerated failure threshold was exceeded" },
      path: "recovered",
    });
  });

  it("retries the whole Map Run with the Map's Retry", async () => {
    await store.put(BUCKET, KEY, jsonLines([{ n: 1 }, { n: 2 }]));
    let attempts = 0;
    const flaky = async (input: Json) => {
      if ((input as { item: { n: number } }).item.n === 2 && ++attempts === 1) throw new StatesError("Work.Failed", "first try");
      return work(input);
    };
    const fan = fanMap({ Retry: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], MaxAttempts: 1 }] });
    expect(await run(branchWith(fan), flaky)).toEqual({ ...INPUT, results: ["J-1", "J-2"] });
    expect(attempts).toBe(2);
  });

  it("fails the execution with the Map Run's error where nothing catches it", async () => {
    await store.put(BUCKET, KEY, '{"n":1}\nnot json\n');
    await expect(run(branchWith(fanMap({})), work)).rejects.toMatchObject({ cause: { name: "States.ItemReaderFailed" } });
  });
});

describe("the stand-in Task's TimeoutSeconds", () => {
  const slowTask = (timeoutSeconds: number) =>
    ({ StartAt: "Slow", States: { Slow: { Type: "Task", Resource: "arn:aws:lambda:local:0:function:slow", TimeoutSeconds: timeoutSeconds, End: true } } }) as Definition;
  const runSlow = (timeoutSeconds: number) =>
    new StateMachine(slowTask(timeoutSeconds), { validationOptions: { noValidate: true } }).run(null, {
      overrides: { taskResourceLocalHandlers: { Slow: () => sleep(100).then(() => "done") } },
    }).result;

  it("lets a slow task finish", async () => {
    expect(await runSlow(LOCAL_TASK_TIMEOUT_SECONDS)).toBe("done");
  });

  it("is the bound: a second more overflows Node's timer, which then fires at once", async () => {
    await expect(runSlow(LOCAL_TASK_TIMEOUT_SECONDS + 1)).rejects.toMatchObject({ cause: { name: "States.Timeout" } });
  });
});
