import type { Definition, ExecutionContext, Json } from "../asl/types";

/** A JSON object or array whose `.$` keys are paths or intrinsic functions, as in Parameters. */
export type PayloadTemplate = { [key: string]: Json } | Json[];

/** Where a Distributed Map's items come from: an S3 object read by `s3:getObject`. */
export interface ItemReaderSpec {
  /** JSONL: one item a line. JSON: the object is one array of items. */
  inputType: "JSONL" | "JSON";
  /** Evaluates to `{Bucket, Key, VersionId?}`. */
  parameters: PayloadTemplate;
  maxItems?: number;
  maxItemsPath?: string;
}

/**
 * What a Distributed Map state needs to run, taken from the Map state that the rewrite replaced
 * with a Task. Absent fields are absent in the state.
 */
export interface DistributedMap {
  stateName: string;
  /** The Map Run's label, which names its child executions in the service. */
  label?: string;
  /** No reader: the items are the array at itemsPath (or the input itself), as for an inline Map. */
  itemReader?: ItemReaderSpec;
  itemsPath?: string;
  /** ItemSelector, or the Map's legacy Parameters, which mean the same. */
  itemSelector?: PayloadTemplate;
  /** The child workflow, with any Distributed Map inside it rewritten too. */
  processor: Definition;
  maxConcurrency?: number;
  maxConcurrencyPath?: string;
  toleratedFailureCount?: number;
  toleratedFailureCountPath?: string;
  toleratedFailurePercentage?: number;
  toleratedFailurePercentagePath?: string;
}

/** One item's progress; `aborted` is a child stopped because the map failed or was stopped. */
export interface ItemEvent {
  index: number;
  total: number;
  status: "started" | "succeeded" | "failed" | "aborted";
  error?: string;
  cause?: string;
}

export interface RunningChild {
  result: Promise<Json>;
  abort(): void;
}

/** What the engine lends a Distributed Map run. */
export interface DistributedMapDeps {
  /** The item file's bytes as a stream (the ObjectStore's get); rejects when it cannot be read. */
  readObject(bucket: string, key: string, versionId?: string): Promise<NodeJS.ReadableStream>;
  /**
   * Starts one child execution of `processor` with `input`; the engine supplies the overrides and
   * the child's `$$`. `result` rejects when the child fails, with the child's error.
   */
  runChild(processor: Definition, input: Json, item: { index: number; value: Json }): RunningChild;
  /**
   * The parent execution's `$$`, for paths and intrinsic functions in ItemReader.Parameters and
   * ItemSelector. `Execution.Input`, where present, is what `$$.Execution.Input` reads there.
   */
  context: ExecutionContext;
  /** The parent execution was stopped: stop the children and reject. */
  signal?: AbortSignal;
  onItem?(event: ItemEvent): void;
  /** Children running at once when MaxConcurrency is 0 or absent (the service runs up to 10,000). */
  maxConcurrency: number;
}
