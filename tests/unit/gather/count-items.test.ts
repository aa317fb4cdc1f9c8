import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { countJsonLines } from "../../../shared/gather";

const count = (...chunks: string[]) => countJsonLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))));

it("counts one record per line, with or without a final newline", async () => {
  expect(await count('{"a":1}\n{"a":2}\n')).toBe(2);
  expect(await count('{"a":1}\n{"a":2}')).toBe(2);
  expect(await count("")).toBe(0);
});

it("skips blank lines, CRLF endings included", async () => {
  expect(await count('\n{"a":1}\r\n  \r\n\t\n{"a":2}\r\n\n')).toBe(2);
});

it("counts records split across chunks once", async () => {
  expect(await count('{"a"', ':1}\n{"a":2', "}", "\n", " ", "\n{}")).toBe(3);
});
