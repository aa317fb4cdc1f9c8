import { expect, it } from "vitest";
import { STEPBATCH_VERSION } from "../../../shared/compiler/settings";
import { StepLog } from "../../../shared/stepLambdas";

const logging = {
  branch: "3",
  job_file_bucket: "launcher",
  job_file_key: "wf/job.json",
  job_file_version: "v1",
  sfn_execution_id: "job_v1",
  step_name: "PerSample",
  workflow_name: "wf",
};

it("starts with the preamble and the event less its logging block, and repeats the preamble on every line", () => {
  const lines: string[] = [];
  const event = { repo: "s3://b/r", step_name: "PerSample", logging };
  const log = new StepLog("gather", event, (line) => lines.push(line));
  log.invoked(event);
  log.warning("no file named x", { missing: 2 });

  const preamble = {
    lambda: "gather",
    workflow_name: "wf",
    step_name: "PerSample",
    job_file: "s3://launcher/wf/job.json:v1",
    sfn_execution_id: "job_v1",
    branch: "3",
    version: STEPBATCH_VERSION,
  };
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    { level: "info", message: "invoked", ...preamble, event: { repo: "s3://b/r", step_name: "PerSample" } },
    { level: "warning", message: "no file named x", ...preamble, missing: 2 },
  ]);
});

it("logs what it can of an event without a logging block", () => {
  const lines: string[] = [];
  const log = new StepLog("chooser", "not an object", (line) => lines.push(line));
  log.invoked("not an object");
  expect(JSON.parse(lines[0])).toEqual({ level: "info", message: "invoked", lambda: "chooser", version: STEPBATCH_VERSION, event: { event: "not an object" } });
});
