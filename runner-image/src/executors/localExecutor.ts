import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import { BadRequest, StartFailed } from "./errors";
import { childLabels } from "./labels";
import { ChildExecutor, type Child } from "./lifecycle";
import { guardedOnLog } from "./onLog";
import { ProcessChild, killGroup } from "./processChild";
import { JOB_LABELS_ENV, findLabelledProcesses } from "./procfs";
import type { ExecRequest, ExecutorLog } from "./types";

/**
 * Host variables a command needs that a container would get from its image: where programs are,
 * the home folder, who the user is, the locale and time zone, where temporary files go.
 */
const HOST_VARIABLES = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"];

export interface LocalExecutorOptions {
  /** Labels every child with the runner that started it (in its environment). Default: a new UUID. */
  runnerId?: string;
  log?: ExecutorLog;
  /** Where HOST_VARIABLES come from. Default: this process's environment. */
  hostEnv?: NodeJS.ProcessEnv;
}

/**
 * Runs each step's commands on the host, in the workspace, for machines without a Docker engine.
 * The command leads its own process group (cancel and timeouts reach all it started); its
 * environment is the request's plus HOST_VARIABLES, and JOB_LABELS_ENV holding its labels, which
 * is how `cleanup` finds the processes of a runner that was killed outright. The image, resources,
 * GPUs and pull policy of a request do not apply on the host and are not used.
 */
export class LocalExecutor extends ChildExecutor {
  private readonly runnerId: string;
  private readonly hostEnv: NodeJS.ProcessEnv;

  constructor(options: LocalExecutorOptions = {}) {
    super(options.log ?? (() => undefined));
    this.runnerId = options.runnerId ?? randomUUID();
    this.hostEnv = options.hostEnv ?? process.env;
  }

  protected async launch(request: ExecRequest, _id: string, signal: AbortSignal): Promise<Child> {
    const { workspace, workdir, command } = request;
    if (workdir !== workspace) {
      throw new BadRequest(`the local executor runs commands in the workspace itself: workdir must be ${workspace}, not ${workdir}`);
    }
    if (!(await stat(workspace).then((info) => info.isDirectory(), () => false))) {
      throw new StartFailed(`cannot run the commands in ${workspace}: it is not a folder on this host`);
    }
    signal.throwIfAborted();
    const hostVariables = Object.fromEntries(HOST_VARIABLES.flatMap((name) => (this.hostEnv[name] === undefined ? [] : [[name, this.hostEnv[name]!]])));
    const child = spawn(command[0], command.slice(1), {
      cwd: workspace,
      env: { ...hostVariables, ...request.env, [JOB_LABELS_ENV]: JSON.stringify(childLabels(request.labels, this.runnerId)) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await spawned(child);
    } catch (error) {
      throw new StartFailed(`could not start ${command[0]} in ${workspace}: ${(error as Error).message}`, { cause: error });
    }
    return new ProcessChild(child, guardedOnLog(request.onLog, this.log), this.log);
  }

  /**
   * Kills the process groups of the labelled processes (a command's group is led by the command, which
   * carries the labels); a labelled process inside a group it does not lead is killed alone.
   */
  protected async removeLabelled(labels: Record<string, string>): Promise<number> {
    const processes = await findLabelledProcesses(labels);
    const labelled = new Set(processes.map(({ pid }) => pid));
    const groups = new Set<number>();
    for (const { pid, pgrp } of processes) {
      if (labelled.has(pgrp)) groups.add(pgrp);
      else killProcess(pid);
    }
    let removed = 0;
    for (const group of groups) if (killGroup(group, "SIGKILL")) removed++;
    return removed;
  }
}

function spawned(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
}

function killProcess(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
