import { ScatterError } from "../../../shared/scatter";

/** An async iterable of the given batches, as a stream reader would give them. */
export async function* batches<T>(...items: T[][]): AsyncGenerator<T[]> {
  for (const batch of items) yield batch;
}

export async function collect<T>(iterable: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of iterable) all.push(...batch);
  return all;
}

/** The ScatterError that `run` throws or rejects with. */
export async function scatterError(run: () => unknown): Promise<ScatterError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ScatterError) return error;
    throw error;
  }
  throw new Error("expected a ScatterError");
}
