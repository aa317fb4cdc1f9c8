import { Readable } from "node:stream";
import type { PutBody } from "./types";

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function toReadable(body: PutBody): Readable {
  return body instanceof Readable ? body : Readable.from([Buffer.from(body)]);
}
