import type { ExecutorChoice } from "../../local/batch";

/** A cause longer than this is cut: a status line should fit a wide terminal, not fill a screen. */
export const MAX_CAUSE_CHARS = 300;

/** `0.4s`, `12.3s`, `2m05s`, `1h02m`: short enough for a column, exact enough to compare steps. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.floor(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

/** `docker (image busybox:stable is on this host)`. */
export function describeExecutor(choice: ExecutorChoice): string {
  return `${choice.kind} (${choice.reason})`;
}

/**
 * A failure's cause in one line. The `.sync` integrations put a whole description in the cause (a
 * Batch job's, or a nested execution's as JSON text); the user needs what failed and why, so those
 * are summed up, and anything else is cut to one line of MAX_CAUSE_CHARS.
 */
export function describeCause(cause: unknown): string {
  const text = typeof cause === "string" ? cause : cause === undefined || cause === null ? "" : JSON.stringify(cause);
  const summary = summarizeDescription(text);
  return clip(summary ?? text.replace(/\s*\n\s*/g, " ").trim(), MAX_CAUSE_CHARS);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function summarizeDescription(text: string): string | undefined {
  if (!text.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const description = parsed as Record<string, unknown>;
  if (typeof description.JobName === "string") {
    const exitCode = (description.Container as { ExitCode?: unknown } | undefined)?.ExitCode;
    const reason = typeof description.StatusReason === "string" ? description.StatusReason : "no reason given";
    return `job ${description.JobName}: ${reason}${typeof exitCode === "number" ? ` (exit ${exitCode})` : ""}`;
  }
  if (typeof description.ExecutionArn === "string") {
    const error = typeof description.Error === "string" ? description.Error : String(description.Status ?? "FAILED");
    const inner = description.Cause === undefined ? "" : ` — ${describeCause(description.Cause)}`;
    return `execution ${description.ExecutionArn}: ${error}${inner}`;
  }
  return undefined;
}
