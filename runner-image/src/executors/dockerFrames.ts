import { Transform, type TransformCallback } from "node:stream";
import { LineSplitter } from "./lines";
import type { LogStream } from "./types";

/** Each frame of the engine's multiplexed output starts with 8 bytes: the stream (byte 0) and the payload size (bytes 4–7, big-endian). */
const HEADER_BYTES = 8;
/** Stream byte values: 1 stdout, 2 stderr (0, stdin, appears only on attach with a TTY, which children never have). */
const STDERR = 2;

export interface LogLine {
  line: string;
  stream: LogStream;
}

/**
 * Turns the engine's multiplexed stdout/stderr (attach and logs of a container without a TTY) into
 * lines, each stream cut into lines on its own; the last partial line of each is given at the end.
 * Objects out: LogLine.
 */
export function demuxLines(): Transform {
  const splitters: Record<LogStream, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  let pending: Buffer = Buffer.alloc(0);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= HEADER_BYTES) {
        const size = pending.readUInt32BE(offset + 4);
        if (pending.length - offset - HEADER_BYTES < size) break;
        const stream: LogStream = pending[offset] === STDERR ? "stderr" : "stdout";
        const payload = pending.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
        for (const line of splitters[stream].push(payload)) this.push({ line, stream } satisfies LogLine);
        offset += HEADER_BYTES + size;
      }
      pending = pending.subarray(offset);
      done();
    },
    flush(done: TransformCallback) {
      for (const stream of ["stdout", "stderr"] as const) {
        for (const line of splitters[stream].end()) this.push({ line, stream } satisfies LogLine);
      }
      done();
    },
  });
}
