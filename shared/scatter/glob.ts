// S3 key globs: `*` and `?` match within one folder level (they stop at `/`), `**` crosses levels
// (`a/**/b` also matches `a/b`), `[abc]`, `[a-z]` and `[!abc]` (or `[^abc]`) match one character
// other than `/`. A `[` with no closing `]` is an ordinary character, as in fnmatch. The reference
// used fnmatch, where `*` crossed `/`, so `runs/*.txt` also matched `runs/old/x.txt`.

const WILDCARD = /[*?[]/;

/** Whether `text` is a glob rather than one file name. */
export function isGlob(text: string): boolean {
  return WILDCARD.test(text);
}

/** The part of `pattern` before its first wildcard: where a listing of the matching keys can start. */
export function literalPrefix(pattern: string): string {
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === "*" || char === "?" || (char === "[" && classEnd(pattern, at) !== -1)) return pattern.slice(0, at);
  }
  return pattern;
}

/** A regular expression matching whole keys that start with `literal` (taken as it is) and go on to match `pattern`. */
export function globRegExp(pattern: string, literal = ""): RegExp {
  let source = escapeRegExp(literal);
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === "*") {
      let end = at;
      while (pattern[end + 1] === "*") end++;
      if (end === at) source += "[^/]*";
      else if (pattern[end + 1] === "/" && (at === 0 || pattern[at - 1] === "/")) {
        // `**/` as a whole level: any number of levels, none included.
        source += "(?:.*/)?";
        end++;
      } else source += ".*";
      at = end;
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[" && classEnd(pattern, at) !== -1) {
      const end = classEnd(pattern, at);
      source += characterClass(pattern.slice(at + 1, end));
      at = end;
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, "su");
}

/** Where the class opened at `open` closes, or -1; a `]` first in the class (after any `!`/`^`) is a member. */
function classEnd(pattern: string, open: number): number {
  let at = open + 1;
  if (pattern[at] === "!" || pattern[at] === "^") at++;
  if (pattern[at] === "]") at++;
  return pattern.indexOf("]", at);
}

function characterClass(body: string): string {
  const negated = body[0] === "!" || body[0] === "^";
  // By code point, so that a character outside the BMP is one member.
  const members = Array.from(negated ? body.slice(1) : body);
  let source = "";
  for (let at = 0; at < members.length; at++) {
    if (members[at + 1] === "-" && at + 2 < members.length) {
      source += `${escapeClassChar(members[at])}-${escapeClassChar(members[at + 2])}`;
      at += 2;
    } else source += escapeClassChar(members[at]);
  }
  // A class never matches `/`, like `*` and `?`.
  return negated ? `[^/${source}]` : `(?!/)[${source}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function escapeClassChar(char: string): string {
  return /[\\\]\[^-]/.test(char) ? `\\${char}` : char;
}
