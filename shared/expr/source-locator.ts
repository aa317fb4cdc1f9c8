import type { SourcePosition } from "./errors";

/** Maps offsets in a source string to 1-based line and column. */
export type Locate = (offset: number) => SourcePosition;

export function sourceLocator(source: string): Locate {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\n") lineStarts.push(i + 1);
  }
  return (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line]! > offset) line--;
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };
}
