import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRunnerEnvironment } from "../../../runner-image/src/env";
import { RunnerError } from "../../../runner-image/src/errors";
import { qcFailures, qcStopRequest } from "../../../runner-image/src/qc";

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "stepbatch-qc-"));
  await writeFile(join(workspace, "qc.json"), JSON.stringify({ reads: 12, rate: 0.31, status: "ok", flags: ["low_gc"] }));
  await writeFile(join(workspace, "other.json"), JSON.stringify({ passed: false }));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

async function qcError(checks: Parameters<typeof qcFailures>[0]): Promise<string> {
  try {
    await qcFailures(checks, workspace);
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe("QcCheck");
    return (error as Error).message;
  }
  throw new Error("expected a QcCheck error");
}

describe("qcFailures", () => {
  it("evaluates every expression of every file and lists each true one as '<file>: <expression>'", async () => {
    const failures = await qcFailures(
      [
        { qcResultFile: "qc.json", stopEarlyIf: ["reads < 10", "rate > 0.3", "'low_gc' in flags and status == 'ok'"] },
        { qcResultFile: "./other.json", stopEarlyIf: ["not passed"] },
      ],
      workspace,
    );
    expect(failures).toEqual(["qc.json: rate > 0.3", "qc.json: 'low_gc' in flags and status == 'ok'", "other.json: not passed"]);
  });

  it("finds nothing when no condition holds, Python truthiness included", async () => {
    expect(await qcFailures([{ qcResultFile: "qc.json", stopEarlyIf: ["reads > 100", "[]", "''", "0.0"] }], workspace)).toEqual([]);
  });

  it.each([
    [[{ qcResultFile: "missing.json", stopEarlyIf: ["x"] }], "QC result file missing.json was not written by the commands"],
    [[{ qcResultFile: "../escape.json", stopEarlyIf: ["x"] }], 'QC result file "../escape.json" is outside the workspace'],
    [[{ qcResultFile: "qc.json", stopEarlyIf: ["reads >"] }], 'QC condition "reads >" on qc.json'],
    [[{ qcResultFile: "qc.json", stopEarlyIf: ["coverage < 3"] }], "name 'coverage' is not defined"],
    [[{ qcResultFile: "qc.json", stopEarlyIf: ["__import__('os')"] }], 'QC condition "__import__(\'os\')" on qc.json'],
  ])("refuses %j: %s", async (checks, message) => {
    expect(await qcError(checks)).toContain(message);
  });

  it("refuses a file that is not a JSON object", async () => {
    await writeFile(join(workspace, "list.json"), "[1, 2]");
    await writeFile(join(workspace, "text.json"), "reads=3");
    expect(await qcError([{ qcResultFile: "list.json", stopEarlyIf: ["x"] }])).toContain("must hold a JSON object");
    expect(await qcError([{ qcResultFile: "text.json", stopEarlyIf: ["x"] }])).toContain("QC result file text.json is not JSON");
  });
});

describe("qcStopRequest", () => {
  const env = { BC_WORKFLOW_NAME: "demo", BC_STEP_NAME: "Align", BC_EXECUTION_ID: "sample1_3f9c2a1b" };

  it("names the execution and the failed conditions as the reference did", () => {
    const runner = readRunnerEnvironment({ ...env, AWS_DEFAULT_REGION: "eu-west-1", AWS_ACCOUNT_ID: "123456789012" });
    expect(qcStopRequest(runner, ["qc.json: reads < 10", "qc.json: rate > 0.3"])).toEqual({
      executionArn: "arn:aws:states:eu-west-1:123456789012:execution:demo:sample1_3f9c2a1b",
      error: "Job sample1_3f9c2a1b failed QC check at step Align",
      cause: "failed QC conditions: qc.json: reads < 10; qc.json: rate > 0.3",
    });
  });

  it("names the variable it lacks", () => {
    expect(() => qcStopRequest(readRunnerEnvironment({ ...env, AWS_DEFAULT_REGION: "eu-west-1" }), ["x"])).toThrow("AWS_ACCOUNT_ID is not set");
  });
});
