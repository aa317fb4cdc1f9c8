import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequest, LocalExecutor, StartFailed, type ExecRequest } from "../../../runner-image/src/executors";
import { findLabelledProcesses } from "../../../runner-image/src/executors/procfs";
import { describeExecutorContract } from "./contract";

function localRequest(workspace: string, script: string): ExecRequest {
  return { workspace, workdir: workspace, image: { name: "unused" }, command: ["sh", "-c", script], env: {}, labels: { "test.suite": "local" } };
}

async function processGroupsWith(labels: Record<string, string>): Promise<number> {
  return new Set((await findLabelledProcesses(labels)).map(({ pgrp }) => pgrp)).size;
}

describeExecutorContract("LocalExecutor", async () => {
  const executor = new LocalExecutor({ runnerId: `test-${randomUUID()}` });
  return {
    executor,
    request: localRequest,
    childrenWith: processGroupsWith,
    otherRunner: () => new LocalExecutor({ runnerId: `other-${randomUUID()}` }),
    // Also what another runner of a failed test left.
    stop: async () => {
      await executor.cleanup({ "test.suite": "local" });
    },
  };
});

describe("LocalExecutor on the host", () => {
  const executor = new LocalExecutor({ hostEnv: { PATH: process.env.PATH, HOME: "/home/step", SECRET: "not passed" } });
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "stepbatch-local-"));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it("gives the command the request's environment over the host's PATH and HOME, and nothing else of the host's", async () => {
    const req = { ...localRequest(workspace, "env > env.txt"), env: { BC_STEP_NAME: "Align", HOME: "/override" } };
    await executor.run(req);
    const env = (await readFile(join(workspace, "env.txt"), "utf8")).split("\n");

    expect(env).toContain("BC_STEP_NAME=Align");
    expect(env).toContain("HOME=/override");
    expect(env).toContain(`PATH=${process.env.PATH}`);
    expect(env.some((line) => line.startsWith("SECRET="))).toBe(false);
  });

  it("ends what the command left running in the background when it exits, as a container would", async () => {
    const req = { ...localRequest(workspace, "sleep 30 & echo started"), labels: { "test.case": randomUUID() } };
    const result = await executor.run(req);

    expect(result.status).toBe("succeeded");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await processGroupsWith(req.labels)).toBe(0);
  });

  it("fails a start whose program does not exist with StartFailed, leaving nothing behind", async () => {
    const req = { ...localRequest(workspace, ""), command: ["no-such-program"], labels: { "test.case": randomUUID() } };
    const error = await executor.start(req).catch((e: Error) => e);

    expect(error).toBeInstanceOf(StartFailed);
    expect((error as Error).message).toBe(`could not start no-such-program in ${workspace}: spawn no-such-program ENOENT`);
    expect(await processGroupsWith(req.labels)).toBe(0);
  });

  it("refuses a workdir other than the workspace, and a workspace that is not there", async () => {
    await expect(executor.start({ ...localRequest(workspace, "true"), workdir: "/_bclaw_scratch" })).rejects.toThrow(BadRequest);
    const missing = join(workspace, "no-such-folder");
    const error = await executor.start(localRequest(missing, "true")).catch((e: Error) => e);
    expect(error).toBeInstanceOf(StartFailed);
    expect((error as Error).message).toBe(`cannot run the commands in ${missing}: it is not a folder on this host`);
  });
});
