// What `stepbatch run` and `stepbatch watch` share: the store, the workflows, one engine and its Batch.
import { appendFileSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { LocalBatch, type ExecutorMode, type JobEvent } from "../local/batch";
import { loadWorkflows, WorkflowProblems, type CatalogRequest, type LoadedWorkflow } from "../local/catalog";
import { LocalEngine, type EngineEvent } from "../local/engine";
import { DEFAULT_INSTALLATION } from "../shared/compiler/settings";
import type { LogWriter } from "../shared/stepLambdas";
import { DirectoryStore, S3Store, createS3Client, type ObjectStore } from "../shared/store";
import { EXIT, UsageError, type CliIO } from "./io";

/** Where local runs keep their scratch workspaces and logs, beside the default store. */
const STATE_FOLDER = ".stepbatch";

const EXECUTOR_MODES: readonly ExecutorMode[] = ["auto", "docker", "local"];

/**
 * Children of a Distributed Map running at once when its MaxConcurrency is 0 (unlimited in the
 * service): several per CPU, as most branches wait on I/O or on room in the compute capacity.
 */
const UNLIMITED_MAP_CONCURRENCY = availableParallelism() * 4;

export function executorMode(command: string, value: string | undefined): ExecutorMode {
  const mode = (value ?? "auto") as ExecutorMode;
  if (!EXECUTOR_MODES.includes(mode)) throw new UsageError(`${command}: --executor must be auto, docker or local, got ${JSON.stringify(value)}`);
  return mode;
}

/** `pipelines/rnaseq.yaml` is rnaseq; `examples/linear/workflow.yaml` is linear, as one workflow per folder is common. */
export function defaultWorkflowName(file: string): string {
  const stem = basename(file, extname(file));
  return stem === "workflow" ? basename(dirname(resolve(file))) : stem;
}

export interface OpenedStore {
  store: ObjectStore;
  /** The folder of a directory store; absent for an S3 endpoint. */
  folder?: string;
}

export function openStore(io: CliIO, dir: string | undefined, endpoint: string | undefined): OpenedStore {
  if (endpoint !== undefined) {
    return { store: new S3Store(createS3Client({ endpoint, region: io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? "us-east-1" })) };
  }
  const folder = resolve(io.cwd, dir ?? join(STATE_FOLDER, "store"));
  return { store: new DirectoryStore(folder, { createBuckets: true }), folder };
}

/**
 * Loads each main workflow and the subpipes it starts (`files`: `--workflow NAME=FILE`, resolved).
 * Every problem is printed; then the answer is EXIT.invalid instead of the workflows.
 */
export async function loadAll(io: CliIO, mains: CatalogRequest["main"][], files: Record<string, string>): Promise<Map<string, LoadedWorkflow> | number> {
  const all = new Map<string, LoadedWorkflow>();
  const problems: string[] = [];
  for (const main of mains) {
    try {
      for (const [name, workflow] of await loadWorkflows({ main, files, installation: DEFAULT_INSTALLATION })) {
        // A main workflow that another one also runs as a subpipe is kept as loaded as a main one, with its params.
        if (!all.has(name) || name === main.name) all.set(name, workflow);
      }
    } catch (error) {
      if (!(error instanceof WorkflowProblems)) throw error;
      problems.push(...error.problems.filter((p) => !problems.includes(p)));
    }
  }
  if (problems.length === 0) return all;
  for (const problem of problems) io.err(`${problem}\n`);
  return EXIT.invalid;
}

export interface LocalRunOptions {
  io: CliIO;
  workflows: ReadonlyMap<string, LoadedWorkflow>;
  store: ObjectStore;
  executor: ExecutorMode;
  onEvent(event: EngineEvent): void;
  onJob(event: JobEvent): void;
}

/** Where the job attempts' logs and the Lambda handlers' log go. */
export function logFolder(io: CliIO): string {
  return join(io.cwd, STATE_FOLDER, "logs");
}

/** One engine for every workflow given, with its Batch running jobs through the runner on this machine. */
export function createLocalEngine(options: LocalRunOptions): LocalEngine {
  const { io, workflows, store } = options;
  const state = join(io.cwd, STATE_FOLDER);
  const logDir = logFolder(io);
  const batch = new LocalBatch({
    jobDefinitions: Object.assign({}, ...[...workflows.values()].map((w) => w.local.jobDefinitions.jobDefinitions)),
    store,
    executions: { stop: (request): Promise<void> => engine.executions.stop(request) },
    executor: options.executor,
    scratchRoot: join(state, "scratch"),
    logDir,
    onJob: options.onJob,
  });
  const engine: LocalEngine = new LocalEngine({
    store,
    workflows: new Map([...workflows].map(([n, w]) => [n, w.local])),
    installation: DEFAULT_INSTALLATION,
    batch,
    maxConcurrency: UNLIMITED_MAP_CONCURRENCY,
    lambdaLog: lambdaLogWriter(join(logDir, "lambdas.jsonl")),
    onEvent: options.onEvent,
  });
  return engine;
}

/** A run's repository, from the Initialize state's result in its execution (not a subpipe's or a branch's). */
export function repositoryOf(event: EngineEvent): string | undefined {
  if (event.kind !== "state" || event.event.type !== "StateExited" || event.event.state.name !== "Initialize") return undefined;
  const output = event.event.state.output as { repo?: { uri?: string } } | undefined;
  return output?.repo?.uri;
}

/** The Lambda handlers' log lines, appended to one file (CloudWatch's log groups, locally). */
function lambdaLogWriter(file: string): LogWriter {
  mkdirSync(dirname(file), { recursive: true });
  return (text) => appendFileSync(file, `${text}\n`);
}
