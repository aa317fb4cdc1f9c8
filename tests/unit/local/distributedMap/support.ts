import "../../../../local/asl/polyfill";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import type { Definition, ExecutionContext, Json, TaskHandler } from "../../../../local/asl/types";
import { rewriteDistributedMaps, type DistributedMap, type DistributedMapDeps, type ItemEvent } from "../../../../local/distributedMap";
import { DirectoryStore } from "../../../../shared/store";

export const BUCKET = "items";

export const CONTEXT: ExecutionContext = {
  Execution: { Id: "arn:aws:states:local:000000000000:execution:wf:run-1", Name: "run-1" },
  StateMachine: { Id: "arn:aws:states:local:000000000000:stateMachine:wf", Name: "wf" },
};

/** A DirectoryStore in a fresh temporary folder, with the bucket BUCKET made. */
export async function tempStore(): Promise<{ store: DirectoryStore; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-dmap-"));
  await mkdir(join(root, BUCKET));
  return { store: new DirectoryStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export const jsonLines = (items: Json[]) => items.map((item) => JSON.stringify(item) + "\n").join("");

/**
 * A Distributed Map state as the compiler writes one, reading JSON Lines from the object named by
 * the input's `items`; `fields` adds to or replaces its fields.
 */
export function mapState(processor: object, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: "Map",
    ItemReader: {
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSONL" },
      Parameters: { "Bucket.$": "$.items.bucket", "Key.$": "$.items.key" },
    },
    ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, ...processor },
    End: true,
    ...fields,
  };
}

/** The DistributedMap that rewriteDistributedMaps makes of a one-state machine holding `state`. */
export function distributedMap(state: Record<string, unknown>): DistributedMap {
  const { maps } = rewriteDistributedMaps({ StartAt: "Fan", States: { Fan: state } } as unknown as Definition);
  return maps.Fan;
}

/** A processor whose one Task runs `handler` on the child's input. */
export function taskProcessor(): Definition {
  return { StartAt: "Work", States: { Work: { Type: "Task", Resource: "arn:aws:lambda:local:000000000000:function:work", End: true } } };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Children run by the interpreter itself, `work` standing in for the processor's Task states.
 * Counts the children running at once, and records the item events.
 */
export class Children {
  running = 0;
  peak = 0;
  started = 0;
  aborted = 0;
  events: ItemEvent[] = [];

  constructor(private readonly work: TaskHandler = async (input) => input) {}

  deps(overrides: Partial<DistributedMapDeps> & Pick<DistributedMapDeps, "readObject">): DistributedMapDeps {
    return {
      runChild: (processor, input) => this.run(processor, input),
      context: CONTEXT,
      onItem: (event) => this.events.push(event),
      maxConcurrency: 1000,
      ...overrides,
    };
  }

  run(processor: Definition, input: Json): { result: Promise<Json>; abort(): void } {
    const machine = new StateMachine(processor, { validationOptions: { noValidate: true } });
    const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: { Work: this.work } }, context: CONTEXT });
    this.started++;
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    const done = () => this.running--;
    execution.result.then(done, done);
    return {
      result: execution.result as Promise<Json>,
      abort: () => {
        this.aborted++;
        execution.abort();
      },
    };
  }

  statuses(status: ItemEvent["status"]): number[] {
    return this.events.filter((event) => event.status === status).map((event) => event.index);
  }
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}
