import { expect, test } from "vitest";
import { describeCause, formatDuration, MAX_CAUSE_CHARS } from "../../../../cli/runView/format";
import { jobDescription } from "./support";

test("durations read as seconds, then minutes, then hours", () => {
  expect([400, 12_345, 125_000, 3_720_000].map(formatDuration)).toEqual(["0.4s", "12.3s", "2m05s", "1h02m"]);
});

test("a Batch job description in a cause is summed up as the job, its reason and exit code", () => {
  expect(describeCause(jobDescription("job_x__Boom", 4))).toBe("job job_x__Boom: Essential container in task exited (exit 4)");
});

test("a nested execution's description is summed up with its own cause", () => {
  const nested = JSON.stringify({
    ExecutionArn: "arn:aws:states:local:000000000000:execution:child:run1",
    Status: "FAILED",
    Error: "States.TaskFailed",
    Cause: jobDescription("job_y__Align", 1),
  });
  expect(describeCause(nested)).toBe(
    "execution arn:aws:states:local:000000000000:execution:child:run1: States.TaskFailed — job job_y__Align: Essential container in task exited (exit 1)",
  );
});

test("other causes are one line, cut at MAX_CAUSE_CHARS", () => {
  expect(describeCause("depth below\n  threshold")).toBe("depth below threshold");
  const long = describeCause("x".repeat(MAX_CAUSE_CHARS * 2));
  expect(long).toHaveLength(MAX_CAUSE_CHARS);
  expect(long.endsWith("…")).toBe(true);
  expect(describeCause('{"not": "a description"}')).toBe('{"not": "a description"}');
});
