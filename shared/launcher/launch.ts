import type { Services } from "../services/types";
import type { ObjectStore } from "../store";
import { candidateKeys, parseObjectCreated, type ObjectCreated } from "./event";
import { executionName } from "./executionName";
import { JobFileError, readJobFile, type JobFileRef } from "./jobFile";
import { parseLaunchKey, type IgnoreReason, type LaunchKey } from "./launchKey";

/** The input of every execution the launcher starts: where its job file is (the initializer reads it). */
export interface LaunchInput {
  job_file: JobFileRef;
  index: "main";
}

/** What the launcher would start, or started. */
export interface Launch {
  stateMachineArn: string;
  executionName: string;
  input: LaunchInput;
}

/** What happened, with a `message` saying it in words (the handler logs it). */
export type LaunchResult =
  | ({ outcome: "started"; executionArn: string; message: string } & Launch)
  /** An execution of that name exists: a repeated event for an upload that already started a run. */
  | ({ outcome: "duplicate"; message: string } & Launch)
  /** The event asked for a dry run: nothing was started. */
  | ({ outcome: "dry_run"; message: string } & Launch)
  /** Not a job file (a folder, a temporary file, a key that names no workflow). */
  | { outcome: "ignored"; bucket: string; key: string; reason: IgnoreReason; message: string }
  /** A job file that cannot start a run (missing, empty, malformed, not an object, too large). */
  | { outcome: "refused"; bucket: string; key: string; code: string; message: string; problem: string };

/** The run a launch key starts: the workflow's version or alias (`current` unless named). */
export function stateMachineArn(launch: LaunchKey, settings: Services["settings"]): string {
  return `arn:aws:states:${settings.region}:${settings.accountId}:stateMachine:${launch.workflow}:${launch.qualifier}`;
}

/**
 * Starts one execution for a job file written to the launcher bucket (an EventBridge "Object
 * Created" event). The job file is read first, in the version the event names: one that is not a
 * JSON object starts nothing. Bad job files and ignored keys are results, not errors: an error
 * would make Lambda retry an event that can never succeed. Store and Step Functions failures are
 * errors, so that Lambda retries them.
 */
export async function launchJob(services: Pick<Services, "store" | "executions" | "settings">, event: unknown): Promise<LaunchResult> {
  const created = parseObjectCreated(event);
  const located = await locateJobFile(services.store, created);
  const { bucket } = created;
  if ("ignored" in located) return { outcome: "ignored", bucket, key: created.key, ...located.ignored };
  if ("refused" in located) return { outcome: "refused", bucket, key: created.key, ...located.refused };
  const plan: Launch = {
    stateMachineArn: stateMachineArn(located.launch, services.settings),
    executionName: executionName(located.launch.remainder, created),
    input: { job_file: located.jobFile, index: "main" },
  };
  const execution = `execution ${plan.executionName} of ${plan.stateMachineArn}`;
  if (created.dryRun) return { outcome: "dry_run", message: `dry run: would start ${execution}`, ...plan };
  const started = await services.executions.start({
    stateMachineArn: plan.stateMachineArn,
    name: plan.executionName,
    input: JSON.stringify(plan.input),
  });
  if (!started.started) return { outcome: "duplicate", message: `duplicate event: ${execution} already exists`, ...plan };
  return { outcome: "started", message: `started ${execution}`, executionArn: started.executionArn, ...plan };
}

type Located =
  | { jobFile: JobFileRef; launch: LaunchKey }
  | { ignored: { reason: IgnoreReason; message: string } }
  | { refused: { code: string; message: string; problem: string } };

/**
 * The job file an event names: the first reading of its key (see candidateKeys) that names a
 * workflow and exists, checked to be a JSON object. Otherwise why nothing starts: a job file that
 * exists but is bad, else the first reading's absence, else why the key is no job file.
 */
async function locateJobFile(store: ObjectStore, created: ObjectCreated): Promise<Located> {
  let fallback: Located | undefined;
  for (const key of candidateKeys(created.key)) {
    const parsed = parseLaunchKey(key);
    if ("ignored" in parsed) {
      fallback ??= { ignored: { reason: parsed.ignored, message: parsed.message } };
      continue;
    }
    const jobFile: JobFileRef = { bucket: created.bucket, key, version: created.versionId ?? "" };
    try {
      await readJobFile(store, jobFile);
      return { jobFile, launch: parsed.launch };
    } catch (error) {
      if (!(error instanceof JobFileError)) throw error;
      const refused = { refused: { code: error.code, message: error.message, problem: error.problem } };
      if (error.code !== "JobFileNotFound") return refused;
      if (!fallback || "ignored" in fallback) fallback = refused;
    }
  }
  // candidateKeys always holds the key itself, so the loop ran and set fallback or returned.
  return fallback!;
}
