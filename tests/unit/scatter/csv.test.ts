import { describe, expect, it } from "vitest";
import { csvRecords, csvRows, MAX_LINE_CHARS, type CsvRecord } from "../../../shared/scatter";
import { collect, scatterError } from "./support";

async function* chunks(...texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

const records = (text: string, delimiter: "," | "\t" = ",") => collect(csvRecords(chunks(text), delimiter));
const fields = async (text: string, delimiter: "," | "\t" = ",") => (await records(text, delimiter)).map((record) => record.fields);
const rows = (...texts: string[]) => collect(csvRows(csvRecords(chunks(...texts), ",")));

describe("csvRecords", () => {
  it("splits fields at commas and records at line ends", async () => {
    expect(await fields("a,b,c\n1,2,3\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
  });

  it("reads the last record without a line end", async () => {
    expect(await fields("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("takes CRLF and a lone CR as line ends", async () => {
    expect(await fields("a,b\r\n1,2\r\n3,4\r5,6")).toEqual([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", async () => {
    expect(await fields('name,note\n"Smith, J","line 1\nline 2"\n"say ""hi""",x\n')).toEqual([
      ["name", "note"],
      ["Smith, J", "line 1\nline 2"],
      ['say "hi"', "x"],
    ]);
  });

  it("keeps CRLF inside a quoted field as it is", async () => {
    expect(await fields('a\r\n"x\r\ny"\r\n')).toEqual([["a"], ["x\r\ny"]]);
  });

  it("reads empty fields, quoted or not", async () => {
    expect(await fields('a,,""\n,x,\n')).toEqual([["a", "", ""], ["", "x", ""]]);
  });

  it("treats a quote inside an unquoted field, and text after a closing quote, as Python's csv does", async () => {
    expect(await fields('ab"c,"d"e\n')).toEqual([['ab"c', "de"]]);
  });

  it("skips blank lines", async () => {
    expect(await fields("a\n\n1\n  \r\n2\n\n")).toEqual([["a"], ["1"], ["2"]]);
  });

  it("keeps a quoted empty field on its own line", async () => {
    expect(await fields('a\n""\n')).toEqual([["a"], [""]]);
  });

  it("splits TSV at tabs, with the same quoting", async () => {
    expect(await fields('a\tb\n"x\ty"\t2\n', "\t")).toEqual([["a", "b"], ["x\ty", "2"]]);
  });

  it("numbers each record by the line it starts on", async () => {
    const numbered = await records('a,b\n"x\ny",1\n\n2,3\n');
    expect(numbered.map((record: CsvRecord) => record.line)).toEqual([1, 2, 5]);
  });

  it("reads the same records however the text is cut into chunks", async () => {
    const text = 'id,"na\r\nme",x\r\n1,"a ""q"", b",\r\n\r\n2,"\n",z\r3,,"end"';
    const whole = await records(text);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await collect(csvRecords(chunks(text.slice(0, cut), text.slice(cut)), ","))).toEqual(whole);
    }
    expect(await collect(csvRecords(chunks(...text), ","))).toEqual(whole);
    expect(whole.map((record) => record.fields)).toEqual([
      ["id", "na\r\nme", "x"],
      ["1", 'a "q", b', ""],
      ["2", "\n", "z"],
      ["3", "", "end"],
    ]);
  });

  it("says where a quoted field is never closed", async () => {
    const error = await scatterError(() => records('a\n1\n"open,2\n3\n'));
    expect(error.code).toBe("BadFileContent");
    expect(error.message).toBe("line 3: a quoted field has no closing quote");
  });

  it("refuses a record longer than MAX_LINE_CHARS while it still arrives", async () => {
    const piece = "x".repeat(64 * 1024);
    const error = await scatterError(() => collect(csvRecords(chunks('a\n"', ...Array(5).fill(piece)), ",")));
    expect(error.code).toBe("LineTooLong");
    expect(error.message).toBe(`the record on line 2 is longer than ${MAX_LINE_CHARS} characters (is a closing quote missing?)`);
  });
});

describe("csvRows", () => {
  it("keys each row by the header", async () => {
    expect(await rows("id,name\n1,a\n", "2,b\n")).toEqual([
      { id: "1", name: "a" },
      { id: "2", name: "b" },
    ]);
  });

  it("has no rows for a header alone or an empty file", async () => {
    expect(await rows("id,name\n")).toEqual([]);
    expect(await rows("")).toEqual([]);
  });

  it("keeps a column named __proto__ as data", async () => {
    const [row] = await rows("__proto__,x\n1,2\n");
    expect(Object.keys(row)).toEqual(["__proto__", "x"]);
    expect(JSON.stringify(row)).toBe('{"__proto__":"1","x":"2"}');
  });

  it("refuses a row with more or fewer fields than the header", async () => {
    const short = await scatterError(() => rows("a,b,c\n1,2,3\n4,5\n"));
    expect(short.code).toBe("BadFileContent");
    expect(short.message).toBe("line 3 has 2 fields, but the header (line 1) has 3");
    expect((await scatterError(() => rows("a\n1,2\n"))).message).toBe("line 2 has 2 fields, but the header (line 1) has 1");
  });

  it("refuses a header that names a column twice", async () => {
    const error = await scatterError(() => rows("\nid,x,id\n1,2,3\n"));
    expect(error.message).toBe('line 2: the header names the column "id" twice');
  });
});
