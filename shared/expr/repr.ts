import { pythonError } from "./errors";
import { MAX_INT_DIGITS, MAX_SEQUENCE_LENGTH } from "./limits";
import { PyDict, PyFunction, PyMatch, PyModule, PyTuple, type PyValue } from "./values";
import { codePointIndex } from "./text";

/** Python's str(value). */
export function pyStr(value: PyValue): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** Python's repr(value); refuses results longer than the sequence limit instead of exhausting memory. */
export function pyRepr(value: PyValue): string {
  const writer = new ReprWriter();
  writer.write(value);
  return writer.parts.join("");
}

class ReprWriter {
  readonly parts: string[] = [];
  private length = 0;

  private append(text: string): void {
    this.length += text.length;
    if (this.length > MAX_SEQUENCE_LENGTH) {
      throw pythonError("ValueError", `text of the value is longer than the limit of ${MAX_SEQUENCE_LENGTH} characters`);
    }
    this.parts.push(text);
  }

  write(value: PyValue): void {
    if (value instanceof PyTuple) {
      this.writeItems("(", value.items, value.items.length === 1 ? ",)" : ")");
    } else if (Array.isArray(value)) {
      this.writeItems("[", value, "]");
    } else if (value instanceof PyDict) {
      this.append("{");
      value.items().forEach(([key, item], index) => {
        if (index > 0) this.append(", ");
        this.write(key);
        this.append(": ");
        this.write(item);
      });
      this.append("}");
    } else {
      this.append(scalarRepr(value));
    }
  }

  private writeItems(open: string, items: readonly PyValue[], close: string): void {
    this.append(open);
    items.forEach((item, index) => {
      if (index > 0) this.append(", ");
      this.write(item);
    });
    this.append(close);
  }
}

function scalarRepr(value: PyValue): string {
  if (value === null) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "bigint":
      return intToDecimal(value);
    case "number":
      return floatRepr(value);
    case "string":
      return stringRepr(value);
  }
  if (value instanceof PyFunction) {
    return value.boundTo === undefined ? `<built-in function ${value.name}>` : `<built-in method ${value.name} of ${value.boundTo} object>`;
  }
  if (value instanceof PyModule) return `<module '${value.name}' (built-in)>`;
  if (value instanceof PyMatch) {
    const { result, input } = value;
    const start = codePointIndex(input, result.index);
    const end = start + codePointIndex(result[0], result[0].length);
    return `<re.Match object; span=(${start}, ${end}), match=${stringRepr(result[0])}>`;
  }
  throw new Error(`no repr for ${String(value)}`);
}

function intToDecimal(value: bigint): string {
  const text = value.toString();
  const digits = value < 0n ? text.length - 1 : text.length;
  if (digits > MAX_INT_DIGITS) {
    throw pythonError("ValueError", `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion`);
  }
  return text;
}

/** Python's repr of a float: the shortest round-tripping digits, in exponent form below 1e-4 and from 1e16. */
function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  const pointAt = exponent + 1;
  if (pointAt > -4 && pointAt <= 16) {
    if (pointAt <= 0) return `${sign}0.${"0".repeat(-pointAt)}${digits}`;
    if (pointAt >= digits.length) return `${sign}${digits}${"0".repeat(pointAt - digits.length)}.0`;
    return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  }
  const exponentSign = exponent < 0 ? "-" : "+";
  return `${sign}${mantissa}e${exponentSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NAMED_ESCAPES = new Map([
  ["\\", "\\\\"],
  ["\t", "\\t"],
  ["\n", "\\n"],
  ["\r", "\\r"],
]);

/** Python's repr of a str: single quotes unless the text has ' and no ", non-printable characters escaped. */
export function stringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let text = quote;
  for (const char of value) {
    const named = NAMED_ESCAPES.get(char);
    if (named !== undefined) text += named;
    else if (char === quote) text += `\\${quote}`;
    else if (char !== " " && NON_PRINTABLE.test(char)) text += escapeCodePoint(char.codePointAt(0)!);
    else text += char;
  }
  return text + quote;
}

function escapeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16);
  if (codePoint < 0x100) return `\\x${hex.padStart(2, "0")}`;
  if (codePoint < 0x10000) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}
