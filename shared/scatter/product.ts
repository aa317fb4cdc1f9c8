import { ScatterError } from "./errors";
import { MAX_LINE_CHARS, MAX_SCATTER_ITEMS, OUTPUT_CHUNK_CHARS, REPLAY_CACHE_ITEMS } from "./limits";
import type { Factor, ItemSource } from "./source";

/** A variable whose items are in memory, each already written as its item-file text `"name":value`. */
interface Column {
  name: string;
  fragments: string[];
}

interface StreamedColumn {
  name: string;
  where: string;
  /** `"name":`, the text in front of each value. */
  keyText: string;
  source: ItemSource;
}

/**
 * How the Cartesian product is written, first variable varying slowest. At most one variable is
 * streamed: the first whose items come from the object store (a file or glob), which is the one
 * most likely to be large. The variables before it are lists already in memory, so the stream is
 * read once for each combination of them (a small one only once, see REPLAY_CACHE_ITEMS); the
 * variables after it are read into memory before writing starts, so that each streamed item can be
 * crossed with them. Memory thus holds every variable but the streamed one, and those are bounded
 * by MAX_SCATTER_ITEMS: put the largest file or glob first (or alone) to keep it flat.
 */
export interface ProductPlan {
  outer: Column[];
  streamed?: StreamedColumn;
  inner: Column[];
  /** How many items each streamed item stands for: the product of the in-memory variables. */
  inMemoryProduct: number;
  /** Each variable's size where known, for the message of an oversized product. */
  sizes: Map<string, number | undefined>;
}

/** Reads every variable but the streamed one; refuses empty variables and products over MAX_SCATTER_ITEMS. */
export async function planProduct(factors: Factor[]): Promise<ProductPlan> {
  const streamedAt = factors.findIndex((factor) => "source" in factor);
  // In the variables' order, for the message; a variable not read yet has no size.
  const sizes = new Map<string, number | undefined>(factors.map((factor) => [factor.name, "values" in factor ? factor.values.length : undefined]));
  const knownProduct = () => [...sizes.values()].reduce<number>((product, size) => product * (size ?? 1), 1);
  const columns: Column[] = [];
  for (const [at, factor] of factors.entries()) {
    if (at === streamedAt) continue;
    const values =
      "values" in factor
        ? factor.values
        : await readAll(factor.source, (count) => {
            sizes.set(factor.name, count);
            if (knownProduct() > MAX_SCATTER_ITEMS) throw tooManyItems(sizes, true);
          });
    if (values.length === 0) throw emptyVariable(factor.where, "values" in factor ? factor.nothing : factor.source.nothing);
    if (knownProduct() > MAX_SCATTER_ITEMS) throw tooManyItems(sizes, false);
    const key = keyText(factor.name);
    columns.push({ name: factor.name, fragments: values.map((value) => key + JSON.stringify(value)) });
  }
  const streamed = factors[streamedAt];
  if (streamed === undefined || !("source" in streamed)) return { outer: columns, inner: [], inMemoryProduct: knownProduct(), sizes };
  return {
    outer: columns.slice(0, streamedAt),
    streamed: { name: streamed.name, where: streamed.where, keyText: keyText(streamed.name), source: streamed.source },
    inner: columns.slice(streamedAt),
    inMemoryProduct: knownProduct(),
    sizes,
  };
}

/**
 * The item file, JSON Lines, in chunks of about OUTPUT_CHUNK_CHARS: one object per branch, keys in
 * the variables' order, values as JSON (strings, numbers, booleans, and objects or lists from a
 * selector stay what they are). `tally.items` counts the items written.
 */
export async function* itemFileChunks(plan: ProductPlan, tally: { items: number }): AsyncGenerator<Buffer> {
  let text = "";
  const take = () => {
    const chunk = Buffer.from(text);
    text = "";
    return chunk;
  };
  const item = (line: string) => {
    tally.items++;
    if (line.length > MAX_LINE_CHARS) throw itemTooLong(tally.items);
    return line;
  };
  const { streamed, inner } = plan;
  if (streamed === undefined) {
    for (const combination of combinations(plan.outer)) {
      text += item(`{${combination}}\n`);
      if (text.length >= OUTPUT_CHUNK_CHARS) yield take();
    }
  } else {
    const read = replayable(streamed, plan);
    for (const outer of combinations(plan.outer)) {
      const head = outer === "" ? `{${streamed.keyText}` : `{${outer},${streamed.keyText}`;
      for await (const batch of read()) {
        if (inner.length === 0) text += itemLines(head, batch, "}\n", tally);
        else {
          for (const value of batch) {
            const start = head + JSON.stringify(value);
            for (const tail of combinations(inner)) {
              text += item(`${start},${tail}}\n`);
              if (text.length >= OUTPUT_CHUNK_CHARS) yield take();
            }
          }
        }
        if (text.length >= OUTPUT_CHUNK_CHARS) yield take();
      }
    }
  }
  if (text !== "") yield take();
}

/** Characters JSON escapes in a string: `"`, `\`, control characters, and surrogates (escaped when unpaired). */
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The item lines `head + JSON(value) + tail` of a batch. A batch of strings that JSON writes as
 * they are (the lines of a file, S3 URIs) is joined in one step, without a JSON.stringify per item:
 * that halves the time of a million-line expansion.
 */
function itemLines(head: string, values: unknown[], tail: string, tally: { items: number }): string {
  const room = MAX_LINE_CHARS - head.length - tail.length - 2;
  // One test of the batch's joined text is cheaper than one per item.
  const plain = values.every((value) => typeof value === "string" && value.length <= room) && !ESCAPED_IN_JSON.test(values.join(""));
  if (plain) {
    tally.items += values.length;
    return `${head}"${values.join(`"${tail}${head}"`)}"${tail}`;
  }
  let text = "";
  for (const value of values) {
    const line = head + JSON.stringify(value) + tail;
    tally.items++;
    if (line.length > MAX_LINE_CHARS) throw itemTooLong(tally.items);
    text += line;
  }
  return text;
}

function itemTooLong(item: number): ScatterError {
  return new ScatterError("LineTooLong", `item ${item} is longer than ${MAX_LINE_CHARS} characters, more than a branch's input may hold`);
}

/**
 * The streamed variable's batches, once per call. The first read checks the product's size as it
 * goes and keeps the items if there are few; later reads replay those, or read the source again
 * and must find as many items as the first.
 */
function replayable(streamed: StreamedColumn, plan: ProductPlan): () => AsyncIterable<unknown[]> {
  let firstCount: number | undefined;
  let kept: unknown[] | undefined;
  return async function* read() {
    if (kept !== undefined) {
      yield kept;
      return;
    }
    const first = firstCount === undefined;
    let count = 0;
    let keeping: unknown[] | undefined = first ? [] : undefined;
    for await (const batch of streamed.source.batches()) {
      count += batch.length;
      if (first && count * plan.inMemoryProduct > MAX_SCATTER_ITEMS) {
        plan.sizes.set(streamed.name, count);
        throw tooManyItems(plan.sizes, true);
      }
      if (keeping !== undefined) keeping = count <= REPLAY_CACHE_ITEMS ? keeping.concat(batch) : undefined;
      yield batch;
    }
    if (!first) {
      if (count !== firstCount) {
        throw new ScatterError("SourceChanged", `${streamed.where}: read again for the next combination, it gave ${count} items instead of ${firstCount}; did it change meanwhile?`);
      }
      return;
    }
    if (count === 0) throw emptyVariable(streamed.where, streamed.source.nothing);
    firstCount = count;
    kept = keeping;
  };
}

/** Every combination of the columns' fragments joined by commas, the last column varying fastest; one "" for no columns. */
function* combinations(columns: Column[]): Generator<string> {
  if (columns.length === 0) {
    yield "";
    return;
  }
  const at = columns.map(() => 0);
  for (;;) {
    yield columns.map((column, i) => column.fragments[at[i]]).join(",");
    let i = columns.length - 1;
    while (i >= 0 && ++at[i] === columns[i].fragments.length) at[i--] = 0;
    if (i < 0) return;
  }
}

/** A variable read whole; `check` sees the count after each batch, to stop as soon as the product is too big. */
async function readAll(source: ItemSource, check: (count: number) => void): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const batch of source.batches()) {
    for (const value of batch) values.push(value);
    check(values.length);
  }
  return values;
}

function keyText(name: string): string {
  return `${JSON.stringify(name)}:`;
}

function emptyVariable(where: string, nothing: string): ScatterError {
  return new ScatterError(
    "EmptyScatter",
    `${where}: ${nothing}, so the scatter would run no branches; a scatter needs at least one item in every variable`,
  );
}

function tooManyItems(sizes: Map<string, number | undefined>, partial: boolean): ScatterError {
  const factors = [...sizes]
    .filter(([, size]) => size !== undefined)
    .map(([name, size]) => `${JSON.stringify(name)}: ${size!.toLocaleString("en-US")}`)
    .join(" × ");
  return new ScatterError(
    "TooManyItems",
    `the scatter would run more than ${MAX_SCATTER_ITEMS.toLocaleString("en-US")} branches, the most one scatter step may run ` +
      `(${factors} items${partial ? " so far" : ""})`,
  );
}
