// bench/runner-overhead: a step whose command is `true`, with no inputs, run through the runner's own
// job path (runJob with the docker executor, against a DirectoryStore), beside `docker run --rm` of the
// same image; print both medians, the runner's overhead per job and the ratio.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";
import { SCRATCH_PATH } from "../../shared/compiler/runner";
import { repositoryFromUri, writeJobData } from "../../shared/repository";
import { DirectoryStore } from "../../shared/store";
import { parseCommandLine } from "../../runner-image/src/args";
import { readRunnerEnvironment } from "../../runner-image/src/env";
import { DockerExecutor } from "../../runner-image/src/executors";
import { runJob } from "../../runner-image/src/job";
import { scratchLayout } from "../../runner-image/src/workspace";
import { median, printFigures, printTable, round } from "../support/report";

/** Built offline by .ci/provision-docker.sh. */
const IMAGE = "stepbatch/busybox:local";
/** Debian's client, the engine's own version (see .ci/provision-docker.sh). */
const DOCKER_CLI = "/usr/bin/docker";
const BUCKET = "bench";
/** Runs of each side, interleaved so that drift of the engine hits both alike; after one warm-up each. */
const RUNS = 15;
/** The target for what the runner adds to a bare `docker run --rm`, per job. */
const OVERHEAD_TARGET_MS = 150;

const root = await mkdtemp(join(tmpdir(), "stepbatch-bench-runner-overhead-"));
try {
  await mkdir(join(root, "store", BUCKET), { recursive: true });
  const store = new DirectoryStore(join(root, "store"));
  const repo = repositoryFromUri(`s3://${BUCKET}/runs/overhead`);
  await writeJobData(store, repo, { job: {}, scatter: {}, parent: {} });
  const parsed = parseCommandLine(["--commands", '["true"]', "--image", JSON.stringify({ name: IMAGE }), "--repo", repo.uri]);
  if (parsed.kind !== "run") throw new Error("expected a run");
  const scratch = join(root, "scratch");
  const env = readRunnerEnvironment({
    BC_WORKFLOW_NAME: "bench",
    BC_STEP_NAME: "True",
    BC_EXECUTION_ID: "bench-overhead",
    BC_SCRATCH_PATH: scratch,
    BC_PULL_POLICY: "if-not-present",
  });
  const executor = new DockerExecutor(new Docker());

  const runnerJob = async (): Promise<number> => {
    const started = performance.now();
    const code = await runJob({
      args: parsed.args,
      env,
      store,
      executions: { stop: async () => undefined },
      executor,
      scratch: scratchLayout({ scratchPath: scratch }),
      childWorkdir: SCRATCH_PATH,
      logSink: () => undefined,
    });
    if (code !== 0) throw new Error(`the runner exited ${code}`);
    return performance.now() - started;
  };
  const dockerRun = async (): Promise<number> => {
    const started = performance.now();
    await promisify(execFile)(DOCKER_CLI, ["run", "--rm", IMAGE, "true"]);
    return performance.now() - started;
  };

  await runnerJob();
  await dockerRun();
  const runnerMs: number[] = [];
  const dockerMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    runnerMs.push(await runnerJob());
    dockerMs.push(await dockerRun());
  }
  const runner = median(runnerMs);
  const bare = median(dockerMs);
  const overhead = runner - bare;
  printTable([
    { path: "runner (runJob, docker executor, DirectoryStore)", "median ms": round(runner), runs: RUNS },
    { path: "docker run --rm", "median ms": round(bare), runs: RUNS },
  ]);
  console.log(`overhead ${round(overhead)} ms per job (target < ${OVERHEAD_TARGET_MS} ms), ratio ${round(runner / bare, 2)}`);
  printFigures({
    runner_median_ms: round(runner),
    docker_run_median_ms: round(bare),
    overhead_ms: round(overhead),
    ratio: round(runner / bare, 2),
    overhead_target_ms: OVERHEAD_TARGET_MS,
    runs: RUNS,
  });
} finally {
  await rm(root, { recursive: true, force: true });
}
