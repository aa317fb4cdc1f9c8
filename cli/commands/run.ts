import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { EngineEvent } from "../../local/engine";
import type { ExecutionOutcome } from "../../local/asl/run";
import { executionFailure } from "../../local/executions";
import { RunProgress } from "../../local/progress";
import { parseCommandArgs, onePositional, parseParams } from "../args";
import { EXIT, UsageError, type CliIO } from "../io";
import { createLocalEngine, defaultWorkflowName, executorMode, loadAll, logFolder, openStore, repositoryOf } from "../localRun";
import { WORKFLOW_NAME } from "./compile";
import { runReporter } from "../runView";

export const runHelp = `stepbatch run WORKFLOW --job JOB.json [--store DIR | --s3-endpoint URL] [--executor auto|docker|local]
              [--param NAME=VALUE]... [--name NAME] [--workflow NAME=FILE]... [--json]

Runs a workflow end to end on this machine, with no AWS account: the job file is put into the
launcher bucket of the store, and the same launcher, Lambda handlers, compiled state machine and
runner as in production take it from there.

  --store DIR         the object store: s3://bucket/key is the file DIR/bucket/key (default .stepbatch/store)
  --s3-endpoint URL   use an S3 endpoint instead (credentials and region from the usual AWS variables)
  --executor MODE     auto (docker when an engine answers and the step's image is there or can be
                      pulled, else local), docker, or local (the commands in a shell on this machine)
  --name NAME         the workflow's name: its state machine and launcher folder (default: the file's
                      name without extension; for a file named workflow.yaml, its folder's name)
  --workflow N=FILE   where subpipe workflow N is, when it is not N.yaml or N.yml beside its parent
  --json              print one JSON object with the outcome on stdout at the end

Seed inputs with plain file tools (cp -r examples/linear/seed/. .stepbatch/store/) and read results the same way.
Logs: .stepbatch/logs/. Exit codes: 0 succeeded, 1 failed, 2 usage or workflow errors, 3 aborted by a
QC check, 130 stopped by Ctrl-C or SIGTERM.`;

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", argv, {
    job: { type: "string" },
    store: { type: "string" },
    "s3-endpoint": { type: "string" },
    executor: { type: "string" },
    param: { type: "string", multiple: true },
    name: { type: "string" },
    workflow: { type: "string", multiple: true },
    json: { type: "boolean" },
  });
  const file = onePositional("run", positionals);
  if (values.job === undefined) throw new UsageError("run: --job JOB.json is required (the job file that starts the run)");
  if (values.store !== undefined && values["s3-endpoint"] !== undefined) throw new UsageError("run: give --store or --s3-endpoint, not both");
  const executor = executorMode("run", values.executor);
  const name = values.name ?? defaultWorkflowName(file);
  if (!WORKFLOW_NAME.test(name)) {
    throw new UsageError(`run: the workflow's name ${JSON.stringify(name)} must start with a letter and hold only letters, digits and '-'; give one with --name`);
  }
  const jobPath = resolve(io.cwd, values.job);
  const job = await readFile(jobPath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`run: ${values.job}: ${error.code === "ENOENT" ? "no such file" : `cannot read it (${error.code ?? error.message})`}`);
  });

  const workflows = await loadAll(
    io,
    [{ name, file: resolve(io.cwd, file), params: parseParams(values.param) }],
    Object.fromEntries(Object.entries(parseParams(values.workflow, "--workflow")).map(([n, f]) => [n, resolve(io.cwd, f)])),
  );
  if (typeof workflows === "number") return workflows;

  const { store, folder } = openStore(io, values.store, values["s3-endpoint"]);
  const progress = new Map([...workflows.values()].map((w) => [w.name, new RunProgress(w.name, w.spec.steps)]));
  const reporter = runReporter(io, progress.get(name)!, { logDir: logFolder(io), storeFolder: folder });
  let repository: string | undefined;
  const onEvent = (event: EngineEvent) => {
    progress.get(event.workflow)?.record(event);
    if (event.workflow === name) repository ??= repositoryOf(event);
    reporter.event(event);
  };
  const engine = createLocalEngine({
    io,
    workflows,
    store,
    executor,
    onEvent,
    onJob: (event) => reporter.job(event),
  });

  const launched = await engine.launch(name, basename(jobPath), job);
  if (!launched.started) {
    io.err(`stepbatch run: ${launched.problem !== undefined ? `${values.job}: ${launched.problem}` : `the launcher did not start a run: ${launched.message}`}\n`);
    return EXIT.invalid;
  }
  const { execution } = launched;
  reporter.started(execution.arn, workflows.get(name)!.file);
  let stopping: Promise<void> | undefined;
  const interrupt = () => {
    if (stopping !== undefined) return;
    reporter.note("stopping: running steps get SIGTERM, upload what they have, and write no completion marker");
    stopping = engine.stopAll("stopped by Ctrl-C or SIGTERM");
  };
  io.signals?.on("SIGINT", interrupt);
  io.signals?.on("SIGTERM", interrupt);
  let outcome: ExecutionOutcome;
  try {
    outcome = await execution.outcome;
  } finally {
    io.signals?.off("SIGINT", interrupt);
    io.signals?.off("SIGTERM", interrupt);
  }
  const interrupted = stopping !== undefined;
  await stopping;

  const { status } = outcome;
  const failure = executionFailure(execution, outcome) ?? {};
  progress.get(name)!.finish(interrupted ? "aborted" : "failed");
  reporter.finished({ status, ...failure, repository });
  if (values.json) {
    const steps = progress.get(name)!.list().map(({ name: step, status: stepStatus, branches }) => ({ name: step, status: stepStatus, ...(branches && { branches }) }));
    io.out(`${JSON.stringify({ status, execution: execution.arn, workflow: name, repository: repository ?? null, ...failure, steps })}\n`);
  }
  if (status === "SUCCEEDED") return EXIT.ok;
  if (interrupted) return EXIT.interrupted;
  if (status === "ABORTED") return EXIT.aborted;
  return EXIT.failed;
}
