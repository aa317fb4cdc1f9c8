import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AlreadyFinished,
  AlreadyStarted,
  BadRequest,
  NotFound,
  type ExecRequest,
  type Executor,
  type LogStream,
} from "../../../runner-image/src/executors";

export interface ExecutorUnderTest {
  executor: Executor;
  /** A request running `script` with `sh -c` in `workspace` (a host folder), with this target's image and workdir. */
  request(workspace: string, script: string): ExecRequest;
  /** How many children carrying all of `labels` are still there (containers, or processes). */
  childrenWith(labels: Record<string, string>): Promise<number>;
  /** An executor of another runner on this host, with nothing in common with `executor` but the host. */
  otherRunner(): Executor;
  stop(): Promise<void>;
}

/** How long a child may take to go after it was told to: containers stop in well under a second here. */
const GONE_WITHIN_MS = 5_000;
/** Slack for timings on a busy two-core machine: start-up, engine round trips. */
const SLACK_MS = 3_000;

/** Registers the behaviour every Executor must show, against the target `start` gives. */
export function describeExecutorContract(name: string, start: () => Promise<ExecutorUnderTest>): void {
  describe(`${name} meets the executor contract`, () => {
    let target: ExecutorUnderTest;
    let executor: Executor;
    let workspace: string;

    beforeAll(async () => {
      target = await start();
      executor = target.executor;
      workspace = await mkdtemp(join(tmpdir(), "stepbatch-executor-"));
    });
    afterAll(async () => {
      await target?.stop();
      if (workspace) await rm(workspace, { recursive: true, force: true });
    });

    /** A request with labels of its own, so that its children can be counted. */
    function request(script: string, extra: Partial<ExecRequest> = {}): ExecRequest {
      const base = target.request(workspace, script);
      return { ...base, labels: { ...base.labels, "test.case": randomUUID() }, ...extra };
    }

    /** Collects onLog's lines per stream. */
    function collector() {
      const lines: Record<LogStream, string[]> = { stdout: [], stderr: [] };
      return { lines, onLog: (line: string, stream: LogStream) => lines[stream].push(line) };
    }

    async function expectGone(labels: Record<string, string>): Promise<void> {
      const deadline = Date.now() + GONE_WITHIN_MS;
      while ((await target.childrenWith(labels)) > 0) {
        if (Date.now() > deadline) throw new Error(`children labelled ${JSON.stringify(labels)} still there after ${GONE_WITHIN_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it("runs the command in the workspace with its environment, and reports success", async () => {
      await writeFile(join(workspace, "in.txt"), "from the host\n");
      const req = request('echo "$GREETING" > out.txt; cat in.txt >> out.txt; pwd > where.txt', { env: { GREETING: "hello, step" } });
      const before = Date.now();
      const result = await executor.run(req);

      expect(result).toMatchObject({ status: "succeeded", exitCode: 0 });
      expect(await readFile(join(workspace, "out.txt"), "utf8")).toBe("hello, step\nfrom the host\n");
      expect((await readFile(join(workspace, "where.txt"), "utf8")).trim()).toBe(req.workdir);
      expect(result.startedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(result.endedAt.getTime()).toBeGreaterThanOrEqual(result.startedAt.getTime());
      expect(result.durationMs).toBe(result.endedAt.getTime() - result.startedAt.getTime());
      await expectGone(req.labels);
    });

    it("reports a non-zero exit as failed, with its code", async () => {
      expect(await executor.run(request("echo about to fail; exit 3"))).toMatchObject({ status: "failed", exitCode: 3 });
    });

    it("streams output line by line, each stream in order, with a last line that has no newline", async () => {
      const { lines, onLog } = collector();
      const script = 'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; i=0; while [ $i -lt 2000 ]; do echo "n$i"; i=$((i+1)); done; printf "no newline"';
      await executor.run(request(script, { onLog }));

      const counted = Array.from({ length: 2000 }, (_, i) => `n${i}`);
      expect(lines.stdout).toEqual(["out 1", "out 2", "out 3", ...counted, "no newline"]);
      expect(lines.stderr).toEqual(["err 1", "err 2", "err 3"]);
    });

    it("keeps the output for logs until wait returns: all of it, its tail, and followed to the end", async () => {
      const id = await executor.start(request("echo one; echo two; sleep 0.3; echo three"));
      const followed: string[] = [];
      for await (const line of executor.logs(id, { follow: true })) followed.push(line);
      const tail: string[] = [];
      for await (const line of executor.logs(id, { tail: 2 })) tail.push(line);

      expect(followed).toEqual(["one", "two", "three"]);
      expect(tail).toEqual(["two", "three"]);
      await executor.wait(id);
      expect(() => executor.logs(id)).toThrow(AlreadyFinished);
    });

    it("stops a child that runs past its time limit and reports timed-out", async () => {
      const req = request("sleep 30", { timeoutMs: 300 });
      const result = await executor.run(req);

      expect(result.status).toBe("timed-out");
      expect(result.durationMs).toBeGreaterThanOrEqual(300);
      expect(result.durationMs).toBeLessThan(300 + SLACK_MS);
      await expectGone(req.labels);
    });

    it("delivers SIGTERM to the command itself: a bare sleep ends with 143", async () => {
      const req = { ...request(""), command: ["sleep", "30"] };
      const id = await executor.start(req);
      const started = Date.now();
      await executor.cancel(id, { signal: "SIGTERM", graceMs: 20_000 });

      expect(Date.now() - started).toBeLessThan(SLACK_MS);
      expect(await executor.wait(id)).toMatchObject({ status: "cancelled", exitCode: 143 });
      await expectGone(req.labels);
    });

    it("cancels with SIGKILL after the grace period when the command ignores the signal", async () => {
      const req = request("trap '' TERM; echo ready; sleep 30");
      const { lines, onLog } = collector();
      const id = await executor.start({ ...req, onLog });
      await until(() => lines.stdout.includes("ready"));
      const started = Date.now();
      await executor.cancel(id, { signal: "SIGTERM", graceMs: 500 });
      const took = Date.now() - started;

      expect(took).toBeGreaterThanOrEqual(500);
      expect(took).toBeLessThan(500 + SLACK_MS);
      expect(await executor.wait(id)).toMatchObject({ status: "cancelled", exitCode: 137 });
      await expectGone(req.labels);
    });

    it("reports what the child used: peak memory and CPU time", async () => {
      const result = await executor.run(request("i=0; while [ $i -lt 40000 ]; do i=$((i+1)); done; sleep 1.2"));

      expect(result.peakMemoryBytes).toBeGreaterThan(0);
      expect(result.cpuTimeMs).toBeGreaterThan(0);
    });

    it("removes the children of a runner killed outright, found by label", async () => {
      const req = request("sleep 30");
      // The other runner starts a child and is never heard from again.
      await target.otherRunner().start(req);
      expect(await target.childrenWith(req.labels)).toBe(1);

      expect(await executor.cleanup({ "test.case": req.labels["test.case"] })).toBe(1);
      await expectGone(req.labels);
      expect(await executor.cleanup({ "test.case": req.labels["test.case"] })).toBe(0);
    });

    it("refuses to clean up without a label", async () => {
      await expect(executor.cleanup({})).rejects.toThrow(BadRequest);
    });

    it("answers lifecycle misuse with typed errors", async () => {
      const req = request("echo done", { id: `contract-${randomUUID()}` });
      await expect(executor.wait("no-such-job")).rejects.toThrow(NotFound);
      await expect(executor.cancel("no-such-job", { signal: "SIGTERM", graceMs: 0 })).rejects.toThrow(NotFound);
      expect(() => executor.logs("no-such-job")).toThrow(NotFound);

      const id = await executor.start(req);
      expect(id).toBe(req.id);
      await expect(executor.start(req)).rejects.toThrow(AlreadyStarted);
      const result = await executor.wait(id);
      expect(await executor.wait(id)).toEqual(result);
      await expect(executor.cancel(id, { signal: "SIGTERM", graceMs: 0 })).rejects.toThrow(AlreadyFinished);
    });

    it("says a cancel came too late when the child has exited but was not waited for", async () => {
      const id = await executor.start(request("true"));
      for await (const _line of executor.logs(id, { follow: true }));
      // Following ends as the child's output closes; the engine marks it exited a moment later.
      await new Promise((resolve) => setTimeout(resolve, 200));

      await expect(executor.cancel(id, { signal: "SIGTERM", graceMs: 0 })).rejects.toThrow(AlreadyFinished);
      expect((await executor.wait(id)).status).toBe("succeeded");
    });

    it("refuses a bad request before starting anything", async () => {
      const error = await executor.start(request("true", { env: { "A=B": "x" } })).catch((e: Error) => e);
      expect(error).toBeInstanceOf(BadRequest);
      expect((error as Error).message).toContain('"A=B"');
    });
  });
}

/** Resolves once `condition` holds, polling; fails after a while. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
