import type { LogsOptions } from "./types";

/**
 * Characters of output a local child keeps for `logs` (the oldest lines go first): enough for the
 * tail a failure is read from, bounded so that a chatty command cannot fill the runner's memory
 * (about 8 MB as JS strings). Every line still reaches onLog as it comes.
 */
export const LOG_CHARS_KEPT = 4 * 1024 * 1024;

/** Output lines kept in memory, for reading (from the start, or the last few) and following until `end`. */
export class LogBook {
  private lines: string[] = [];
  /** Index into `lines` of the oldest kept line; lines before it are dropped. */
  private head = 0;
  /** How many lines were dropped before `lines[head]`, so that readers keep their place. */
  private dropped = 0;
  private chars = 0;
  private ended = false;
  private waiters: Array<() => void> = [];

  append(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    while (this.chars > LOG_CHARS_KEPT && this.lines.length - this.head > 1) {
      this.chars -= this.lines[this.head++].length;
      this.dropped++;
    }
    if (this.head > this.lines.length / 2) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    this.wake();
  }

  /** No more lines will come: followers finish. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Ends and frees the book. */
  clear(): void {
    this.lines = [];
    this.head = 0;
    this.chars = 0;
    this.end();
  }

  async *read({ tail, follow = false }: LogsOptions): AsyncIterable<string> {
    const kept = () => this.lines.length - this.head;
    // Positions count every line ever appended.
    let next = this.dropped + (tail === undefined ? 0 : Math.max(0, kept() - tail));
    for (;;) {
      while (next < this.dropped + kept()) {
        const position = Math.max(next, this.dropped);
        yield this.lines[this.head + position - this.dropped];
        next = position + 1;
      }
      if (!follow || this.ended) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
