import { nativeFunction } from "./arguments";
import { pythonError } from "./errors";
import { toInteger } from "./numbers";
import { compilePythonRegex, REGEX_FLAGS, type RegexMode } from "./python-regex";
import { PyMatch, PyModule, typeName, type PyValue } from "./values";

function runRegex(mode: RegexMode, pattern: PyValue, text: PyValue, flags: PyValue | undefined): PyMatch | null {
  if (typeof pattern !== "string") throw pythonError("TypeError", "first argument must be string or compiled pattern");
  if (typeof text !== "string") throw pythonError("TypeError", `expected string or bytes-like object, got '${typeName(text)}'`);
  const flagBits = flags === undefined ? 0n : toInteger(flags);
  if (flagBits === undefined) throw pythonError("TypeError", `flags must be an int, not ${typeName(flags!)}`);
  const result = compilePythonRegex(pattern, flagBits, mode).exec(text);
  return result === null ? null : new PyMatch(result, text);
}

const regexFunction = (mode: RegexMode) =>
  nativeFunction(mode, ["pattern", "string", "flags?"], ([pattern, text, flags]) => runRegex(mode, pattern!, text!, flags));

export const RE_MODULE = new PyModule(
  "re",
  new Map<string, PyValue>([
    ["match", regexFunction("match")],
    ["search", regexFunction("search")],
    ["fullmatch", regexFunction("fullmatch")],
    ["I", REGEX_FLAGS.IGNORECASE],
    ["IGNORECASE", REGEX_FLAGS.IGNORECASE],
    ["M", REGEX_FLAGS.MULTILINE],
    ["MULTILINE", REGEX_FLAGS.MULTILINE],
    ["S", REGEX_FLAGS.DOTALL],
    ["DOTALL", REGEX_FLAGS.DOTALL],
    ["U", REGEX_FLAGS.UNICODE],
    ["UNICODE", REGEX_FLAGS.UNICODE],
    ["X", REGEX_FLAGS.VERBOSE],
    ["VERBOSE", REGEX_FLAGS.VERBOSE],
    ["A", REGEX_FLAGS.ASCII],
    ["ASCII", REGEX_FLAGS.ASCII],
  ]),
);
