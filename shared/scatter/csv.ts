import { ScatterError } from "./errors";
import { MAX_LINE_CHARS } from "./limits";

/** One record of a CSV or TSV file: its fields, and the line it starts on (from 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The records of CSV (or, with `delimiter` "\t", TSV) text arriving in chunks, in batches, as
 * Python's csv module reads them (the reference's reader): fields may be quoted with `"`, a quoted
 * field may hold delimiters, line breaks and `""` for a quote; records end with `\n`, `\r\n` or
 * `\r`; a quote inside an unquoted field is an ordinary character. Blank lines are no records.
 */
export async function* csvRecords(texts: AsyncIterable<string>, delimiter: "," | "\t"): AsyncGenerator<CsvRecord[]> {
  const delimiterCode = delimiter.charCodeAt(0);
  let buffer = "";
  let line = 1;
  for await (const text of texts) {
    buffer += text;
    const parsed = parseRecords(buffer, delimiterCode, false, line);
    buffer = buffer.slice(parsed.consumed);
    line = parsed.nextLine;
    if (buffer.length > MAX_LINE_CHARS) {
      throw new ScatterError(
        "LineTooLong",
        `the record on line ${line} is longer than ${MAX_LINE_CHARS} characters (is a closing quote missing?)`,
      );
    }
    if (parsed.records.length > 0) yield parsed.records;
  }
  const last = parseRecords(buffer, delimiterCode, true, line);
  if (last.records.length > 0) yield last.records;
}

/**
 * The rows of CSV records as objects keyed by the first record (the header), as Python's
 * DictReader makes them. A record with more or fewer fields than the header is an error, as is a
 * header that names a column twice: either would silently lose or invent values.
 */
export async function* csvRows(records: AsyncIterable<CsvRecord[]>): AsyncGenerator<Record<string, string>[]> {
  let header: CsvRecord | undefined;
  for await (const batch of records) {
    const rows: Record<string, string>[] = [];
    for (const record of batch) {
      if (header === undefined) {
        header = checkedHeader(record);
        continue;
      }
      rows.push(rowOf(header, record));
    }
    if (rows.length > 0) yield rows;
  }
}

interface Parsed {
  records: CsvRecord[];
  /** Characters of complete records; the rest waits for more text unless `final`. */
  consumed: number;
  nextLine: number;
}

function parseRecords(text: string, delimiter: number, final: boolean, firstLine: number): Parsed {
  const records: CsvRecord[] = [];
  let pos = 0;
  let line = firstLine;
  records: while (pos < text.length) {
    const fields: string[] = [];
    let lineBreaks = 0;
    let i = pos;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        value = "";
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote + 1 === text.length && !final)) {
            if (final) throw new ScatterError("BadFileContent", `line ${line}: a quoted field has no closing quote`);
            break records;
          }
          lineBreaks += countLineFeeds(text, from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          i = quote + 1;
          break;
        }
        // Like Python's csv, text between the closing quote and the delimiter joins the field.
        const end = fieldEnd(text, i, delimiter);
        value += text.slice(i, end);
        i = end;
      } else {
        const end = fieldEnd(text, i, delimiter);
        value = text.slice(i, end);
        i = end;
      }
      fields.push(value);
      if (i === text.length) {
        if (!final) break records;
        break;
      }
      if (text.charCodeAt(i) === delimiter) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) === CR) {
        // A CR at the end of the text may be the first half of a CRLF.
        if (i + 1 === text.length && !final) break records;
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      lineBreaks++;
      break;
    }
    if (!isBlankLine(text, pos, fields)) records.push({ line, fields });
    pos = i;
    line += lineBreaks;
  }
  return { records, consumed: pos, nextLine: line };
}

/** Where the unquoted part of a field that starts at `from` ends: a delimiter, a line break or the end. */
function fieldEnd(text: string, from: number, delimiter: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === delimiter || code === LF || code === CR) break;
  }
  return i;
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** A record of one unquoted field of nothing but spaces: an empty line, or one with stray blanks. */
function isBlankLine(text: string, start: number, fields: string[]): boolean {
  return fields.length === 1 && text.charCodeAt(start) !== QUOTE && fields[0].trim() === "";
}

function checkedHeader(record: CsvRecord): CsvRecord {
  const seen = new Set<string>();
  for (const name of record.fields) {
    if (seen.has(name)) {
      throw new ScatterError("BadFileContent", `line ${record.line}: the header names the column ${JSON.stringify(name)} twice`);
    }
    seen.add(name);
  }
  return record;
}

function rowOf(header: CsvRecord, record: CsvRecord): Record<string, string> {
  const names = header.fields;
  const { fields } = record;
  if (fields.length !== names.length) {
    throw new ScatterError(
      "BadFileContent",
      `line ${record.line} has ${fields.length} fields, but the header (line ${header.line}) has ${names.length}`,
    );
  }
  const row: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    // A column named __proto__ is data like any other, not the object's prototype.
    if (names[i] === "__proto__") Object.defineProperty(row, names[i], { value: fields[i], enumerable: true, writable: true, configurable: true });
    else row[names[i]] = fields[i];
  }
  return row;
}
