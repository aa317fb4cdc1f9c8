import type { Readable } from "node:stream";

const NEWLINE = 0x0a;
/** Bytes that may surround a JSON Lines record without being part of one: space, tab, CR. */
const BLANK = new Set([0x20, 0x09, 0x0d]);

/** The number of records in a JSON Lines stream (lines holding more than blanks), read chunk by chunk so memory stays flat. */
export async function countJsonLines(stream: Readable): Promise<number> {
  let count = 0;
  let lineHasRecord = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      // A record's first byte is almost always not blank, so this loop rarely goes far.
      for (let i = start; !lineHasRecord && i < end; i++) lineHasRecord = !BLANK.has(chunk[i]);
      if (newline === -1) break;
      if (lineHasRecord) count++;
      lineHasRecord = false;
      start = newline + 1;
    }
  }
  return lineHasRecord ? count + 1 : count;
}
