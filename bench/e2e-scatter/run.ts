// bench/e2e-scatter: a workflow scattering over 1,000 items with a trivial command, run end to end
// as `stepbatch run --executor local` runs it (launcher, engine, Lambda handlers, runner); prints
// the wall time and, per branch, the time the engine spends outside the runner. Target: < 30 s.
// E2E_SCATTER_ITEMS=100 scales it down for a quick look.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { JobEvent } from "../../local/batch";
import type { EngineEvent } from "../../local/engine";
import { createLocalEngine, loadAll, openStore } from "../../cli/localRun";
import type { CliIO } from "../../cli/io";
import { median, printFigures, printTable, round } from "../support/report";

const ITEMS = Number(process.env.E2E_SCATTER_ITEMS ?? 1000);
const TARGET_S = 30;

const WORKFLOW = `Repository: s3://bench/e2e-scatter/\${job.run}
Steps:
  - Fan:
      scatter:
        item: \${job.items}
      steps:
        - Touch:
            image: docker.io/library/busybox:stable
            inputs: {}
            commands:
              - "true"
            outputs: {}
`;

const folder = await mkdtemp(join(tmpdir(), "stepbatch-bench-e2e-"));
try {
  await writeFile(join(folder, "fan.yaml"), WORKFLOW);
  const job = Buffer.from(JSON.stringify({ run: "r1", items: Array.from({ length: ITEMS }, (_, i) => `item-${i}`) }));
  await mkdir(join(folder, ".stepbatch/store"), { recursive: true });
  const io: CliIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: {}, cwd: folder };

  // Per branch: when its map item started and ended, and when its job was queued, started and ended.
  const items = new Map<number, { started?: number; ended?: number }>();
  const jobs = new Map<string, { queued?: number; started?: number; ended?: number }>();
  const onEvent = (event: EngineEvent) => {
    if (event.kind !== "item") return;
    const times = items.get(event.index) ?? {};
    if (event.status === "started") times.started = performance.now();
    else times.ended = performance.now();
    items.set(event.index, times);
  };
  const onJob = (event: JobEvent) => {
    const times = jobs.get(event.branch) ?? {};
    if (event.kind === "queued") times.queued = performance.now();
    if (event.kind === "started") times.started = performance.now();
    if (event.kind === "succeeded" || event.kind === "failed") times.ended = performance.now();
    jobs.set(event.branch, times);
  };

  const began = performance.now();
  const workflows = await loadAll(io, [{ name: "fan", file: join(folder, "fan.yaml"), params: {} }], {});
  if (typeof workflows === "number") throw new Error("the benchmark's workflow is invalid");
  const { store } = openStore(io, undefined, undefined);
  const engine = createLocalEngine({ io, workflows, store, executor: "local", onEvent, onJob });
  const launched = await engine.launch("fan", "job.json", job);
  if (!launched.started) throw new Error(`not started: ${launched.message}`);
  const outcome = await launched.execution.outcome;
  const wallMs = performance.now() - began;
  if (outcome.status !== "SUCCEEDED") throw new Error(`the run ended ${outcome.status}: ${JSON.stringify(outcome)}`);

  const runnerMs: number[] = [];
  const queuedMs: number[] = [];
  const overheadMs: number[] = [];
  for (const [index, item] of items) {
    const times = jobs.get(String(index));
    if (item.started === undefined || item.ended === undefined || times?.queued === undefined || times.started === undefined || times.ended === undefined) continue;
    runnerMs.push(times.ended - times.started);
    queuedMs.push(times.started - times.queued);
    // The branch's life less its job's (waiting for room, then running): scatter-init, item selection, the interpreter, submitting.
    overheadMs.push(item.ended - item.started - (times.ended - times.queued));
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const figures = {
    items: ITEMS,
    wall_s: round(wallMs / 1000, 2),
    branches_per_s: round(ITEMS / (wallMs / 1000)),
    engine_overhead_ms_per_branch_mean: round(mean(overheadMs)),
    engine_overhead_ms_per_branch_median: round(median(overheadMs)),
    runner_ms_per_job_median: round(median(runnerMs)),
    capacity_wait_ms_median: round(median(queuedMs)),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
  };
  printTable([
    { figure: "wall time (launch to end)", value: `${figures.wall_s} s`, target: `< ${TARGET_S} s` },
    { figure: "branches per second", value: figures.branches_per_s, target: "" },
    { figure: "engine overhead per branch (mean / median)", value: `${figures.engine_overhead_ms_per_branch_mean} / ${figures.engine_overhead_ms_per_branch_median} ms`, target: "" },
    { figure: "runner per job (median)", value: `${figures.runner_ms_per_job_median} ms`, target: "" },
    { figure: "waiting for room (median)", value: `${figures.capacity_wait_ms_median} ms`, target: "" },
    { figure: "peak RSS", value: `${figures.peak_rss_mb} MB`, target: "" },
  ]);
  console.log(
    `\n${ITEMS} branches of \`true\` with the local executor on ${availableParallelism()} CPUs; load average ${round(loadavg()[0], 2)} at the end; ` +
      `target ${wallMs / 1000 < TARGET_S ? "met" : "missed"}`,
  );
  printFigures(figures);
} finally {
  await rm(folder, { recursive: true, force: true });
}
