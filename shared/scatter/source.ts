import { NoSuchBucket, NoSuchKey } from "../store";
import { ScatterError } from "./errors";

/** Items read from the object store batch by batch; each call to `batches` reads them again from the start. */
export interface ItemSource {
  batches(): AsyncIterable<unknown[]>;
  /** Why there are no items, when there are none: "the glob s3://b/x/*.fq matches no objects". */
  readonly nothing: string;
}

/** One scatter variable, its items either in memory or in the object store. */
export type Factor = { name: string; where: string } & ({ values: unknown[]; nothing: string } | { source: ItemSource });

/** A source whose errors name the variable and source they came from. */
export function placedSource(source: ItemSource, where: string): ItemSource {
  return {
    nothing: source.nothing,
    async *batches() {
      try {
        yield* source.batches();
      } catch (error) {
        throw placedError(error, where);
      }
    },
  };
}

/** `error` with `where` in front of its message, where it is one a user can act on; others pass unchanged. */
export function placedError(error: unknown, where: string): unknown {
  if (error instanceof ScatterError) return error.placedAt(where);
  if (error instanceof NoSuchKey || error instanceof NoSuchBucket) {
    return new ScatterError("FileNotFound", `${where}: ${error.message}`, { cause: error });
  }
  return error;
}
