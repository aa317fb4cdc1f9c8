import type { ExecRequest, ExecutorLog, LogStream } from "./types";

/**
 * The request's onLog, made safe to call from a stream handler, where a throw would end the
 * runner: a failing callback is reported once and its lines are dropped from then on.
 */
export function guardedOnLog(onLog: ExecRequest["onLog"], log: ExecutorLog): (line: string, stream: LogStream) => void {
  let broken = onLog === undefined;
  return (line, stream) => {
    if (broken) return;
    try {
      onLog!(line, stream);
    } catch (error) {
      broken = true;
      log("the output handler failed; further output lines are dropped", { error: (error as Error).message });
    }
  };
}
