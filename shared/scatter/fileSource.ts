import { CORE_SCHEMA, load } from "js-yaml";
import type { Readable } from "node:stream";
import { formatS3Uri, type ObjectStore } from "../store";
import { csvRecords, csvRows } from "./csv";
import { ScatterError } from "./errors";
import { jsonLineValues } from "./jsonLines";
import { selectItems, type Selector } from "./jsonPath";
import { MAX_DOCUMENT_BYTES } from "./limits";
import { splitLines } from "./lines";
import { selectFromRecords } from "./selectRecords";
import type { ItemSource } from "./source";
import { decodeUtf8 } from "./text";

/** How a file is read for a selector, by its extension; `lines` for any other. */
export type FileFormat = "json" | "yaml" | "jsonl" | "csv" | "tsv" | "lines";

const FORMATS: Array<[RegExp, FileFormat]> = [
  [/\.json$/i, "json"],
  [/\.ya?ml$/i, "yaml"],
  [/\.(jsonl|ndjson)$/i, "jsonl"],
  [/\.csv$/i, "csv"],
  [/\.(tsv|tab)$/i, "tsv"],
];

export function fileFormat(key: string): FileFormat {
  return FORMATS.find(([extension]) => extension.test(key))?.[1] ?? "lines";
}

/**
 * `@file` contents. Without a selector, one item per line. With one, the file is read as its
 * extension says (JSON and YAML as one document; JSON Lines as a list of the lines' values; CSV
 * and TSV as a list of row objects keyed by the header; anything else as a list of lines) and the
 * selector picks the items. Everything but JSON and YAML is read as a stream, never whole.
 */
export function fileSource(store: ObjectStore, bucket: string, key: string, selector: Selector | undefined): ItemSource {
  const uri = formatS3Uri(bucket, key);
  const format = fileFormat(key);
  return {
    nothing: selector ? `the selector ${selector.text} selects nothing in ${uri}` : `the file ${uri} has no lines`,
    async *batches() {
      const stream = await store.get(bucket, key);
      if (selector === undefined) {
        yield* splitLines(decodeUtf8(stream));
      } else if (format === "json" || format === "yaml") {
        const items = selectItems(selector, parseDocument(await readDocument(stream, uri), format));
        if (items.length > 0) yield items;
      } else {
        yield* selectFromRecords(selector, records(stream, format));
      }
    },
  };
}

function records(stream: Readable, format: "jsonl" | "csv" | "tsv" | "lines"): AsyncIterable<unknown[]> {
  const text = decodeUtf8(stream);
  switch (format) {
    case "jsonl":
      return jsonLineValues(splitLines(text));
    case "csv":
      return csvRows(csvRecords(text, ","));
    case "tsv":
      return csvRows(csvRecords(text, "\t"));
    case "lines":
      return splitLines(text);
  }
}

async function readDocument(stream: Readable, uri: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) {
      throw new ScatterError(
        "BadFileContent",
        `${uri} is larger than ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB, the most a JSON or YAML file may be for a selector; JSON Lines or CSV files of any size are read as streams`,
      );
    }
    chunks.push(chunk);
  }
  let text = "";
  for await (const part of decodeUtf8(chunks)) text += part;
  return text;
}

function parseDocument(text: string, format: "json" | "yaml"): unknown {
  try {
    // YAML 1.2's core schema, as for workflow files: dates stay text, `yes` is not true.
    return format === "json" ? JSON.parse(text) : load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    throw new ScatterError("BadFileContent", `not valid ${format === "json" ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
}
