import { describe, expect, it } from "vitest";
import { LOG_CHARS_KEPT, LogBook } from "../../../runner-image/src/executors/logBook";

async function read(book: LogBook, options: { tail?: number; follow?: boolean } = {}): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of book.read(options)) lines.push(line);
  return lines;
}

describe("LogBook", () => {
  it("reads all lines, or the last few", async () => {
    const book = new LogBook();
    for (const line of ["a", "b", "c"]) book.append(line);
    expect(await read(book)).toEqual(["a", "b", "c"]);
    expect(await read(book, { tail: 2 })).toEqual(["b", "c"]);
    expect(await read(book, { tail: 0 })).toEqual([]);
  });

  it("follows new lines until the book ends", async () => {
    const book = new LogBook();
    book.append("first");
    const following = read(book, { follow: true });
    book.append("second");
    await new Promise((resolve) => setTimeout(resolve, 10));
    book.append("third");
    book.end();
    expect(await following).toEqual(["first", "second", "third"]);
  });

  it("keeps at most LOG_CHARS_KEPT characters, dropping the oldest lines", async () => {
    const book = new LogBook();
    const line = "x".repeat(1024);
    const count = LOG_CHARS_KEPT / 1024 + 10;
    for (let i = 0; i < count; i++) book.append(`${String(i).padStart(6, "0")}${line}`);
    const kept = await read(book);
    expect(kept.reduce((sum, l) => sum + l.length, 0)).toBeLessThanOrEqual(LOG_CHARS_KEPT);
    expect(kept.at(-1)!.slice(0, 6)).toBe(String(count - 1).padStart(6, "0"));
    expect(Number(kept[0].slice(0, 6))).toBe(count - kept.length);
  });
});
