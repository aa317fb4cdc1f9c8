import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { CLOCK_REDRAW_MS, REDRAW_INTERVAL_MS } from "../../../../cli/runView/live";
import { batchStep, DOCKER, entered, EXECUTION, exited, harness, item, job, REPOSITORY, scatterBranch, screen, stateFailed } from "./support";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => vi.useRealTimers());

const advance = (ms: number) => vi.advanceTimersByTime(ms);
const TERMINAL = { columns: 100, rows: 30 };
const tty = (env: NodeJS.ProcessEnv = { NO_COLOR: "1" }, terminal = TERMINAL) => harness({ isTTY: true, env }, { terminal, storeFolder: "/work/store" });
/** How many times the block was redrawn in place (each redraw starts by moving the cursor up). */
const redraws = (text: string) => text.match(/\x1b\[\d+A/g)?.length ?? 0;
const unstamped = (lines: string[]) => lines.map((line) => line.replace(/^\[\s*[\d.]+s\] /, ""));

function scatterRun(h: ReturnType<typeof harness>): void {
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
}

describe("the live view (stderr is a terminal)", () => {
  test("redraws the block in place while the run goes, and ends with the final block and the outcome", () => {
    const h = tty();
    scatterRun(h);
    expect(redraws(h.stderr())).toBeGreaterThan(3);
    expect(h.stderr()).toContain("\x1b[4A\x1b[1G\x1b[2K");
    h.reporter.finished({ status: "SUCCEEDED", repository: REPOSITORY });
    expect(unstamped(screen(h.stderr()))).toEqual([
      `started ${EXECUTION} (/work/examples/scatter/workflow.yaml)`,
      "  MakeConfig runs on docker (image docker.io/library/busybox:stable is on this host)",
      "✓ MakeConfig     1.5s  on docker",
      "✓ PerSample      2.0s  6/6 branches done, 0 failed",
      "✓   Count        0.0s  runs: 6 done · on docker",
      "✓ Summarize      0.5s  on docker",
      "SUCCEEDED",
      `repository: ${REPOSITORY} (folder /work/store/stepbatch-demo/scatter/run1)`,
      "",
    ]);
  });

  test("while a scatter runs, its line counts branches and its step's line counts runs", () => {
    const h = tty();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("PerSample.map"));
    for (let i = 0; i < 3; i++) scatterBranch(h, i, 10);
    scatterBranch(h, 3, 10, "failed");
    h.event(item(4, 10, "started"));
    h.event(entered("PerSample.initialize"));
    h.event(exited("PerSample.initialize"));
    h.event(entered("Count"));
    h.reporter.job(job("started", "Count", "4", { executor: DOCKER }));
    advance(REDRAW_INTERVAL_MS);
    const block = unstamped(screen(h.stderr())).slice(-5);
    expect(block).toEqual([
      "· MakeConfig",
      "▸ PerSample      0.1s  3/10 branches done, 1 failed, 1 running",
      "▸   Count        0.1s  runs: 3 done, 1 failed, 1 running · on docker",
      "· Summarize",
      "",
    ]);
  });

  test("redraws at most every REDRAW_INTERVAL_MS however fast events come, and every second for the clock", () => {
    const h = tty();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("PerSample.map"));
    for (let i = 0; i < 200; i++) scatterBranch(h, i, 200);
    expect(redraws(h.stderr())).toBe(0);
    advance(REDRAW_INTERVAL_MS);
    expect(redraws(h.stderr())).toBe(1);
    advance(CLOCK_REDRAW_MS - REDRAW_INTERVAL_MS);
    expect(redraws(h.stderr())).toBe(1);
    advance(REDRAW_INTERVAL_MS);
    expect(redraws(h.stderr())).toBe(2);
  });

  test("failures with their last log lines and notes stay above the block", () => {
    const h = tty();
    h.reporter.started(EXECUTION, "workflow.yaml");
    h.event(entered("Summarize"));
    advance(REDRAW_INTERVAL_MS);
    h.reporter.job(
      job("failed", "Summarize", "main", { exitCode: 4, statusReason: "Essential container in task exited", logFile: "/logs/s.log", lastLines: ["about to fail"] }),
    );
    h.event(stateFailed("Summarize", "States.TaskFailed", "{}"));
    advance(REDRAW_INTERVAL_MS);
    h.reporter.note("stopping: running steps get SIGTERM");
    const shown = unstamped(screen(h.stderr()));
    expect(shown).toEqual([
      `started ${EXECUTION} (workflow.yaml)`,
      "✗ Summarize failed: Essential container in task exited (exit 4); log: /logs/s.log",
      "      about to fail",
      "stopping: running steps get SIGTERM",
      "· MakeConfig",
      "· PerSample",
      "·   Count",
      expect.stringMatching(/^✗ Summarize +\d\.\ds$/),
      "",
    ]);
  });

  test("colours marks unless NO_COLOR is set", () => {
    const coloured = tty({});
    scatterRun(coloured);
    coloured.reporter.finished({ status: "SUCCEEDED" });
    expect(coloured.stderr()).toContain("\x1b[32m✓\x1b[0m MakeConfig");
    const plain = tty({ NO_COLOR: "1" });
    scatterRun(plain);
    plain.reporter.finished({ status: "SUCCEEDED" });
    expect(plain.stderr()).not.toMatch(/\x1b\[\d+m/);
  });

  test("fits the terminal: lines are cut to its width, and steps beyond its height are summed up", () => {
    const h = tty({ NO_COLOR: "1" }, { columns: 24, rows: 3 });
    h.reporter.started(EXECUTION, "workflow.yaml");
    batchStep(h, "MakeConfig", advance, 100);
    h.event(entered("PerSample"));
    advance(REDRAW_INTERVAL_MS);
    const block = screen(h.stderr()).slice(-3);
    expect(block).toEqual(["▸ PerSample      0.1s", "… 3 more steps: 1 done…", ""]);
    for (const line of block) expect(line.length).toBeLessThan(24);
  });

  test("the final block marks steps that never ran, and nothing is drawn after the end", () => {
    const h = tty();
    h.reporter.started(EXECUTION, "workflow.yaml");
    batchStep(h, "MakeConfig", advance, 100);
    h.event(entered("PerSample"));
    h.reporter.finished({ status: "ABORTED", error: "Interrupted", cause: "stopped by Ctrl-C or SIGTERM" });
    const after = h.stderr();
    advance(5 * CLOCK_REDRAW_MS);
    expect(h.stderr()).toBe(after);
    expect(unstamped(screen(after)).slice(-6)).toEqual([
      "✓ MakeConfig     0.1s  on docker",
      "✗ PerSample      0.0s  stopped",
      "-   Count              not run",
      "- Summarize            not run",
      "ABORTED: Interrupted — stopped by Ctrl-C or SIGTERM",
      "",
    ]);
  });
});
