import type Docker from "dockerode";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markerKey, repositoryFromUri, writeJobData, writeMarker, type JobData, type Repository } from "../../../shared/repository";
import { S3Store } from "../../../shared/store";
import { RUNNER_ERROR_EXIT } from "../../../runner-image/src/job";
import { CANCEL_GRACE_MS } from "../../../runner-image/src/signals";
import { startS3Server, type S3Server } from "../../support/s3server";
import { probeDockerEngine } from "../executors/engine";
import { containersOfExecution, runDockerStep, type Flags, type StepOptions } from "./support";

const engine = await probeDockerEngine("the runner's docker-executor tests");

const BUCKET = "runner-docker";
const REFS_BUCKET = "runner-docker-refs";

describe.skipIf(engine.docker === undefined)("the runner with the docker executor", () => {
  const docker = engine.docker as Docker;
  let server: S3Server;
  let store: S3Store;
  let scratch: string;
  let repoCount = 0;

  beforeAll(async () => {
    server = await startS3Server({ buckets: [BUCKET, REFS_BUCKET] });
    store = new S3Store(server.client);
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), "stepbatch-runner-docker-"));
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  async function repoWith(job: JobData["job"] = {}): Promise<Repository> {
    const repo = repositoryFromUri(`s3://${BUCKET}/runs/${++repoCount}`);
    await writeJobData(store, repo, { job, scatter: {}, parent: {} });
    return repo;
  }
  const put = (bucket: string, key: string, body: string) => store.put(bucket, key, body).then(() => undefined);
  const read = async (bucket: string, key: string) => (await store.getBytes(bucket, key)).toString();
  const marker = (repo: Repository) => store.head(BUCKET, markerKey(repo, "Align"));
  const run = (repo: Repository, flags: Flags, options: Partial<StepOptions> = {}) => runDockerStep(repo, flags, { store, docker, scratch, ...options });
  const workspacesLeft = async () => (await readdir(scratch)).filter((name) => name.startsWith("workspace-"));

  it("stages references and inputs, runs the commands in a sibling container, uploads the outputs and writes the marker", async () => {
    const repo = await repoWith({ sample: "s1" });
    await put(BUCKET, `${repo.prefix}/s1.fq`, "reads\n");
    await put(REFS_BUCKET, "refs/genome.fa", "ACGT\n");

    const step = await run(repo, {
      commands: [
        "cat ${reads} ${genome} > ${out}",
        'test "$BC_WORKSPACE" = /_bclaw_scratch && test "$(pwd)" = /_bclaw_scratch',
        'echo "$BC_STEP_NAME $BC_BRANCH_IDX $(cat /etc/hostname | wc -c)" > where.txt',
        "echo from-the-child",
      ],
      inputs: { reads: "${job.sample}.fq" },
      references: { genome: `s3://${REFS_BUCKET}/refs/genome.fa` },
      outputs: { out: { path: "${job.sample}.out", s3Tags: {} }, where: { path: "where.txt", s3Tags: {} } },
      skip: "rerun",
    });

    expect(step.errors).toEqual([]);
    expect(step.code).toBe(0);
    expect(await read(BUCKET, `${repo.prefix}/s1.out`)).toBe("reads\nACGT\n");
    // A container's hostname is its 12-character id: the commands ran in the child, not on this host.
    expect(await read(BUCKET, `${repo.prefix}/where.txt`)).toBe("Align main 13\n");
    expect(step.userLines).toContain("from-the-child");
    expect((await marker(repo))?.metadata).toMatchObject({ execution_id: step.env.BC_EXECUTION_ID });
    expect(await containersOfExecution(docker, step.env.BC_EXECUTION_ID)).toEqual([]);
    expect(await workspacesLeft()).toEqual([]);
  });

  it("skips a step whose marker exists when skipping on rerun, starting no container", async () => {
    const repo = await repoWith();
    await writeMarker(store, repo, "Align", "an-earlier-execution");

    const step = await run(repo, { commands: ["echo ran > ran.txt"], outputs: { ran: { path: "ran.txt", s3Tags: {} } }, skip: "rerun" });

    expect(step.code).toBe(0);
    expect(step.records.map((r) => r.message)).toContainEqual(expect.stringMatching(/^skipped: /));
    expect(step.userLines).toEqual([]);
    expect(await store.head(BUCKET, `${repo.prefix}/ran.txt`)).toBeNull();
  });

  it("passes a failing command's exit code through, still uploads the outputs, and writes no marker", async () => {
    const repo = await repoWith();

    const step = await run(repo, {
      commands: ["echo partial > partial.txt", "exit 7", "echo never > never.txt"],
      outputs: { partial: { path: "partial.txt", s3Tags: {} }, never: { path: "never.txt", s3Tags: {} } },
    });

    expect(step.code).toBe(7);
    expect(step.errors).toEqual(["the step's commands failed: exit code 7"]);
    expect(await read(BUCKET, `${repo.prefix}/partial.txt`)).toBe("partial\n");
    expect(await store.head(BUCKET, `${repo.prefix}/never.txt`)).toBeNull();
    expect(await marker(repo)).toBeNull();
    expect(await containersOfExecution(docker, step.env.BC_EXECUTION_ID)).toEqual([]);
  });

  it("fails with 199 and one line naming a required input that is missing, starting no container", async () => {
    const repo = await repoWith();

    const step = await run(repo, { commands: ["echo ran"], inputs: { reads: "absent.fq" } });

    expect(step.code).toBe(RUNNER_ERROR_EXIT);
    expect(step.errors).toHaveLength(1);
    expect(step.errors[0]).toMatch(/^staging inputs: .*absent\.fq/);
    expect(step.userLines).toEqual([]);
    expect(await containersOfExecution(docker, step.env.BC_EXECUTION_ID)).toEqual([]);
  });

  it("stops the execution as ABORTED when a QC condition hits, after uploading the outputs, and writes no marker", async () => {
    const repo = await repoWith();

    const step = await run(repo, {
      commands: ['echo \'{"reads": 3}\' > qc.json'],
      outputs: { qc: { path: "qc.json", s3Tags: {} } },
      qc: [{ qcResultFile: "qc.json", stopEarlyIf: ["reads < 10"] }],
    });

    expect(step.code).toBe(0);
    expect(step.stops).toEqual([
      {
        executionArn: `arn:aws:states:eu-west-1:123456789012:execution:demo:${step.env.BC_EXECUTION_ID}`,
        error: `Job ${step.env.BC_EXECUTION_ID} failed QC check at step Align`,
        cause: "failed QC conditions: qc.json: reads < 10",
      },
    ]);
    expect(step.errors).toEqual([expect.stringMatching(/^QC check failed: /)]);
    expect(await read(BUCKET, `${repo.prefix}/qc.json`)).toBe('{"reads": 3}\n');
    expect(await marker(repo)).toBeNull();
  });

  it("on SIGTERM mid-command removes the child within the grace period, uploads the outputs, writes no marker and exits 143", async () => {
    const repo = await repoWith();
    let signalledAt = 0;
    let runningChildren: Docker.ContainerInfo[] = [];

    const step = await run(
      repo,
      { commands: ["echo begun > begun.txt", "echo started", "sleep 37"], outputs: { begun: { path: "begun.txt", s3Tags: {} } } },
      {
        onRecord: (record, signals) => {
          if (record.level !== "user_cmd" || record.message !== "started") return;
          void containersOfExecution(docker, String(record.sfn_execution_id)).then((found) => {
            runningChildren = found;
            signalledAt = Date.now();
            signals.emit("SIGTERM");
          });
        },
      },
    );

    expect(signalledAt, "the commands never started").toBeGreaterThan(0);
    expect(runningChildren.map((c) => c.State)).toEqual(["running"]);
    expect(step.code).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(CANCEL_GRACE_MS);
    expect(await containersOfExecution(docker, step.env.BC_EXECUTION_ID)).toEqual([]);
    expect(await read(BUCKET, `${repo.prefix}/begun.txt`)).toBe("begun\n");
    expect(await marker(repo)).toBeNull();
    expect(step.errors).toEqual([expect.stringContaining("received SIGTERM")]);
  });
});
