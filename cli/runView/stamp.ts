/** `[   12.3s]`: the time since the run started, before every permanent line. */
export function stamp(ms: number): string {
  return `[${`${(ms / 1000).toFixed(1)}s`.padStart(7)}]`;
}
