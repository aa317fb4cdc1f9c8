import { StatesError } from "../asl/errors";
import type { ExecutionContext, Json } from "../asl/types";
import { decodeUtf8, jsonLineValues, ScatterError, splitLines } from "../../shared/scatter";
import { formatS3Uri } from "../../shared/store";
import { DistributedMapError } from "./errors";
import { evaluateTemplate } from "./evaluate";
import type { DistributedMapDeps, ItemReaderSpec } from "./types";

const ITEM_READER_FAILED = "States.ItemReaderFailed";

interface ObjectLocation {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * The items of a reader's object, at most `maxItems` of them (all when undefined). JSON Lines are
 * read line by line and the object is closed as soon as enough items are in hand, so its text is
 * never held whole; a JSON object is one array and is parsed whole. Rejects with
 * States.ItemReaderFailed for an object that cannot be read or parsed, naming it (and the line).
 */
export async function readItems(
  reader: ItemReaderSpec,
  input: Json,
  maxItems: number | undefined,
  deps: Pick<DistributedMapDeps, "readObject" | "context" | "signal">,
): Promise<Json[]> {
  const location = await locationOf(reader, input, deps.context);
  const uri = formatS3Uri(location.bucket, location.key);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await deps.readObject(location.bucket, location.key, location.versionId);
  } catch (error) {
    throw new StatesError(ITEM_READER_FAILED, `cannot read the item file ${uri}: ${messageOf(error)}`);
  }
  try {
    const texts = decodeUtf8(bytesOf(stream, deps.signal));
    const items = reader.inputType === "JSONL" ? await jsonLines(texts, maxItems) : await jsonArray(texts, uri);
    return maxItems === undefined ? items : items.slice(0, maxItems);
  } catch (error) {
    if (error instanceof StatesError || error instanceof DistributedMapError) throw error;
    const what = error instanceof ScatterError ? error.message : `cannot read it: ${messageOf(error)}`;
    throw new StatesError(ITEM_READER_FAILED, `item file ${uri}: ${what}`);
  }
}

async function locationOf(reader: ItemReaderSpec, input: Json, context: ExecutionContext): Promise<ObjectLocation> {
  const parameters = (await evaluateTemplate(reader.parameters, input, context)) as Record<string, Json>;
  const { Bucket: bucket, Key: key, VersionId: versionId } = parameters;
  if (typeof bucket !== "string" || typeof key !== "string" || (versionId !== undefined && typeof versionId !== "string")) {
    throw new StatesError(
      ITEM_READER_FAILED,
      `ItemReader.Parameters must give the item file's Bucket and Key as text; they gave ${JSON.stringify(parameters)}`,
    );
  }
  return versionId === undefined ? { bucket, key } : { bucket, key, versionId };
}

async function jsonLines(texts: AsyncIterable<string>, maxItems: number | undefined): Promise<Json[]> {
  const items: Json[] = [];
  // Leaving the loop early closes the chain of generators down to the stream.
  for await (const values of jsonLineValues(splitLines(texts))) {
    items.push(...(values as Json[]));
    if (maxItems !== undefined && items.length >= maxItems) break;
  }
  return items;
}

async function jsonArray(texts: AsyncIterable<string>, uri: string): Promise<Json[]> {
  const parts: string[] = [];
  for await (const text of texts) parts.push(text);
  let value: Json;
  try {
    value = JSON.parse(parts.join("")) as Json;
  } catch (error) {
    throw new StatesError(ITEM_READER_FAILED, `item file ${uri} is not JSON: ${messageOf(error)}`);
  }
  if (!Array.isArray(value)) throw new StatesError(ITEM_READER_FAILED, `item file ${uri} holds JSON that is not an array of items`);
  return value;
}

/** The stream's chunks as bytes, stopping with an Aborted error once the parent is stopped. */
async function* bytesOf(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (signal?.aborted) throw new DistributedMapError("Aborted", "the execution was stopped while the item file was read");
    yield typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
