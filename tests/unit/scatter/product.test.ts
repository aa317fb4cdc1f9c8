import { describe, expect, it } from "vitest";
import { itemFileChunks, MAX_SCATTER_ITEMS, planProduct, REPLAY_CACHE_ITEMS, type Factor, type ItemSource } from "../../../shared/scatter";
import { scatterError } from "./support";

/** An in-memory ItemSource that counts its reads; `change` alters what a later read gives. */
function source(values: unknown[], batchSize = 1000, change?: (read: number) => unknown[]): ItemSource & { reads: number; itemsRead: number } {
  const counted = {
    reads: 0,
    itemsRead: 0,
    nothing: "the source is empty",
    async *batches() {
      counted.reads++;
      const items = change?.(counted.reads) ?? values;
      for (let at = 0; at < items.length; at += batchSize) {
        const batch = items.slice(at, at + batchSize);
        counted.itemsRead += batch.length;
        yield batch;
      }
    },
  };
  return counted;
}

const list = (name: string, values: unknown[]): Factor => ({ name, where: `scatter variable "${name}"`, values, nothing: "the list is empty" });
const streamed = (name: string, items: ItemSource): Factor => ({ name, where: `scatter variable "${name}"`, source: items });

async function expand(factors: Factor[]): Promise<{ items: number; text: string }> {
  const tally = { items: 0 };
  const chunks: Buffer[] = [];
  for await (const chunk of itemFileChunks(await planProduct(factors), tally)) chunks.push(chunk);
  return { items: tally.items, text: Buffer.concat(chunks).toString("utf8") };
}

const lines = (text: string) => text.split("\n").slice(0, -1).map((line) => JSON.parse(line));

describe("the product", () => {
  it("varies the first variable slowest and keeps value types", async () => {
    const { items, text } = await expand([list("a", [1, "x"]), list("b", [true, null, { k: [1] }])]);
    expect(items).toBe(6);
    expect(text).toBe(
      '{"a":1,"b":true}\n{"a":1,"b":null}\n{"a":1,"b":{"k":[1]}}\n{"a":"x","b":true}\n{"a":"x","b":null}\n{"a":"x","b":{"k":[1]}}\n',
    );
  });

  it("writes strings that need escaping as JSON does", async () => {
    const odd = ['say "hi"', "back\\slash", "new\nline", "tab\t", "😀", "\ud800", "plain é", ""];
    const { text } = await expand([streamed("s", source(odd, 3))]);
    expect(text).toBe(odd.map((value) => `${JSON.stringify({ s: value })}\n`).join(""));
  });

  it("crosses a streamed variable with the lists before and after it", async () => {
    const { text } = await expand([list("a", ["x", "y"]), streamed("s", source([1, 2, 3], 2)), list("b", [true, false])]);
    expect(lines(text)).toEqual(
      ["x", "y"].flatMap((a) => [1, 2, 3].flatMap((s) => [true, false].map((b) => ({ a, s, b })))),
    );
  });

  it("reads a small streamed source once, however many combinations come before it", async () => {
    const small = source(["l1", "l2"]);
    const { items } = await expand([list("a", [1, 2, 3]), streamed("s", small)]);
    expect(items).toBe(6);
    expect(small.reads).toBe(1);
  });

  it("reads a large streamed source again for each combination before it, rather than keeping it", async () => {
    const values = Array.from({ length: REPLAY_CACHE_ITEMS + 1 }, (_, i) => i);
    const large = source(values);
    const { items, text } = await expand([list("a", ["x", "y", "z"]), streamed("s", large)]);
    expect(items).toBe(3 * values.length);
    expect(large.reads).toBe(3);
    expect(lines(text).at(-1)).toEqual({ a: "z", s: REPLAY_CACHE_ITEMS });
  });

  it("reads a variable from the store after the streamed one into memory, once", async () => {
    const first = source(["f1", "f2"]);
    const second = source(["g1", "g2", "g3"]);
    const { text } = await expand([streamed("f", first), streamed("g", second)]);
    expect(lines(text)).toEqual(["f1", "f2"].flatMap((f) => ["g1", "g2", "g3"].map((g) => ({ f, g }))));
    expect([first.reads, second.reads]).toEqual([1, 1]);
  });

  it("refuses a streamed source that gives another count when read again", async () => {
    const values = Array.from({ length: REPLAY_CACHE_ITEMS + 1 }, (_, i) => i);
    const changing = source(values, 1000, (read) => (read === 1 ? values : values.slice(1)));
    const error = await scatterError(() => expand([list("a", [1, 2]), streamed("s", changing)]));
    expect(error.code).toBe("SourceChanged");
    expect(error.message).toBe(
      `scatter variable "s": read again for the next combination, it gave ${values.length - 1} items instead of ${values.length}; did it change meanwhile?`,
    );
  });

  it("stops reading as soon as the product passes MAX_SCATTER_ITEMS", async () => {
    const perItem = 1000;
    const endless = source(Array.from({ length: MAX_SCATTER_ITEMS }, (_, i) => i), 100);
    const error = await scatterError(() => expand([streamed("s", endless), list("b", Array.from({ length: perItem }, (_, i) => i))]));
    expect(error.code).toBe("TooManyItems");
    expect(error.message).toBe(
      `the scatter would run more than ${MAX_SCATTER_ITEMS.toLocaleString("en-US")} branches, the most one scatter step may run ("s": 1,100 × "b": 1,000 items so far)`,
    );
    expect(endless.itemsRead).toBe(1100);
  });

  it("refuses a variable with no items, saying why there are none", async () => {
    const error = await scatterError(() => expand([list("a", [1]), streamed("s", source([]))]));
    expect(error.code).toBe("EmptyScatter");
    expect(error.message).toBe(
      'scatter variable "s": the source is empty, so the scatter would run no branches; a scatter needs at least one item in every variable',
    );
  });
});
