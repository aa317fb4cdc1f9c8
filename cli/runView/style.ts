import type { StepStatus } from "../../local/progress";
import type { CliIO } from "../io";

/** How text is marked up: ANSI colours on a terminal, nothing elsewhere or where NO_COLOR asks. */
export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  busy(text: string): string;
  faint(text: string): string;
}

export const PLAIN_STYLE: Style = { ok: (t) => t, bad: (t) => t, busy: (t) => t, faint: (t) => t };

const sgr = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const ANSI: Style = { ok: sgr(32), bad: sgr(31), busy: sgr(33), faint: sgr(2) };

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function styleFor(io: CliIO): Style {
  return io.isTTY === true && !io.env.NO_COLOR ? ANSI : PLAIN_STYLE;
}

/** Every mark is a distinct character, so the status reads the same without colour. */
export const MARKS: Record<StepStatus | "skipped", string> = {
  pending: "·",
  running: "▸",
  succeeded: "✓",
  failed: "✗",
  caught: "↷",
  aborted: "■",
  skipped: "-",
};

export function markFor(status: StepStatus | "skipped", style: Style): string {
  const mark = MARKS[status];
  if (status === "succeeded") return style.ok(mark);
  if (status === "failed") return style.bad(mark);
  if (status === "running" || status === "caught" || status === "aborted") return style.busy(mark);
  return style.faint(mark);
}
