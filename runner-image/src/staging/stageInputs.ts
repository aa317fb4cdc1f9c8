import { join } from "node:path";
import type { InputsArgument } from "../../../shared/compiler/runner";
import type { Repository } from "../../../shared/repository";
import { mapConcurrently } from "../../../shared/stepLambdas";
import { formatS3Uri, type ObjectStore } from "../../../shared/store";
import { downloadToFile, type StoredObject } from "./download";
import { StagingError } from "./errors";
import { findInput, type FoundInput } from "./findInputs";
import { TRANSFER_CONCURRENCY } from "./limits";
import { localNameOf } from "./workspacePath";

export interface StageInputsOptions {
  store: ObjectStore;
  repo: Repository;
  /**
   * `--inputs`, with `${job.x}`, `${scatter.x}` and `${parent.x}` already substituted by the
   * caller: values are taken as they are.
   */
  inputs: InputsArgument;
  /** The job's workspace, an existing folder. */
  workspace: string;
  /** Transfers in flight at once; TRANSFER_CONCURRENCY by default. */
  concurrency?: number;
  /** Where warnings go (an optional input that is missing); stderr by default. */
  warn?: (line: string) => void;
}

export interface StagedInputs {
  /** Symbol → the name the commands see: the file's name, or for a glob the pattern's last part, which the shell expands. */
  localNames: Record<string, string>;
  files: number;
  bytes: number;
  /** The optional inputs that were not there, as URIs. */
  missing: string[];
}

/**
 * Downloads the step's inputs into the workspace, each under its object's file name, in parallel.
 * Everything is looked up before anything is downloaded: a missing required input (MissingInput)
 * or two different objects meeting on one file name (NameClash) fail the call with nothing
 * written. A file already in the workspace is never overwritten.
 */
export async function stageInputs(options: StageInputsOptions): Promise<StagedInputs> {
  const { store, repo, inputs, workspace } = options;
  const concurrency = options.concurrency ?? TRANSFER_CONCURRENCY;
  const warn = options.warn ?? ((line: string) => console.warn(line));

  const found = await mapConcurrently(Object.entries(inputs), concurrency, ([key, value]) => findInput(store, repo, key, value));
  const missing = found.filter((input) => input.objects.length === 0);
  const requiredMissing = missing.filter((input) => !input.optional);
  if (requiredMissing.length > 0) {
    throw new StagingError("MissingInput", `required input not found: ${requiredMissing.map(describeMissing).join("; ")}`);
  }
  for (const input of missing) warn(`optional file not found: ${input.uri}; skipping`);

  const downloads = [...byLocalName(found).entries()];
  await mapConcurrently(downloads, concurrency, ([name, object]) => downloadToFile(store, object, join(workspace, name)));
  return {
    localNames: Object.fromEntries(found.map((input) => [input.symbol, input.localName])),
    files: downloads.length,
    bytes: downloads.reduce((sum, [, object]) => sum + object.size, 0),
    missing: missing.map((input) => input.uri),
  };
}

function describeMissing(input: FoundInput): string {
  return `${input.symbol}: ${input.uri} ${input.glob ? "matches no objects" : "does not exist"}`;
}

/** Each object under the file name it gets in the workspace; one object named twice is staged once. */
function byLocalName(found: FoundInput[]): Map<string, StoredObject> {
  const byName = new Map<string, StoredObject>();
  for (const input of found) {
    for (const object of input.objects) {
      const uri = formatS3Uri(object.bucket, object.key);
      const name = localNameOf(object.key, uri);
      const other = byName.get(name);
      if (other === undefined) {
        byName.set(name, object);
      } else if (other.bucket !== object.bucket || other.key !== object.key) {
        throw new StagingError(
          "NameClash",
          `${formatS3Uri(other.bucket, other.key)} and ${uri} (input ${input.symbol}) would both be saved as ${name} in the workspace; rename one of them`,
        );
      }
    }
  }
  return byName;
}
