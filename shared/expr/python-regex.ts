import { pythonError } from "./errors";

/** re flag values, as Python defines them. */
export const REGEX_FLAGS = {
  IGNORECASE: 2n,
  MULTILINE: 8n,
  DOTALL: 16n,
  UNICODE: 32n,
  VERBOSE: 64n,
  ASCII: 256n,
} as const;

export type RegexMode = "match" | "search" | "fullmatch";
export const REGEX_FUNCTION_NAMES: ReadonlySet<string> = new Set<RegexMode>(["match", "search", "fullmatch"]);

const INLINE_FLAGS = new Map([
  ["i", REGEX_FLAGS.IGNORECASE],
  ["m", REGEX_FLAGS.MULTILINE],
  ["s", REGEX_FLAGS.DOTALL],
  ["u", REGEX_FLAGS.UNICODE],
  ["x", REGEX_FLAGS.VERBOSE],
  ["a", REGEX_FLAGS.ASCII],
]);
const SUPPORTED_FLAGS = REGEX_FLAGS.IGNORECASE | REGEX_FLAGS.MULTILINE | REGEX_FLAGS.DOTALL | REGEX_FLAGS.UNICODE;
// Python's \w is str.isalnum() or '_'; JS's \w is ASCII only.
const WORD = String.raw`\p{L}\p{N}_`;
// Characters a JS 'u' regex accepts after a backslash as themselves.
const JS_SYNTAX_CHARACTERS = new Set(Array.from("^$\\.*+?()[]{}|/"));
const QUANTIFIER = /\{(\d*)(?:(,)(\d*))?\}/y;

/**
 * Compiles a Python `re` pattern to a JS RegExp with the same meaning: `(?P<name>…)`, `(?P=name)`, `\A`,
 * `\Z`, Python's `$` (which also matches before a final newline), `.` (which only excludes '\n'), Unicode
 * `\d` and `\w`, literal `{`, and leading inline flags are translated. Constructs JS cannot express
 * (verbose mode, scoped flags, atomic groups, conditionals) are refused with re.error.
 */
export function compilePythonRegex(pattern: string, flags: bigint, mode: RegexMode): RegExp {
  const translated = new Translator(pattern, flags).translate();
  const source = mode === "fullmatch" ? String.raw`(?:${translated.source})(?![\s\S])` : translated.source;
  // 'd' records group positions for start()/end()/span(); 'y' anchors match and fullmatch at the start.
  const jsFlags = `ud${translated.ignoreCase ? "i" : ""}${mode === "search" ? "" : "y"}`;
  try {
    return new RegExp(source, jsFlags);
  } catch (error) {
    const reason = (error as Error).message.split(": ").at(-1);
    throw pythonError("re.error", `${reason} in pattern ${JSON.stringify(pattern)}`);
  }
}

class Translator {
  private index = 0;
  private output = "";

  constructor(
    private readonly pattern: string,
    private flags: bigint,
  ) {}

  translate(): { source: string; ignoreCase: boolean } {
    this.readLeadingFlags();
    this.checkFlags();
    while (this.index < this.pattern.length) this.translateNext();
    return { source: this.output, ignoreCase: (this.flags & REGEX_FLAGS.IGNORECASE) !== 0n };
  }

  private fail(message: string, at = this.index): never {
    throw pythonError("re.error", `${message} at position ${at} in pattern ${JSON.stringify(this.pattern)}`);
  }

  private has(flag: bigint): boolean {
    return (this.flags & flag) !== 0n;
  }

  /** Python only accepts `(?imsx)` groups at the very start of a pattern; they apply to all of it. */
  private readLeadingFlags(): void {
    const flagGroup = () => /^\(\?([a-zA-Z]+)\)/.exec(this.pattern.slice(this.index));
    for (let group = flagGroup(); group !== null; group = flagGroup()) {
      for (const letter of group[1]!) {
        const flag = INLINE_FLAGS.get(letter);
        if (flag === undefined) this.fail(`unknown flag '${letter}'`, this.index + 2);
        this.flags |= flag;
      }
      this.index += group[0].length;
    }
  }

  private checkFlags(): void {
    if (this.has(REGEX_FLAGS.VERBOSE)) this.fail("verbose mode (re.VERBOSE, (?x)) is not supported", 0);
    if (this.has(REGEX_FLAGS.ASCII)) this.fail("ASCII mode (re.ASCII, (?a)) is not supported", 0);
    if ((this.flags & ~SUPPORTED_FLAGS) !== 0n) this.fail(`unsupported flags value ${this.flags}`, 0);
  }

  private translateNext(): void {
    const char = this.pattern[this.index]!;
    switch (char) {
      case "\\":
        this.output += this.translateEscape(false);
        return;
      case "[":
        this.translateClass();
        return;
      case "(":
        this.translateGroupOpening();
        return;
      case ".":
        this.output += this.has(REGEX_FLAGS.DOTALL) ? String.raw`[\s\S]` : String.raw`[^\n]`;
        break;
      case "^":
        this.output += this.has(REGEX_FLAGS.MULTILINE) ? String.raw`(?<![^\n])` : String.raw`(?<![\s\S])`;
        break;
      case "$":
        this.output += this.has(REGEX_FLAGS.MULTILINE) ? String.raw`(?=\n|(?![\s\S]))` : String.raw`(?=\n?(?![\s\S]))`;
        break;
      case "{":
        this.translateBrace();
        return;
      case "}":
      case "]":
        this.output += `\\${char}`;
        break;
      default:
        this.output += char;
    }
    this.index++;
  }

  /** Python reads `{` as a literal unless it forms a quantifier; `{,n}` means `{0,n}`. */
  private translateBrace(): void {
    QUANTIFIER.lastIndex = this.index;
    const quantifier = QUANTIFIER.exec(this.pattern);
    if (quantifier === null || (quantifier[1] === "" && quantifier[2] === undefined)) {
      this.output += "\\{";
      this.index++;
      return;
    }
    const [text, low, comma, high] = quantifier;
    this.output += comma === undefined ? `{${low}}` : `{${low || "0"},${high}}`;
    this.index += text.length;
  }

  private translateGroupOpening(): void {
    const rest = this.pattern.slice(this.index);
    const named = /^\(\?P<([^>]*)>/.exec(rest);
    const backReference = /^\(\?P=([^)]*)\)/.exec(rest);
    if (named) {
      this.output += `(?<${named[1]}>`;
      this.index += named[0].length;
    } else if (backReference) {
      this.output += `\\k<${backReference[1]}>`;
      this.index += backReference[0].length;
    } else if (rest.startsWith("(?#")) {
      const end = this.pattern.indexOf(")", this.index);
      if (end === -1) this.fail("missing ), unterminated comment");
      this.index = end + 1;
    } else if (/^\(\?(?:[:=!]|<[=!])/.test(rest) || !rest.startsWith("(?")) {
      this.output += "(";
      this.index++;
    } else if (/^\(\?[a-zA-Z-]+:/.test(rest)) {
      this.fail("scoped inline flags like (?i:...) are not supported");
    } else if (/^\(\?[a-zA-Z]+\)/.test(rest)) {
      this.fail("global flags not at the start of the expression");
    } else {
      this.fail(`unsupported group '${rest.slice(0, 3)}'`);
    }
  }

  private translateClass(): void {
    const start = this.index;
    this.output += "[";
    this.index++;
    if (this.pattern[this.index] === "^") {
      this.output += "^";
      this.index++;
    }
    // Python takes a ']' right after '[' or '[^' as a literal; JS would close the class.
    if (this.pattern[this.index] === "]") {
      this.output += "\\]";
      this.index++;
    }
    for (;;) {
      const char = this.pattern[this.index];
      if (char === undefined) this.fail("unterminated character set", start);
      if (char === "]") break;
      if (char === "\\") {
        this.output += this.translateEscape(true);
      } else {
        this.output += char === "[" ? "\\[" : char;
        this.index++;
      }
    }
    this.output += "]";
    this.index++;
  }

  private translateEscape(inClass: boolean): string {
    const start = this.index;
    const char = this.pattern[this.index + 1];
    if (char === undefined) this.fail("bad escape (end of pattern)");
    this.index += 2;
    switch (char) {
      case "d":
        return String.raw`\p{Nd}`;
      case "D":
        return inClass ? this.fail("\\D inside a character set is not supported", start) : String.raw`\P{Nd}`;
      case "w":
        return inClass ? WORD : `[${WORD}]`;
      case "W":
        return inClass ? this.fail("\\W inside a character set is not supported", start) : `[^${WORD}]`;
      case "A":
        return inClass ? this.fail("bad escape \\A", start) : String.raw`(?<![\s\S])`;
      case "Z":
        return inClass ? this.fail("bad escape \\Z", start) : String.raw`(?![\s\S])`;
      case "a":
        return String.raw`\x07`;
      case "b":
        return inClass ? String.raw`\x08` : String.raw`\b`;
      case "s": case "S": case "B": case "f": case "n": case "r": case "t": case "v":
        return `\\${char}`;
      case "x":
        return this.hexEscape(start, 2);
      case "u":
        return this.hexEscape(start, 4);
      case "U":
        return this.hexEscape(start, 8);
    }
    if (/\d/.test(char)) return this.numericEscape(start, inClass);
    if (/[a-zA-Z]/.test(char)) this.fail(`bad escape \\${char}`, start);
    if (JS_SYNTAX_CHARACTERS.has(char) || (inClass && char === "-")) return `\\${char}`;
    return char;
  }

  private hexEscape(start: number, length: number): string {
    const hex = this.pattern.slice(this.index, this.index + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail(`incomplete escape ${this.pattern.slice(start, this.index + length)}`, start);
    this.index += length;
    return `\\u{${hex}}`;
  }

  /** `\0`, `\0dd` and three octal digits are characters; other digits are back-references. */
  private numericEscape(start: number, inClass: boolean): string {
    const digits = /^\d{1,3}/.exec(this.pattern.slice(start + 1))![0];
    const octal = /^(?:0[0-7]{0,2}|[0-3][0-7]{2})/.exec(digits)?.[0];
    if (octal !== undefined) {
      this.index = start + 1 + octal.length;
      return `\\u{${parseInt(octal, 8).toString(16)}}`;
    }
    if (inClass) this.fail(`bad escape \\${digits[0]}`, start);
    const reference = digits.slice(0, 2);
    this.index = start + 1 + reference.length;
    return `\\${reference}`;
  }
}
