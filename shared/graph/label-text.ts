// Label text shared by every renderer: one line per entry, long user text cut short.

/**
 * Longest label line, in characters. Neither Mermaid nor Graphviz wraps edge labels, so a long
 * chooser expression would stretch the picture well past the width of a GitHub page.
 */
export const LABEL_MAX_CHARS = 48;

const ELLIPSIS = "…";

/** Collapses line breaks and runs of whitespace: a label line must stay one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** oneLine, then cut to LABEL_MAX_CHARS characters with a trailing ellipsis when longer. */
export function shortenLabel(text: string): string {
  // Array.from splits by code point, so a cut never halves a surrogate pair.
  const chars = Array.from(oneLine(text));
  if (chars.length <= LABEL_MAX_CHARS) return chars.join("");
  return chars.slice(0, LABEL_MAX_CHARS - ELLIPSIS.length).join("") + ELLIPSIS;
}
