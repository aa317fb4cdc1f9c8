import { EventEmitter } from "node:events";
import { cp, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { WATCH_POLL_INTERVAL_MS } from "../../../cli/commands/watch";
import { stepbatch, type CliResult } from "../../support/cli";

const LAUNCHER = join(".stepbatch", "store", "stepbatch-launcher");
/** How long a test waits for something the watch should do within a few polls and a short run. */
const WAIT_MS = 20_000;

/** A folder with the linear example and its seed data in the default store. */
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stepbatch-watch-"));
  await cp("examples/linear", join(dir, "linear"), { recursive: true });
  await cp("examples/linear/seed", join(dir, ".stepbatch", "store"), { recursive: true });
  return dir;
}

/** `stepbatch watch` running in-process: its stderr so far, Ctrl-C, and its result once it ends. */
function watch(cwd: string, workflows: string[]) {
  const signals = new EventEmitter();
  let stderr = "";
  const result: Promise<CliResult> = stepbatch(["watch", ...workflows, "--executor", "local"], { cwd, signals, onStderr: (t) => (stderr += t) });
  return { signals, result, stderr: () => stderr };
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);

test("a job file dropped into the launcher folder starts its workflow; Ctrl-C with no run in flight exits 0", async () => {
  const dir = await project();
  const w = watch(dir, ["linear/workflow.yaml"]);
  await until("the watch to start", () => w.stderr().includes("watching "));
  expect(w.stderr()).toContain(`${join(dir, LAUNCHER)}/linear/  starts linear (${join(dir, "linear", "workflow.yaml")})`);

  await cp(join(dir, "linear", "job.json"), join(dir, LAUNCHER, "linear", "job.json"));
  const report = join(dir, ".stepbatch", "store", "stepbatch-demo", "reports", "report-S1.txt");
  await until("the run's report", () => exists(report));
  await until("the run's end", () => w.stderr().includes(": SUCCEEDED"));
  expect(await readFile(report, "utf8")).toMatch(/^report for S1: \d+ lines\n$/);

  w.signals.emit("SIGINT");
  const { code, stderr } = await w.result;
  expect(code).toBe(0);
  expect(stderr).toMatch(/started arn:aws:states:local:000000000000:execution:linear:job_\w+ \(linear\/job\.json\)/);
  expect(stderr).toMatch(/execution:linear:job_\w+: SUCCEEDED\n.*repository: s3:\/\/stepbatch-demo\/linear\/S1 \(folder .*stepbatch-demo\/linear\/S1\)/);
  expect(stderr).toContain("stopped watching");
});

test("a bad job file is refused and starts nothing; files there before the watch began start nothing either", async () => {
  const dir = await project();
  await cp(join(dir, "linear", "job.json"), join(dir, LAUNCHER, "linear", "before.json"));
  const w = watch(dir, ["linear/workflow.yaml"]);
  await until("the watch to start", () => w.stderr().includes("watching "));

  await writeFile(join(dir, LAUNCHER, "linear", "bad.json"), '{"sample_id": ');
  await cp(join(dir, "linear", "job.json"), join(dir, LAUNCHER, "nowhere.json"));
  await until("the refusal", () => w.stderr().includes("refused "));
  // Two more polls: anything else that would start has started by then.
  await new Promise((resolve) => setTimeout(resolve, 2 * WATCH_POLL_INTERVAL_MS + 500));

  w.signals.emit("SIGINT");
  const { code, stderr } = await w.result;
  expect(code).toBe(0);
  expect(stderr).toMatch(/refused linear\/bad\.json: job file s3:\/\/stepbatch-launcher\/linear\/bad\.json \(version [^)]+\) is not valid JSON/);
  expect(stderr).toContain("ignored nowhere.json: nowhere.json names no workflow");
  expect(stderr).not.toContain("started arn:");
  expect(await exists(join(dir, ".stepbatch", "store", "stepbatch-demo", "linear"))).toBe(false);
});

test("a key naming a workflow the watch does not run is ignored", async () => {
  const dir = await project();
  const w = watch(dir, ["linear/workflow.yaml"]);
  await until("the watch to start", () => w.stderr().includes("watching "));
  await cp(join(dir, "linear", "job.json"), join(dir, LAUNCHER, "other", "job.json"));
  await until("the key to be ignored", () => w.stderr().includes("ignored "));
  w.signals.emit("SIGINT");
  const { code, stderr } = await w.result;
  expect(code).toBe(0);
  expect(stderr).toContain("ignored other/job.json: names workflow 'other', which this watch does not run (it runs linear)");
});

test("Ctrl-C with a run in flight stops it and exits 130", async () => {
  const dir = await project();
  await writeFile(
    join(dir, "slow.yaml"),
    `Repository: s3://stepbatch-demo/slow/\${job.id}
Steps:
  - Nap:
      image: docker.io/library/busybox:stable
      inputs: {}
      commands:
        - sleep 60
      outputs:
        out: out.txt
`,
  );
  const w = watch(dir, ["linear/workflow.yaml", "slow.yaml"]);
  await until("the watch to start", () => w.stderr().includes("watching "));
  expect(w.stderr()).toContain("/slow/  starts slow (");
  await writeFile(join(dir, LAUNCHER, "slow", "nap.json"), '{"id": "n1"}');
  await until("the step to run", () => w.stderr().includes("Nap runs on local"));

  w.signals.emit("SIGINT");
  const { code, stderr } = await w.result;
  expect(code).toBe(130);
  expect(stderr).toContain("stopping 1 run(s)");
  expect(stderr).toMatch(/execution:slow:nap_\w+: ABORTED: Interrupted — stopped by Ctrl-C or SIGTERM/);
});

test("usage: a workflow is needed, and watch works on a directory store only", async () => {
  const none = await stepbatch(["watch"]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain("stepbatch watch: expected one or more WORKFLOW files");
  const s3 = await stepbatch(["watch", "examples/linear/workflow.yaml", "--s3-endpoint", "http://127.0.0.1:1"]);
  expect(s3.code).toBe(2);
  expect(s3.stderr).toContain("watch: works on a directory store only");
  const twice = await stepbatch(["watch", "examples/linear/workflow.yaml", "linear=examples/scatter/workflow.yaml"]);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain("two workflows are named 'linear'");
});
