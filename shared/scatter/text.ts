import { StringDecoder } from "node:string_decoder";

const BYTE_ORDER_MARK = "\uFEFF";

/**
 * The UTF-8 text of a stream, chunk by chunk, without the byte order mark that spreadsheet programs
 * put in front of CSV files. A character split between two chunks comes out whole.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let atStart = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (atStart && text !== "") {
      atStart = false;
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    }
    if (text !== "") yield text;
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}
