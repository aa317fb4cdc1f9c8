import { StatesError } from "../asl/errors";
import type { ExecutionContext, Json } from "../asl/types";
import { evaluatePath } from "./evaluate";
import type { Tolerance } from "./tolerance";
import type { DistributedMap } from "./types";

/** A map's run-time settings, each from its field or evaluated from its `...Path` field. */
export interface RunSettings {
  /** Children running at once. */
  concurrency: number;
  tolerance: Tolerance;
  /** Items to read at most; undefined reads them all. */
  maxItems?: number;
}

interface Rule {
  accepts(value: Json): boolean;
  expected: string;
}

const COUNT: Rule = { accepts: (value) => Number.isInteger(value) && (value as number) >= 0, expected: "a whole number, 0 or more" };
const PERCENTAGE: Rule = {
  accepts: (value) => typeof value === "number" && value >= 0 && value <= 100,
  expected: "a number from 0 to 100",
};

export async function runSettings(
  map: DistributedMap,
  input: Json,
  context: ExecutionContext,
  localConcurrency: number,
): Promise<RunSettings> {
  const setting = async (field: string, value: number | undefined, path: string | undefined, rule: Rule, error = "States.Runtime") => {
    const resolved = path === undefined ? value : await evaluatePath(path, input, context);
    if (resolved === undefined || rule.accepts(resolved)) return resolved as number | undefined;
    const source = path === undefined ? field : `${field}Path ${path}`;
    throw new StatesError(error, `Distributed Map "${map.stateName}": ${source} is ${JSON.stringify(resolved)}; expected ${rule.expected}`);
  };
  const concurrency = await setting("MaxConcurrency", map.maxConcurrency, map.maxConcurrencyPath, COUNT);
  const count = await setting("ToleratedFailureCount", map.toleratedFailureCount, map.toleratedFailureCountPath, COUNT);
  const percentage = await setting(
    "ToleratedFailurePercentage",
    map.toleratedFailurePercentage,
    map.toleratedFailurePercentagePath,
    PERCENTAGE,
  );
  const reader = map.itemReader;
  const maxItems = reader && (await setting("MaxItems", reader.maxItems, reader.maxItemsPath, COUNT, "States.ItemReaderFailed"));
  return {
    // 0 is the service's "no limit"; locally the engine's own cap stands in for it.
    concurrency: concurrency || localConcurrency,
    tolerance: { count, percentage },
    // 0 is the service's "all items".
    maxItems: maxItems || undefined,
  };
}
