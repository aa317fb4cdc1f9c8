import type Docker from "dockerode";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localJobDefinitions } from "../../../local/batch";
import { probeDockerEngine, type EngineProbe } from "../executors/engine";
import { compile, localBatch, markerOf, newRun, readObject, sandbox, submission, type Sandbox } from "./support";

/** Built offline by .ci/provision-docker.sh. */
const BUSYBOX = "stepbatch/busybox:local";

/** The engine, with the busybox image on it; without either the suite is skipped, except in CI (CI=true), where it fails. */
async function probe(suite: string): Promise<EngineProbe> {
  const engine = await probeDockerEngine(suite);
  if (engine.docker === undefined) return engine;
  try {
    await engine.docker.getImage(BUSYBOX).inspect();
    return engine;
  } catch {
    const why = `the image ${BUSYBOX} is not built`;
    if (process.env.CI === "true") throw new Error(`${suite} must run in CI, but ${why}: run .ci/provision-docker.sh`);
    console.warn(`skipping ${suite}: ${why} (run .ci/provision-docker.sh)`);
    return { skipReason: why };
  }
}

const engine = await probe("the local Batch's docker-executor tests");

// `stepbatch/busybox:local` is a short name, so the compiler expands it into the account's ECR
// registry: the local Batch must find it again under its local name.
const compiled = compile(`
Repository: s3://local-batch/runs/\${job.id}
Steps:
  - InContainer:
      image: ${BUSYBOX}
      inputs: {}
      commands:
        - test "$BC_WORKSPACE" = /_bclaw_scratch && test "$(pwd)" = /_bclaw_scratch
        - echo "$BC_STEP_NAME $AWS_BATCH_JOB_ATTEMPT $(cat /etc/hostname | wc -c)" > \${out}
      outputs:
        out: where.txt
  - Unpullable:
      image: docker.io/stepbatch/not-on-any-registry:none
      inputs: {}
      commands:
        - echo "ran in $BC_WORKSPACE" > \${out}
      outputs:
        out: unpullable.txt
`);
const { jobDefinitions } = localJobDefinitions(compiled.template);

describe.skipIf(engine.docker === undefined)("LocalBatch with the docker executor", () => {
  const docker = engine.docker as Docker;
  let box: Sandbox;
  beforeEach(async () => {
    box = await sandbox();
  });
  afterEach(() => box.remove());

  const containersOf = (execution: string) => docker.listContainers({ all: true, filters: { label: [`stepbatch.execution=${execution}`] } });

  it("runs the commands in a container of the step's image, which sees the workspace at /_bclaw_scratch", async () => {
    const { batch, events } = localBatch(box, jobDefinitions, { executor: "docker", docker });
    const run = await newRun(box);

    const result = (await batch.submitJob(submission(compiled, "InContainer", run))) as Record<string, any>;

    expect(result).toMatchObject({ Status: "SUCCEEDED", Container: { ExitCode: 0 } });
    // A container's hostname is its 12-character id: the commands ran in the child, not on this host.
    expect(await readObject(box, run.repo, "where.txt")).toBe("InContainer 1 13\n");
    expect(await markerOf(box, run.repo, "InContainer")).not.toBeNull();
    expect(events.find((event) => event.kind === "started")?.executor).toEqual({ kind: "docker", reason: "the run asks for the docker executor" });
    expect(await containersOf(run.execution)).toEqual([]);
  });

  it("with auto, takes docker for an image on this host and the local executor for one it cannot get", async () => {
    const { batch, events } = localBatch(box, jobDefinitions, { executor: "auto", docker });
    const [inContainer, unpullable] = await Promise.all([newRun(box), newRun(box)]);

    const results = await Promise.all([
      batch.submitJob(submission(compiled, "InContainer", inContainer)),
      batch.submitJob(submission(compiled, "Unpullable", unpullable)),
    ]);

    expect(results.map((result) => (result as Record<string, unknown>).Status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(await readObject(box, inContainer.repo, "where.txt")).toBe("InContainer 1 13\n");
    expect(await readObject(box, unpullable.repo, "unpullable.txt")).toMatch(new RegExp(`^ran in ${box.scratch}/workspace-`));
    const choices = Object.fromEntries(events.filter((event) => event.kind === "started").map((event) => [event.step, event.executor]));
    expect(choices).toEqual({
      InContainer: { kind: "docker", reason: `image ${BUSYBOX} is on this host` },
      Unpullable: { kind: "local", reason: expect.stringContaining("image stepbatch/not-on-any-registry:none is not on this host, and cannot be pulled: ") },
    });
  });
});
