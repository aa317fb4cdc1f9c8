import { ScatterError } from "./errors";

/** The values of JSON Lines, batch by batch; blank lines are skipped, as JSON Lines readers do. */
export async function* jsonLineValues(lines: AsyncIterable<string[]>): AsyncGenerator<unknown[]> {
  let lineNumber = 0;
  for await (const batch of lines) {
    const values: unknown[] = [];
    for (const line of batch) {
      lineNumber++;
      if (line.trim() === "") continue;
      try {
        values.push(JSON.parse(line));
      } catch (error) {
        throw new ScatterError("BadFileContent", `line ${lineNumber} is not JSON: ${(error as Error).message}`);
      }
    }
    if (values.length > 0) yield values;
  }
}
