import type { Definition, Json } from "../asl/types";
import { DistributedMapError } from "./errors";
import type { DistributedMap, ItemReaderSpec, PayloadTemplate } from "./types";

/** A state as JSON, before we know which fields it has. */
export type StateFields = Record<string, unknown>;

const GET_OBJECT = "arn:aws:states:::s3:getObject";

/** Fields of the Map that the replacing Task keeps: they mean the same on a Task. */
export const TASK_FIELDS = ["Comment", "InputPath", "ResultSelector", "ResultPath", "OutputPath", "Retry", "Catch", "Next", "End"];

const MAP_FIELDS = new Set([
  "Type",
  ...TASK_FIELDS,
  "ItemProcessor",
  "ItemReader",
  "ItemsPath",
  "ItemSelector",
  "Parameters",
  "MaxConcurrency",
  "MaxConcurrencyPath",
  "ToleratedFailureCount",
  "ToleratedFailureCountPath",
  "ToleratedFailurePercentage",
  "ToleratedFailurePercentagePath",
  "Label",
]);

const READER_FIELDS = new Set(["Resource", "ReaderConfig", "Parameters"]);
const READER_CONFIG_FIELDS = new Set(["InputType", "MaxItems", "MaxItemsPath"]);

/** Fields the service knows but this engine does not run; a map using one is refused, not run differently. */
const NOT_RUN_LOCALLY: Record<string, string> = {
  ItemBatcher: "batching items into one child execution is not run locally; remove ItemBatcher",
  ResultWriter: "writing results to S3 is not run locally; remove ResultWriter",
};

/** Whether a state is a Map whose processor runs in DISTRIBUTED mode. */
export function isDistributedMap(state: StateFields): boolean {
  if (state.Type !== "Map") return false;
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: unknown } } | undefined;
  return processor?.ProcessorConfig?.Mode === "DISTRIBUTED";
}

/**
 * What a Distributed Map state needs to run; `processor` is its ItemProcessor with nested maps
 * already rewritten. Throws a DistributedMapError for what the local engine cannot run.
 */
export function distributedMapOf(stateName: string, state: StateFields, processor: Definition): DistributedMap {
  for (const field of Object.keys(state)) {
    if (field in NOT_RUN_LOCALLY) throw unsupported(stateName, field, NOT_RUN_LOCALLY[field]);
    if (!MAP_FIELDS.has(field)) throw unsupported(stateName, field, "the local engine does not know this field");
  }
  if (state.ItemReader !== undefined && state.ItemsPath !== undefined) {
    throw unsupported(stateName, "ItemsPath", "a map with an ItemReader takes its items from the reader, not ItemsPath");
  }
  const map: DistributedMap = { stateName, processor };
  assign(map, "label", state.Label as string | undefined);
  if (state.ItemReader !== undefined) map.itemReader = itemReaderOf(stateName, state.ItemReader as StateFields);
  assign(map, "itemsPath", state.ItemsPath as string | undefined);
  assign(map, "itemSelector", (state.ItemSelector ?? state.Parameters) as PayloadTemplate | undefined);
  assign(map, "maxConcurrency", state.MaxConcurrency as number | undefined);
  assign(map, "maxConcurrencyPath", state.MaxConcurrencyPath as string | undefined);
  assign(map, "toleratedFailureCount", state.ToleratedFailureCount as number | undefined);
  assign(map, "toleratedFailureCountPath", state.ToleratedFailureCountPath as string | undefined);
  assign(map, "toleratedFailurePercentage", state.ToleratedFailurePercentage as number | undefined);
  assign(map, "toleratedFailurePercentagePath", state.ToleratedFailurePercentagePath as string | undefined);
  return map;
}

function itemReaderOf(stateName: string, reader: StateFields): ItemReaderSpec {
  for (const field of Object.keys(reader)) {
    if (!READER_FIELDS.has(field)) throw unsupportedReader(stateName, `ItemReader.${field} is not run locally`);
  }
  if (reader.Resource !== GET_OBJECT) {
    throw unsupportedReader(stateName, `ItemReader.Resource ${JSON.stringify(reader.Resource)} is not run locally; only ${GET_OBJECT} is`);
  }
  const config = (reader.ReaderConfig ?? {}) as StateFields;
  for (const field of Object.keys(config)) {
    if (!READER_CONFIG_FIELDS.has(field)) throw unsupportedReader(stateName, `ItemReader.ReaderConfig.${field} is not run locally`);
  }
  if (config.InputType !== "JSONL" && config.InputType !== "JSON") {
    throw unsupportedReader(
      stateName,
      `ItemReader.ReaderConfig.InputType ${JSON.stringify(config.InputType)} is not run locally; use JSONL or JSON`,
    );
  }
  const parameters = reader.Parameters as Json | undefined;
  if (parameters === null || typeof parameters !== "object" || Array.isArray(parameters)) {
    throw unsupportedReader(stateName, "ItemReader.Parameters must name the object's Bucket and Key");
  }
  const spec: ItemReaderSpec = { inputType: config.InputType, parameters };
  assign(spec, "maxItems", config.MaxItems as number | undefined);
  assign(spec, "maxItemsPath", config.MaxItemsPath as string | undefined);
  return spec;
}

/** Sets a field only where the state has it, so that absent stays absent. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function unsupported(stateName: string, field: string, why: string): DistributedMapError {
  return new DistributedMapError("UnsupportedField", `Distributed Map "${stateName}": ${field}: ${why}`);
}

function unsupportedReader(stateName: string, why: string): DistributedMapError {
  return new DistributedMapError("UnsupportedItemReader", `Distributed Map "${stateName}": ${why}`);
}
