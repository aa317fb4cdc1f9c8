import { StatesError } from "../asl/errors";
import type { Json } from "../asl/types";
import { DistributedMapError } from "./errors";
import { evaluatePath, evaluateTemplate } from "./evaluate";
import { readItems } from "./itemReader";
import { runChildren } from "./runChildren";
import { runSettings } from "./settings";
import type { DistributedMap, DistributedMapDeps } from "./types";

/**
 * Runs a Distributed Map as Step Functions does, given the state's effective input (after
 * InputPath): reads the items (ItemReader, or the array at ItemsPath), makes each child's input
 * (ItemSelector with `$$.Map.Item.Index` and `.Value`), runs the children within MaxConcurrency,
 * and resolves with their outputs in item order. Fails with States.ExceedToleratedFailureThreshold
 * once the failures pass the tolerance, States.ItemReaderFailed when the items cannot be read, and
 * a DistributedMapError "Aborted" when deps.signal stops the parent.
 */
export async function runDistributedMap(map: DistributedMap, input: Json, deps: DistributedMapDeps): Promise<Json> {
  if (deps.signal?.aborted) throw new DistributedMapError("Aborted", "the execution was stopped before its Distributed Map ran");
  const settings = await runSettings(map, input, deps.context, deps.maxConcurrency);
  const items = map.itemReader
    ? await readItems(map.itemReader, input, settings.maxItems, deps)
    : await itemsOfInput(map, input, deps);
  const selector = map.itemSelector;
  const inputFor = selector
    ? (index: number, value: Json) => evaluateTemplate(selector, input, { ...deps.context, Map: { Item: { Index: index, Value: value } } })
    : async (_index: number, value: Json) => value;
  return runChildren({ processor: map.processor, items, inputFor, concurrency: settings.concurrency, tolerance: settings.tolerance }, deps);
}

async function itemsOfInput(map: DistributedMap, input: Json, deps: DistributedMapDeps): Promise<Json[]> {
  const items = map.itemsPath === undefined ? input : await evaluatePath(map.itemsPath, input, deps.context);
  if (Array.isArray(items)) return items;
  const where = map.itemsPath === undefined ? "its input" : `ItemsPath ${map.itemsPath}`;
  throw new StatesError("States.Runtime", `Distributed Map "${map.stateName}" has no ItemReader and ${where} is not an array of items`);
}
