import Dockerode from "dockerode";
import { EventEmitter } from "node:events";
import { describe, expect, test } from "vitest";
import { stepbatch } from "../../support/cli";
import { executorsToTest, RunFolder, statuses, type RunOutcome } from "./support";

// Ctrl-C (SIGINT) or SIGTERM on `stepbatch run` stops the running step as a Batch termination
// does: the child gets SIGTERM, the outputs it has are uploaded, no marker is written, nothing
// is left running, and the command exits 130.

const executors = await executorsToTest("stepbatch run interrupted");
const REPO = "s3://stepbatch-e2e/interrupt/I1";

describe.each(executors)("with the %s executor", (executor) => {
  test.each(["SIGINT", "SIGTERM"] as const)("%s mid-step: child stopped, partial outputs uploaded, no marker, exit 130", async (signal) => {
    const folder = await RunFolder.create();
    await folder.fixtures();
    await folder.write("job.json", JSON.stringify({ id: "I1" }));
    const signals = new EventEmitter();
    let sent = false;
    const started = Date.now();
    // Interrupt once the step's commands have started: its log says so.
    const watcher = setInterval(async () => {
      const log = (await folder.logs()).find((name) => name.includes("__Wait"));
      if (sent || log === undefined || !(await folder.log(log)).includes("sleeping")) return;
      sent = true;
      signals.emit(signal);
    }, 100);
    const result = await stepbatch(["run", "wf/interrupt.yaml", "--job", "job.json", "--json", "--executor", executor], { cwd: folder.dir, signals }).finally(() =>
      clearInterval(watcher),
    );
    const outcome = JSON.parse(result.stdout) as RunOutcome;

    expect(sent).toBe(true);
    expect(result.code, result.stderr).toBe(130);
    expect(outcome.status).toBe("ABORTED");
    expect(statuses(outcome)).toMatchObject({ Wait: "aborted", Never: "pending" });
    // Well inside the sleep: the child was stopped, not waited for.
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await folder.read(`${REPO}/part.txt`)).toBe("partial\n");
    expect(await folder.has(`${REPO}/_control_/Wait.complete`)).toBe(false);
    expect(await folder.has(`${REPO}/never.txt`)).toBe(false);
    expect(result.stderr).toContain("stopping");
    if (executor === "docker") {
      const left = await new Dockerode().listContainers({ all: true, filters: { label: [`stepbatch.execution=${outcome.execution.split(":").pop()}`] } });
      expect(left).toEqual([]);
    }
  }, 60_000);
});
