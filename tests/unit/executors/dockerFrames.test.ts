import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { demuxLines, type LogLine } from "../../../runner-image/src/executors/dockerFrames";

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function linesOf(chunks: Buffer[]): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  for await (const line of Readable.from(chunks).pipe(demuxLines())) lines.push(line as LogLine);
  return lines;
}

describe("demuxLines", () => {
  it("cuts each stream of the engine's multiplexed output into lines of its own", async () => {
    const bytes = Buffer.concat([frame(1, "out 1\nout"), frame(2, "err 1\n"), frame(1, " 2\n"), frame(2, "err 2 without newline")]);
    expect(await linesOf([bytes])).toEqual([
      { line: "out 1", stream: "stdout" },
      { line: "err 1", stream: "stderr" },
      { line: "out 2", stream: "stdout" },
      { line: "err 2 without newline", stream: "stderr" },
    ]);
  });

  it("reads frames whatever the chunks they arrive in, down to single bytes", async () => {
    const bytes = Buffer.concat([frame(1, "alpha\n"), frame(2, "beta\n"), frame(1, "gamma")]);
    const single = Array.from(bytes, (byte) => Buffer.from([byte]));
    expect(await linesOf(single)).toEqual(await linesOf([bytes]));
    expect((await linesOf(single)).map(({ line }) => line)).toEqual(["alpha", "beta", "gamma"]);
  });
});
