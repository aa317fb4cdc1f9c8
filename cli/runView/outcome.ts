import { join } from "node:path";
import { parseS3Uri } from "../../shared/store";
import { describeCause } from "./format";
import type { Report } from "./incidents";
import type { Style } from "./style";
import type { RunTracker } from "./tracker";

export interface RunOutcomeView {
  status: string;
  error?: string;
  cause?: string;
  repository?: string;
}

/**
 * How a run ended: its status (with the failure, its cause summed up), the step it failed at with
 * that step's last log, and where its results are: the repository, and the folder that holds it
 * when the store is a directory (`storeFolder`).
 */
export function outcomeReports(outcome: RunOutcomeView, style: Style, tracker?: RunTracker, storeFolder?: string): Report[] {
  const paint = outcome.status === "SUCCEEDED" ? style.ok : style.bad;
  const failure = `${outcome.error ? `: ${outcome.error}` : ""}${outcome.cause ? ` — ${describeCause(outcome.cause)}` : ""}`;
  const reports: Report[] = [{ head: `${paint(outcome.status)}${failure}` }];
  if (outcome.status !== "SUCCEEDED" && tracker !== undefined) {
    for (const step of tracker.steps()) {
      if (step.depth !== 0 || step.status !== "failed") continue;
      const log = tracker.logs.get(step.name);
      reports.push({ head: `  failed at step ${step.name}${log === undefined ? "" : `; its last log: ${log}`}` });
    }
  }
  if (outcome.repository !== undefined) reports.push({ head: `repository: ${outcome.repository}${folderOf(outcome.repository, storeFolder)}` });
  return reports;
}

/** ` (folder /abs/store/bucket/key)` for a directory store, else nothing. */
export function folderOf(uri: string, storeFolder: string | undefined): string {
  if (storeFolder === undefined) return "";
  try {
    const { bucket, key } = parseS3Uri(uri);
    return ` (folder ${join(storeFolder, bucket, key)})`;
  } catch {
    return "";
  }
}
