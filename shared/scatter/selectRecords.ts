import { ScatterError } from "./errors";
import { collectMatches, itemsOfMatches, type Selector } from "./jsonPath";

/**
 * A selector's items over a file read as a stream of records (lines, JSON Lines, CSV or TSV rows),
 * which the selector sees as one list, `$`. Selectors that go through every record (`$[*]...`,
 * `$..name`) give their items batch by batch as the records arrive; `$[n]` reads up to record n
 * (or, for n < 0, keeps the last -n records); only `..*` and `..[n]` at the top would need every
 * record at once (they match the top-level list's members before anything inside the first one),
 * and are refused.
 */
export async function* selectFromRecords(selector: Selector, records: AsyncIterable<unknown[]>): AsyncGenerator<unknown[]> {
  const [first] = selector.segments;
  if (first === undefined) {
    yield* records;
    return;
  }
  const { step, descendants } = first;
  if (descendants && step.kind !== "name") {
    throw new ScatterError(
      "BadSelector",
      `selector ${JSON.stringify(selector.text)} needs the whole file at once, but this file is read record by record; use $[*]... or $..name`,
    );
  }
  if (step.kind === "wildcard" || descendants) {
    // `$..name` on the list of records is `..name` on each record in turn (the list itself has no names).
    const from = descendants ? 0 : 1;
    for await (const batch of records) {
      const matches: unknown[] = [];
      for (const record of batch) collectMatches(selector.segments, from, record, matches);
      if (matches.length > 0) yield matches;
    }
    return;
  }
  const matches: unknown[] = [];
  if (step.kind === "index") {
    const found = await recordAt(records, step.index);
    if (found.length > 0) collectMatches(selector.segments, 1, found[0], matches);
  }
  // `$.name` names nothing in a list: no matches.
  const items = itemsOfMatches(selector, matches);
  if (items.length > 0) yield items;
}

/** The record at `index` (negative counts from the end) as a one-element list, or an empty list. */
async function recordAt(records: AsyncIterable<unknown[]>, index: number): Promise<unknown[]> {
  let seen = 0;
  const last: unknown[] = [];
  for await (const batch of records) {
    if (index >= 0 && index < seen + batch.length) return [batch[index - seen]];
    seen += batch.length;
    if (index < 0) {
      for (const record of batch) last.push(record);
      if (last.length > -index) last.splice(0, last.length + index);
    }
  }
  return index < 0 && last.length === -index ? [last[0]] : [];
}
