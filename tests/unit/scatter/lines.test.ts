import { describe, expect, it } from "vitest";
import { decodeUtf8, MAX_LINE_CHARS, splitLines } from "../../../shared/scatter";
import { collect, scatterError } from "./support";

async function* chunks<T>(...items: T[]): AsyncGenerator<T> {
  yield* items;
}

const lines = (...texts: string[]) => collect(splitLines(chunks(...texts)));

describe("splitLines", () => {
  it("gives one line per line end and no empty line after the last", async () => {
    expect(await lines("a\nb\nc\n")).toEqual(["a", "b", "c"]);
    expect(await lines("a\nb\nc")).toEqual(["a", "b", "c"]);
  });

  it("keeps empty lines inside the text", async () => {
    expect(await lines("a\n\nb\n\n")).toEqual(["a", "", "b", ""]);
  });

  it("has no lines for an empty text, and one empty line for a lone line end", async () => {
    expect(await lines("")).toEqual([]);
    expect(await lines()).toEqual([]);
    expect(await lines("\n")).toEqual([""]);
  });

  it("takes CRLF as a line end, also when a chunk ends between CR and LF", async () => {
    expect(await lines("a\r\nb\r", "\nc\r\n")).toEqual(["a", "b", "c"]);
  });

  it("joins a line cut between chunks", async () => {
    expect(await lines("sam", "ple1\nsam", "", "ple2")).toEqual(["sample1", "sample2"]);
  });

  it("gives a batch per chunk", async () => {
    const batches: string[][] = [];
    for await (const batch of splitLines(chunks("a\nb\nc", "d\ne\n"))) batches.push(batch);
    expect(batches).toEqual([["a", "b"], ["cd", "e"]]);
  });

  it("refuses a line longer than MAX_LINE_CHARS, also one still arriving", async () => {
    const long = "x".repeat(MAX_LINE_CHARS + 1);
    expect((await scatterError(() => lines(`a\n${long}\nb\n`))).message).toBe(`line 2 is longer than ${MAX_LINE_CHARS} characters`);
    const arriving = await scatterError(() => lines("a\nb\n", long));
    expect(arriving.code).toBe("LineTooLong");
    expect(arriving.message).toBe(`line 3 is longer than ${MAX_LINE_CHARS} characters`);
    expect(await lines("x".repeat(MAX_LINE_CHARS))).toHaveLength(1);
  });
});

describe("decodeUtf8", () => {
  const decode = async (...buffers: Buffer[]) => {
    let text = "";
    for await (const part of decodeUtf8(chunks(...buffers))) text += part;
    return text;
  };

  it("joins a character cut between chunks", async () => {
    const bytes = Buffer.from("é😀", "utf8");
    expect(await decode(bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4))).toBe("é😀");
  });

  it("drops a byte order mark at the start only", async () => {
    expect(await decode(Buffer.from("\uFEFFid,x\n\uFEFF", "utf8"))).toBe("id,x\n\uFEFF");
    expect(await decode(Buffer.alloc(0), Buffer.from("\uFEFFa", "utf8"))).toBe("a");
  });
});
