import type Docker from "dockerode";
import type { ExecutorKind } from "../../runner-image/src/env";
import { engineMessage, engineStatus } from "../../runner-image/src/executors/engineErrors";

/** `auto` picks per image: docker where the engine can run it, else the local executor. */
export type ExecutorMode = ExecutorKind | "auto";

/** Which executor runs a job's commands, and why, in words the user sees. */
export interface ExecutorChoice {
  kind: ExecutorKind;
  reason: string;
}

/** An engine answers a ping in milliseconds; a socket whose daemon hangs must not hold up every job. */
const ENGINE_PING_TIMEOUT_MS = 3_000;

/**
 * Chooses each job's executor. A fixed mode is the choice. `auto` takes docker when the engine
 * answers and the image is on this host or its registry has it (asked without pulling: the runner
 * pulls it, if missing, when the job starts); else the local executor. The engine is asked once and
 * each image once, so every job of a step gets the same answer.
 */
export class ExecutorChooser {
  private engine: Promise<string | undefined> | undefined;
  private readonly byImage = new Map<string, Promise<ExecutorChoice>>();

  constructor(
    private readonly mode: ExecutorMode,
    private readonly docker: Docker,
  ) {}

  choose(image: string): Promise<ExecutorChoice> {
    if (this.mode !== "auto") return Promise.resolve({ kind: this.mode, reason: `the run asks for the ${this.mode} executor` });
    let choice = this.byImage.get(image);
    if (choice === undefined) this.byImage.set(image, (choice = this.chooseFor(image)));
    return choice;
  }

  private async chooseFor(image: string): Promise<ExecutorChoice> {
    this.engine ??= this.engineProblem();
    const problem = await this.engine;
    if (problem !== undefined) return { kind: "local", reason: `no Docker engine answers (${problem})` };
    try {
      await this.docker.getImage(image).inspect();
      return { kind: "docker", reason: `image ${image} is on this host` };
    } catch (error) {
      if (engineStatus(error) !== 404) return { kind: "local", reason: `the Docker engine could not look for image ${image}: ${engineMessage(error)}` };
    }
    try {
      await this.docker.getImage(image).distribution();
      return { kind: "docker", reason: `image ${image} is not on this host, and its registry has it` };
    } catch (error) {
      return { kind: "local", reason: `image ${image} is not on this host, and cannot be pulled: ${engineMessage(error)}` };
    }
  }

  /** Why the engine cannot be used; undefined when it answers. */
  private async engineProblem(): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ENGINE_PING_TIMEOUT_MS} ms`)), ENGINE_PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
      return undefined;
    } catch (error) {
      return engineMessage(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
