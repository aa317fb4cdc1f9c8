import { readFile } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve } from "node:path";
import type { QcArgument } from "../../shared/compiler/runner";
import { evaluateExpression, isTruthy } from "../../shared/expr";
import type { StopExecutionRequest } from "../../shared/services/types";
import type { RunnerEnvironment } from "./env";
import { RunnerError } from "./errors";

/**
 * The QC conditions that hit (reference-system.md d.8): every expression of every check is
 * evaluated with the top-level keys of its result file (a JSON object in the workspace) as
 * variables, through the safe evaluator; each true one is `"<file name>: <expression>"`. A missing
 * or malformed file, or an expression that fails, is a RunnerError (QcCheck) naming both.
 */
export async function qcFailures(checks: QcArgument, workspace: string): Promise<string[]> {
  const failures: string[] = [];
  for (const check of checks) {
    const variables = await readQcResult(check.qcResultFile, workspace);
    for (const expression of check.stopEarlyIf) {
      let hit: boolean;
      try {
        hit = isTruthy(evaluateExpression(expression, variables));
      } catch (error) {
        throw new RunnerError("QcCheck", `QC condition ${JSON.stringify(expression)} on ${check.qcResultFile}: ${(error as Error).message}`);
      }
      if (hit) failures.push(`${basename(check.qcResultFile)}: ${expression}`);
    }
  }
  return failures;
}

/** The StopExecution of a QC failure: the execution ends ABORTED, so it can be redriven. */
export function qcStopRequest(env: RunnerEnvironment, failures: readonly string[]): StopExecutionRequest {
  const need = (value: string | undefined, variable: string): string => {
    if (value) return value;
    throw new RunnerError("BadEnvironment", `${variable} is not set: stopping the execution after a failed QC check needs it`);
  };
  const region = need(env.region, "AWS_DEFAULT_REGION");
  const account = need(env.accountId, "AWS_ACCOUNT_ID");
  return {
    executionArn: `arn:aws:states:${region}:${account}:execution:${env.workflowName}:${env.executionId}`,
    error: `Job ${env.executionId} failed QC check at step ${env.stepName}`,
    cause: `failed QC conditions: ${failures.join("; ")}`,
  };
}

async function readQcResult(name: string, workspace: string): Promise<Record<string, unknown>> {
  const path = resolve(workspace, name);
  const inside = relative(workspace, path);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new RunnerError("QcCheck", `QC result file ${JSON.stringify(name)} is outside the workspace`);
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new RunnerError("QcCheck", `QC result file ${name} ${missing ? "was not written by the commands" : `cannot be read: ${(error as Error).message}`}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RunnerError("QcCheck", `QC result file ${name} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RunnerError("QcCheck", `QC result file ${name} must hold a JSON object, whose keys the conditions use`);
  }
  return parsed as Record<string, unknown>;
}
