import { ScatterError } from "./errors";
import { MAX_LINE_CHARS } from "./limits";

const CARRIAGE_RETURN = 13;

/**
 * The lines of a text arriving in chunks, in batches (one per chunk, so that callers pay per chunk,
 * not per line). Lines end with `\n` or `\r\n`; the end of the text ends the last line, and a final
 * line break makes no empty line after it. Empty lines inside the text are lines.
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<string[]> {
  let pending = "";
  let linesBefore = 0;
  for await (const text of texts) {
    const joined = pending + text;
    const lines = joined.split("\n");
    pending = lines.pop()!;
    // Most chunks have no CR and are shorter than a line may be: nothing to look at line by line.
    if (joined.length > MAX_LINE_CHARS || joined.includes("\r")) {
      for (let i = 0; i < lines.length; i++) lines[i] = withoutCarriageReturn(lines[i], linesBefore + i + 1);
    }
    linesBefore += lines.length;
    if (pending.length > MAX_LINE_CHARS) throw lineTooLong(linesBefore + 1);
    if (lines.length > 0) yield lines;
  }
  if (pending !== "") yield [withoutCarriageReturn(pending, linesBefore + 1)];
}

function withoutCarriageReturn(line: string, lineNumber: number): string {
  if (line.length > MAX_LINE_CHARS) throw lineTooLong(lineNumber);
  return line.charCodeAt(line.length - 1) === CARRIAGE_RETURN ? line.slice(0, -1) : line;
}

function lineTooLong(lineNumber: number): ScatterError {
  return new ScatterError("LineTooLong", `line ${lineNumber} is longer than ${MAX_LINE_CHARS} characters`);
}
