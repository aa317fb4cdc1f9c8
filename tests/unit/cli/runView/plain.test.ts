import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { MAX_BRANCH_REPORTS_PER_STEP } from "../../../../cli/runView/incidents";
import {
  batchStep,
  DOCKER,
  entered,
  EXECUTION,
  exited,
  harness,
  item,
  job,
  jobDescription,
  REPOSITORY,
  retried,
  scatterBranch,
  stateFailed,
} from "./support";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => vi.useRealTimers());

const advance = (ms: number) => vi.advanceTimersByTime(ms);
/** The lines without their `[   1.2s]` stamps. */
const unstamped = (text: string) => text.split("\n").map((line) => line.replace(/^\[\s*[\d.]+s\] /, ""));

describe("plain lines (stderr is not a terminal)", () => {
  test("a scatter run: each step starts and ends with its duration, the executor once per step, the outcome and the folder", () => {
    const h = harness({}, { storeFolder: "/work/.stepbatch/store" });
    h.reporter.started(EXECUTION, "/work/examples/scatter/workflow.yaml");
    h.event(entered("Initialize"));
    h.event(exited("Initialize", { repo: { uri: REPOSITORY } }));
    batchStep(h, "MakeConfig", advance, 1_500);
    h.event(entered("PerSample"));
    h.event(exited("PerSample"));
    h.event(entered("PerSample.map"));
    for (let i = 0; i < 6; i++) scatterBranch(h, i, 6);
    advance(2_000);
    h.event(exited("PerSample.map"));
    h.event(entered("PerSample.gather"));
    h.event(exited("PerSample.gather"));
    batchStep(h, "Summarize", advance, 500);
    h.reporter.finished({ status: "SUCCEEDED", repository: REPOSITORY });

    const lines = unstamped(h.stderr());
    expect(lines).toEqual([
      `started ${EXECUTION} (/work/examples/scatter/workflow.yaml)`,
      "▸ MakeConfig",
      "  MakeConfig runs on docker (image docker.io/library/busybox:stable is on this host)",
      "✓ MakeConfig (1.5s)",
      "▸ PerSample",
      "  Count runs on docker (image docker.io/library/busybox:stable is on this host)",
      "  PerSample: 1/6 branches done, 0 failed",
      "  PerSample: 2/6 branches done, 0 failed",
      "  PerSample: 3/6 branches done, 0 failed",
      "  PerSample: 5/6 branches done, 0 failed",
      "✓ PerSample (2.0s): 6/6 branches done, 0 failed",
      "▸ Summarize",
      "  Summarize runs on docker (image docker.io/library/busybox:stable is on this host)",
      "✓ Summarize (0.5s)",
      "SUCCEEDED",
      `repository: ${REPOSITORY} (folder /work/.stepbatch/store/stepbatch-demo/scatter/run1)`,
      "",
    ]);
    expect(h.stderr()).toMatch(/^\[ +0\.0s\] started /);
  });

  test("1,000 branches make a handful of progress lines: at 10%, 25%, 50%, 75%, 90%, and every 5 s between", () => {
    const h = harness();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("PerSample.map"));
    for (let i = 0; i < 1_000; i++) {
      scatterBranch(h, i, 1_000);
      // The first half ends at once; each branch of the second half takes 40 ms, 20 s in all.
      if (i >= 500) advance(40);
    }
    const progress = unstamped(h.stderr()).filter((line) => line.startsWith("  PerSample:"));
    expect(progress).toEqual([
      "  PerSample: 100/1000 branches done, 0 failed",
      "  PerSample: 250/1000 branches done, 0 failed",
      "  PerSample: 500/1000 branches done, 0 failed",
      "  PerSample: 625/1000 branches done, 0 failed, 1 running",
      "  PerSample: 750/1000 branches done, 0 failed",
      "  PerSample: 874/1000 branches done, 0 failed, 1 running",
      "  PerSample: 900/1000 branches done, 0 failed",
    ]);
  });

  test("a failed step shows its last log lines, the cause summed up, and the step it failed at", () => {
    const h = harness();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("Summarize"));
    h.reporter.job(job("started", "Summarize", "main", { executor: DOCKER }));
    advance(3_000);
    h.reporter.job(
      job("failed", "Summarize", "main", {
        exitCode: 4,
        statusReason: "Essential container in task exited",
        logFile: "/logs/Summarize.attempt1.log",
        lastLines: ["about to fail", "error: the step's commands failed: exit code 4"],
      }),
    );
    h.event(stateFailed("Summarize", "States.TaskFailed", jobDescription("job_test__Summarize", 4)));
    h.reporter.finished({ status: "FAILED", error: "States.TaskFailed", cause: jobDescription("job_test__Summarize", 4) });

    const text = h.stderr();
    expect(text).toContain(
      "✗ Summarize failed: Essential container in task exited (exit 4); log: /logs/Summarize.attempt1.log\n      about to fail\n      error: the step's commands failed: exit code 4\n",
    );
    expect(unstamped(text)).toContain("✗ Summarize failed after 3.0s");
    expect(unstamped(text)).toContain("FAILED: States.TaskFailed — job job_test__Summarize: Essential container in task exited (exit 4)");
    expect(unstamped(text)).toContain("  failed at step Summarize; its last log: /logs/Summarize.attempt1.log");
    expect(text).not.toContain("stepbatch-runner");
  });

  test("retries are told: Step Functions' (a state's Retry) and Batch's (a job's attempts)", () => {
    const h = harness();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("Summarize"));
    h.reporter.job(job("retrying", "Summarize", "main", { attempt: 1, exitCode: 137, statusReason: "Essential container in task exited" }));
    h.event(stateFailed("Summarize", "States.TaskFailed", "{}"));
    h.event(retried("Summarize", 1, 2));
    const lines = unstamped(h.stderr());
    expect(lines).toContain("  Summarize attempt 1 failed (Essential container in task exited, exit 137); retrying");
    expect(lines).toContain("↻ Summarize: retry 1 of 2 after States.TaskFailed");
  });

  test(`failures of a step in many branches are shown ${MAX_BRANCH_REPORTS_PER_STEP} times, then counted`, () => {
    const h = harness({}, { logDir: "/work/.stepbatch/logs" });
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("PerSample.map"));
    for (let i = 0; i < 40; i++) scatterBranch(h, i, 40, "failed");
    const text = h.stderr();
    expect(text.match(/✗ Count\[\d+\] failed: /g)).toHaveLength(MAX_BRANCH_REPORTS_PER_STEP);
    expect(text).toContain("✗ Count[0] failed: Essential container in task exited (exit 2); log: /logs/Count.0.log\n      counting 0\n");
    expect(text).toContain("(further failures and retries of Count are counted, not shown; every attempt's log is in /work/.stepbatch/logs)");
    expect(text.match(/✗ PerSample branch \d+ failed: States.TaskFailed: job job_test__Count__\d+: Essential container in task exited \(exit 2\)/g)).toHaveLength(
      MAX_BRANCH_REPORTS_PER_STEP,
    );
    expect(text.split("\n").length).toBeLessThan(60);
  });

  test("a job stopped by Ctrl-C is one line, without its log lines", () => {
    const h = harness();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("MakeConfig"));
    h.reporter.note("stopping: running steps get SIGTERM, upload what they have, and write no completion marker");
    h.reporter.job(job("failed", "MakeConfig", "main", { exitCode: 143, statusReason: "stopped by Ctrl-C or SIGTERM", logFile: "/logs/m.log", lastLines: ["x"] }));
    h.reporter.finished({ status: "ABORTED", error: "Interrupted", cause: "stopped by Ctrl-C or SIGTERM" });
    expect(unstamped(h.stderr())).toEqual([
      `started ${EXECUTION} (workflow.yaml)`,
      "▸ MakeConfig",
      "stopping: running steps get SIGTERM, upload what they have, and write no completion marker",
      "■ MakeConfig stopped: stopped by Ctrl-C or SIGTERM; log: /logs/m.log",
      "✗ MakeConfig stopped after 0.0s",
      "ABORTED: Interrupted — stopped by Ctrl-C or SIGTERM",
      "",
    ]);
  });

  test("a step the run's end marked aborted (Ctrl-C) ends as stopped, with its branches stopped", () => {
    const h = harness();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("PerSample.map"));
    scatterBranch(h, 0, 3);
    h.event(item(1, 3, "started"));
    h.event(item(1, 3, "aborted"));
    h.progress.finish("aborted");
    h.reporter.finished({ status: "ABORTED", error: "Interrupted", cause: "stopped by Ctrl-C or SIGTERM" });
    expect(unstamped(h.stderr())).toContain("■ PerSample stopped after 0.0s: 1/3 branches done, 0 failed, 1 stopped");
  });
});
