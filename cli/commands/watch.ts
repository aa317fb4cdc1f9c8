import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { LOCAL_LAUNCHER_BUCKET, type LaunchOutcome, type LocalEngine } from "../../local/engine";
import { executionFailure, type LocalExecution } from "../../local/executions";
import { parseLaunchKey } from "../../shared/launcher/launchKey";
import { isCommonPrefix, type ObjectStore } from "../../shared/store";
import { parseCommandArgs, parseParams } from "../args";
import { EXIT, UsageError, type CliIO } from "../io";
import { createLocalEngine, defaultWorkflowName, executorMode, loadAll, logFolder, openStore, repositoryOf } from "../localRun";
import { watchReporter, type WatchReporter } from "../runView/watchView";
import { WORKFLOW_NAME } from "./compile";

export const watchHelp = `stepbatch watch WORKFLOW... [--store DIR] [--executor auto|docker|local] [--param NAME=VALUE]...
                [--workflow NAME=FILE]...

Starts a run for each job file put into the launcher bucket of a directory store, as the launcher
bucket's S3 trigger does in production: a file written to DIR/stepbatch-launcher/<workflow>/<name>.json
starts that workflow; written again, it starts another run. Files there before the watch began start
nothing. Runs go on side by side, each as \`stepbatch run\` would run it.

  WORKFLOW            a workflow file, named as \`stepbatch run\` names it (the file's name without
                      extension; for a file named workflow.yaml, its folder's name), or NAME=FILE
  --store DIR         the object store: s3://bucket/key is the file DIR/bucket/key (default .stepbatch/store)
  --executor MODE     auto (docker when an engine answers and the step's image is there or can be
                      pulled, else local), docker, or local (the commands in a shell on this machine)
  --param NAME=VALUE  a workflow parameter, given to every WORKFLOW
  --workflow N=FILE   where subpipe workflow N is, when it is not N.yaml or N.yml beside its parent

Only a directory store: on S3, the launcher bucket's trigger in a deployment starts runs.
Logs: .stepbatch/logs/. Ctrl-C stops the runs in flight and exits 130; with none in flight, it exits 0.`;

/**
 * How often the launcher folder is listed. A job file starts within two of these (see
 * LauncherListing), and listing a folder of job files costs next to nothing.
 */
export const WATCH_POLL_INTERVAL_MS = 1_000;

const STOP_CAUSE = "stopped by Ctrl-C or SIGTERM";

export async function watchCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("watch", argv, {
    store: { type: "string" },
    "s3-endpoint": { type: "string" },
    executor: { type: "string" },
    param: { type: "string", multiple: true },
    workflow: { type: "string", multiple: true },
  });
  if (values["s3-endpoint"] !== undefined) {
    throw new UsageError("watch: works on a directory store only (--store DIR); on S3, the launcher bucket's trigger starts runs in a deployment");
  }
  const executor = executorMode("watch", values.executor);
  const mains = watchedWorkflows(positionals);
  const params = parseParams(values.param);
  const workflows = await loadAll(
    io,
    mains.map(({ name, file }) => ({ name, file: resolve(io.cwd, file), params })),
    Object.fromEntries(Object.entries(parseParams(values.workflow, "--workflow")).map(([n, f]) => [n, resolve(io.cwd, f)])),
  );
  if (typeof workflows === "number") return workflows;

  const { store, folder } = openStore(io, values.store, undefined);
  const launcherFolder = join(folder!, LOCAL_LAUNCHER_BUCKET);
  // The folders a user drops job files into, there from the start.
  for (const { name } of mains) await mkdir(join(launcherFolder, name), { recursive: true });
  const reporter = watchReporter(io, { logDir: logFolder(io), storeFolder: folder });
  const repositories = new Map<string, string>();
  const engine = createLocalEngine({
    io,
    workflows,
    store,
    executor,
    onEvent: (event) => {
      const repository = repositoryOf(event);
      if (repository !== undefined) repositories.set(event.execution, repository);
    },
    onJob: (event) => reporter.job(event),
  });
  const listing = new LauncherListing(store);
  await listing.baseline();
  reporter.watching(launcherFolder, mains.map(({ name }) => ({ name, file: workflows.get(name)!.file })));
  return new Watch(engine, store, listing, reporter, repositories, new Set(workflows.keys()), io).run();
}

/** `FILE` named as `stepbatch run` names it, or `NAME=FILE`. */
function watchedWorkflows(positionals: string[]): { name: string; file: string }[] {
  if (positionals.length === 0) throw new UsageError("watch: expected one or more WORKFLOW files to run when job files arrive");
  const named = positionals.map((arg) => {
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : defaultWorkflowName(arg);
    if (!WORKFLOW_NAME.test(name)) {
      throw new UsageError(`watch: the workflow's name ${JSON.stringify(name)} must start with a letter and hold only letters, digits and '-'; name it with NAME=${arg}`);
    }
    return { name, file: eq > 0 ? arg.slice(eq + 1) : arg };
  });
  const seen = new Set<string>();
  for (const { name } of named) {
    if (seen.has(name)) throw new UsageError(`watch: two workflows are named '${name}'; name one with NAME=FILE`);
    seen.add(name);
  }
  return named;
}

/** One watch: polls, launches, follows the runs to their end, and stops on Ctrl-C or SIGTERM. */
class Watch {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly launchedVersions = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** The poll under way, which a stop waits for: a launch it is making may start a run. */
  private polling: Promise<void> | undefined;
  private stopping = false;
  private lastListingProblem: string | undefined;

  constructor(
    private readonly engine: LocalEngine,
    private readonly store: ObjectStore,
    private readonly listing: LauncherListing,
    private readonly reporter: WatchReporter,
    private readonly repositories: Map<string, string>,
    private readonly known: ReadonlySet<string>,
    private readonly io: CliIO,
  ) {}

  run(): Promise<number> {
    return new Promise<number>((done) => {
      const interrupt = () => {
        if (this.stopping) return;
        this.stopping = true;
        clearTimeout(this.timer);
        this.io.signals?.off("SIGINT", interrupt);
        this.io.signals?.off("SIGTERM", interrupt);
        void this.stop().then(done);
      };
      this.io.signals?.on("SIGINT", interrupt);
      this.io.signals?.on("SIGTERM", interrupt);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    }, WATCH_POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    try {
      const ready = await this.listing.ready();
      this.lastListingProblem = undefined;
      for (const key of ready) {
        if (this.stopping) break;
        await this.launch(key);
      }
    } catch (error) {
      // Said once, not every second; the watch goes on, as the folder may come back.
      const problem = (error as Error).message;
      if (problem !== this.lastListingProblem) this.reporter.note(`cannot list the launcher folder: ${problem}`);
      this.lastListingProblem = problem;
    }
  }

  private async launch(key: string): Promise<void> {
    const parsed = parseLaunchKey(key);
    if ("launch" in parsed && !this.known.has(parsed.launch.workflow)) {
      const message = `names workflow '${parsed.launch.workflow}', which this watch does not run (it runs ${[...this.known].join(", ")})`;
      this.reporter.launch(key, { started: false, outcome: "ignored", message });
      return;
    }
    let result: LaunchOutcome;
    try {
      const info = await this.store.head(LOCAL_LAUNCHER_BUCKET, key);
      // Gone since it was listed, or this very version was launched already.
      if (info === null || (info.versionId !== undefined && this.launchedVersions.get(key) === info.versionId)) return;
      if (info.versionId !== undefined) this.launchedVersions.set(key, info.versionId);
      result = await this.engine.launchObject(key, info.versionId);
    } catch (error) {
      this.reporter.note(`could not launch ${key}: ${(error as Error).message}`);
      return;
    }
    this.reporter.launch(key, result);
    if (result.started) this.follow(result.execution);
  }

  private follow(execution: LocalExecution): void {
    const ended = execution.outcome.then((outcome) => {
      const failure = executionFailure(execution, outcome) ?? {};
      this.reporter.ended(execution.arn, { status: outcome.status, ...failure, repository: this.repositories.get(execution.arn) });
      this.repositories.delete(execution.arn);
      this.inFlight.delete(execution.arn);
    });
    this.inFlight.set(execution.arn, ended);
  }

  /** Ctrl-C: with runs in flight, stops them and waits for their end (130); with none, just ends (0). */
  private async stop(): Promise<number> {
    await this.polling;
    if (this.inFlight.size === 0) {
      this.reporter.note("stopped watching");
      return EXIT.ok;
    }
    this.reporter.note(`stopping ${this.inFlight.size} run(s): running steps get SIGTERM, upload what they have, and write no completion marker`);
    await this.engine.stopAll(STOP_CAUSE);
    await Promise.all(this.inFlight.values());
    return EXIT.interrupted;
  }
}

/**
 * The launcher bucket's objects, by a listing each poll. A key is ready when its listing (size and
 * modification time) is the same in two polls running: a file being copied in is then whole, where
 * launching at first sight would refuse a half-written job file.
 */
class LauncherListing {
  private readonly handled = new Map<string, string>();
  private readonly settling = new Map<string, string>();

  constructor(private readonly store: ObjectStore) {}

  /** What is there now was there before the watch began: it starts nothing. */
  async baseline(): Promise<void> {
    for (const [key, seen] of await this.list()) this.handled.set(key, seen);
  }

  /** Keys new or changed since they were last handled, and settled; each is handed out once per change. */
  async ready(): Promise<string[]> {
    const now = await this.list();
    const ready: string[] = [];
    for (const [key, seen] of now) {
      if (this.handled.get(key) === seen) continue;
      if (this.settling.get(key) === seen) {
        ready.push(key);
        this.handled.set(key, seen);
        this.settling.delete(key);
      } else {
        this.settling.set(key, seen);
      }
    }
    // A key deleted and written again is new again.
    for (const key of [...this.handled.keys()]) if (!now.has(key)) this.handled.delete(key);
    for (const key of [...this.settling.keys()]) if (!now.has(key)) this.settling.delete(key);
    return ready;
  }

  private async list(): Promise<Map<string, string>> {
    const listing = new Map<string, string>();
    for await (const entry of this.store.list(LOCAL_LAUNCHER_BUCKET)) {
      if (!isCommonPrefix(entry)) listing.set(entry.key, `${entry.size}:${entry.lastModified.getTime()}`);
    }
    return listing;
  }
}
