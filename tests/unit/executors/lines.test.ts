import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_LINE_CHARS } from "../../../runner-image/src/executors/lines";

describe("LineSplitter", () => {
  it("gives complete lines as they come, and the last one without a newline at the end", () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from("one\ntw"))).toEqual(["one"]);
    expect(splitter.push(Buffer.from("o\r\n\nthr"))).toEqual(["two", ""]);
    expect(splitter.end()).toEqual(["thr"]);
    expect(splitter.end()).toEqual([]);
  });

  it("joins a UTF-8 character split across chunks", () => {
    const bytes = Buffer.from("größe ✓\n");
    const splitter = new LineSplitter();
    expect([...splitter.push(bytes.subarray(0, 3)), ...splitter.push(bytes.subarray(3, 9)), ...splitter.push(bytes.subarray(9))]).toEqual(["größe ✓"]);
  });

  it("cuts a line longer than MAX_LINE_CHARS into pieces, whether it ends or not", () => {
    const long = "x".repeat(MAX_LINE_CHARS * 2 + 5);
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from(long)).map((piece) => piece.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS]);
    expect(splitter.end()).toEqual(["xxxxx"]);
    expect(new LineSplitter().push(Buffer.from(`${long}\n`)).map((piece) => piece.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS, 5]);
  });
});
