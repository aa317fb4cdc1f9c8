import { SFNClient } from "@aws-sdk/client-sfn";
import Dockerode from "dockerode";
import { SfnExecutions } from "../../shared/aws";
import { SCRATCH_PATH } from "../../shared/compiler/runner";
import { STEPBATCH_VERSION } from "../../shared/compiler/settings";
import { S3Store, createS3Client } from "../../shared/store";
import { parseCommandLine, USAGE, type RunnerArgs } from "./args";
import { readContainerMetadata, type ContainerMetadata, type FetchJson } from "./containerMetadata";
import { readRunnerEnvironment, type RunnerEnvironment } from "./env";
import { DockerExecutor, LocalExecutor, type Executor, type ExecutorLog } from "./executors";
import { RUNNER_ERROR_EXIT, runJob } from "./job";
import { jsonLineSink, RunnerLog } from "./log";
import { scratchLayout, type ScratchLayout } from "./workspace";

export interface RunnerIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Reads ECS task metadata; the real endpoint by default. */
  fetchJson?: FetchJson;
}

const PROGRAM = "stepbatch-runner";

/**
 * The `stepbatch-runner` command: parses the command line and the environment, wires the real
 * pieces (S3, Step Functions, the docker executor or, with BC_EXECUTOR=local, the local one) and
 * runs the job. Returns the exit code. Problems found before the job's log exists (arguments,
 * environment, container metadata) print one plain line on stderr and give RUNNER_ERROR_EXIT.
 */
export async function runnerCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: RunnerIo): Promise<number> {
  const sink = jsonLineSink(io.out);
  let args: RunnerArgs;
  let runnerEnv: RunnerEnvironment;
  let placement: ChildPlacement;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      io.out(USAGE);
      return 0;
    }
    if (parsed.kind === "version") {
      io.out(`${STEPBATCH_VERSION}\n`);
      return 0;
    }
    args = parsed.args;
    runnerEnv = readRunnerEnvironment(env);
    placement = await childPlacement(runnerEnv, new RunnerLog(sink, runnerEnv), io.fetchJson);
  } catch (error) {
    io.err(`${PROGRAM}: ${(error as Error).message}\n`);
    return RUNNER_ERROR_EXIT;
  }
  return runJob({
    args,
    env: runnerEnv,
    store: new S3Store(createS3Client({ region: runnerEnv.region, endpoint: env.AWS_ENDPOINT_URL_S3 || undefined })),
    executions: new SfnExecutions(new SFNClient({ region: runnerEnv.region })),
    executor: placement.executor,
    scratch: placement.scratch,
    ...(placement.childWorkdir !== undefined && { childWorkdir: placement.childWorkdir }),
    ...(placement.resources !== undefined && { resources: placement.resources }),
    logSink: sink,
  });
}

interface ChildPlacement {
  executor: Executor;
  scratch: ScratchLayout;
  childWorkdir?: string;
  resources?: ContainerMetadata["resources"];
}

/**
 * Where the child runs and how it sees the workspace. The local executor runs the commands on the
 * runner's own machine, in the workspace itself. A docker child is a sibling of the runner's
 * container: it sees only the job's workspace, at `/_bclaw_scratch` as in the reference, mounted
 * from the host path of the scratch volume; ECS metadata (when the runner runs in ECS) names that
 * path and the limits the child must be given.
 */
async function childPlacement(env: RunnerEnvironment, log: RunnerLog, fetchJson?: FetchJson): Promise<ChildPlacement> {
  const executorLog: ExecutorLog = (message, fields) => log.info(message, fields);
  if (env.executor === "local") {
    return { executor: new LocalExecutor({ log: executorLog }), scratch: scratchLayout({ scratchPath: env.scratchPath }) };
  }
  const metadata = env.containerMetadataUri === undefined ? undefined : await readContainerMetadata(env.containerMetadataUri, fetchJson);
  return {
    executor: new DockerExecutor(new Dockerode(), { log: executorLog }),
    scratch: scratchLayout({ scratchPath: env.scratchPath, hostScratchPath: env.hostScratchPath, volumes: metadata?.volumes }),
    childWorkdir: SCRATCH_PATH,
    resources: metadata?.resources,
  };
}
