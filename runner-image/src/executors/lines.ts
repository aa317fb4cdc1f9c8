import { StringDecoder } from "node:string_decoder";

/**
 * The longest line handed on in one piece; longer ones (a progress bar redrawn with "\r", a dump
 * without newlines) are cut into pieces of this size. A log line becomes one CloudWatch event
 * (at most 256 KB): 64 Ki UTF-16 units take at most 192 KiB of UTF-8, leaving room for the JSON
 * the runner wraps around it. It also bounds what one stream holds in memory.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Cuts a byte stream into text lines: "\n" ends a line (a "\r" before it is dropped), UTF-8
 * characters split across chunks are joined, and `end` gives the last line if it had no newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let text = this.partial + this.decoder.write(chunk);
    let newline: number;
    while ((newline = text.indexOf("\n")) >= 0) {
      lines.push(...pieces(text.slice(0, text[newline - 1] === "\r" ? newline - 1 : newline)));
      text = text.slice(newline + 1);
    }
    while (text.length > MAX_LINE_CHARS) {
      lines.push(text.slice(0, MAX_LINE_CHARS));
      text = text.slice(MAX_LINE_CHARS);
    }
    this.partial = text;
    return lines;
  }

  end(): string[] {
    const text = this.partial + this.decoder.end();
    this.partial = "";
    return text === "" ? [] : pieces(text);
  }
}

function pieces(line: string): string[] {
  if (line.length <= MAX_LINE_CHARS) return [line];
  const cut: string[] = [];
  for (let start = 0; start < line.length; start += MAX_LINE_CHARS) cut.push(line.slice(start, start + MAX_LINE_CHARS));
  return cut;
}
