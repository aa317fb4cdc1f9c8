import { Readable } from "node:stream";
import type { JobData, Repository } from "../repository";
import type { ScatterSource } from "../spec/types";
import type { ObjectStore } from "../store";
import { ScatterError } from "./errors";
import { resolveFactor } from "./factor";
import { itemFileChunks, planProduct } from "./product";

export interface ExpandScatterOptions {
  store: ObjectStore;
  /** The repository the scatter step runs in: relative names in sources are inside it. */
  repo: Repository;
  /** The step's `scatter` map, in the workflow's order (the first variable varies slowest). */
  scatter: Record<string, ScatterSource>;
  /** What `${job.x}`, `${parent.x}` and `${scatter.x}` in sources look up. */
  jobData: JobData;
  /** Where the item file goes. */
  itemFile: { bucket: string; key: string };
}

/** The item file's media type: JSON Lines, as the Distributed Map's ItemReader reads it (`InputType: "JSONL"`). */
const ITEM_FILE_TYPE = "application/jsonl";

/**
 * Expands a scatter step's sources into the Cartesian product of their items and writes it to
 * `itemFile` as JSON Lines, one object per branch (`{"<variable>": value, ...}`), streaming: the
 * largest source need never be in memory (see ProductPlan). Fails with a ScatterError naming the
 * variable and source at fault, before or while writing; a failed expansion leaves no item file.
 * A variable with no items is an error (EmptyScatter) rather than a scatter of no branches, which
 * would let the workflow go on as if the step had done its work.
 */
export async function expandScatter(options: ExpandScatterOptions): Promise<{ items: number }> {
  const { store, repo, scatter, jobData, itemFile } = options;
  const names = Object.keys(scatter);
  if (names.length === 0) throw new ScatterError("BadSource", "the scatter step has no variables");
  const factors = names.map((name) => resolveFactor(name, scatter[name], { store, repo, jobData }));
  const plan = await planProduct(factors);
  const tally = { items: 0 };
  // The store reports a failed body as its own write failure; the expansion's own error is the one to show.
  let failure: unknown;
  async function* chunks() {
    try {
      yield* itemFileChunks(plan, tally);
    } catch (error) {
      failure = error;
      throw error;
    }
  }
  try {
    await store.put(itemFile.bucket, itemFile.key, Readable.from(chunks(), { objectMode: false }), { contentType: ITEM_FILE_TYPE });
  } catch (error) {
    throw failure ?? error;
  }
  return { items: tally.items };
}
