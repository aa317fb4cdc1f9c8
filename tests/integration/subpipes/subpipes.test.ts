import { expect, it } from "vitest";
import { readJobData, repositoryFromUri, type Repository } from "../../../shared/repository";
import { STORE_REQUEST_CONCURRENCY } from "../../../shared/stepLambdas";
import type { ObjectStore } from "../../../shared/store";
import { parseSubpipeEvent, runSubpipe } from "../../../shared/subpipes";
import { BUCKET, OTHER_BUCKET, describeOnEachStore, failureOf } from "../stepLambdas/stores";

type Copy = { from: string; to: string };

/** The subpipe step's first state's event (`mode: submit`), as compiled. */
function submitEvent(repo: Repository, stepName: string, submit: Copy[], jobData: string | null = null) {
  return parseSubpipeEvent({ mode: "submit", repo: repo.uri, job_data: jobData, submit: JSON.stringify(submit), step_name: stepName, logging: { step_name: stepName } });
}

/** The subpipe step's last state's event (`mode: retrieve`), as compiled: no step_name but the log preamble's. */
function retrieveEvent(repo: Repository, subRepoUri: string, retrieve: Copy[]) {
  return parseSubpipeEvent({ mode: "retrieve", repo: repo.uri, retrieve: JSON.stringify(retrieve), subpipe: { sub_repo: subRepoUri }, logging: { step_name: "Child" } });
}

describeOnEachStore("subpipes", (context) => {
  it("submit makes <repo>/<step> the child's repository, with the parent's job and no parent or scatter values", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" }, scatter: { chunk: "c1" }, parent: { config: "s3://x/y" } });

    const { result } = await runSubpipe(context.store, submitEvent(repo, "Child", []));

    const subRepo = repositoryFromUri(`${repo.uri}/Child`);
    expect(result).toEqual({ sub_repo: subRepo });
    expect(await readJobData(context.store, subRepo)).toEqual({ job: { sample: "S1" }, parent: {}, scatter: {} });
  });

  it("submit reads the child's job from job_data: a file of the parent's repository (with ${job.x}) or an s3:// URI", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" } });
    await context.put(`${repo.uri}/S1.child.json`, JSON.stringify({ child: "relative" }));
    await context.put(`s3://${OTHER_BUCKET}/jobs/child.json`, JSON.stringify({ child: "absolute" }));

    await runSubpipe(context.store, submitEvent(repo, "Rel", [], "${job.sample}.child.json"));
    await runSubpipe(context.store, submitEvent(repo, "Abs", [], `s3://${OTHER_BUCKET}/jobs/child.json`));

    expect((await readJobData(context.store, repositoryFromUri(`${repo.uri}/Rel`))).job).toEqual({ child: "relative" });
    expect((await readJobData(context.store, repositoryFromUri(`${repo.uri}/Abs`))).job).toEqual({ child: "absolute" });
  });

  it("submit copies the submit files from the parent's repository into the child's", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" } });
    await context.put(`${repo.uri}/reads.fq`, "ACGT");
    await context.put(`${repo.uri}/S1.cfg`, "cfg");

    const { copied } = await runSubpipe(
      context.store,
      submitEvent(repo, "Child", [
        { from: "reads.fq", to: "reads.fq" },
        { from: "${job.sample}.cfg", to: "config/settings.cfg" },
      ]),
    );

    expect(await context.read(`${repo.uri}/Child/reads.fq`)).toBe("ACGT");
    expect(await context.read(`${repo.uri}/Child/config/settings.cfg`)).toBe("cfg");
    expect(copied).toEqual([
      { from: `${repo.uri}/reads.fq`, to: `${repo.uri}/Child/reads.fq` },
      { from: `${repo.uri}/S1.cfg`, to: `${repo.uri}/Child/config/settings.cfg` },
    ]);
  });

  it("retrieve copies the child's files back, with ${job.x} from the parent's job data, and returns {}", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" } });
    const subRepo = `${repo.uri}/Child`;
    await context.put(`${subRepo}/_JOB_DATA_`, JSON.stringify({ job: { sample: "the child's" }, parent: {}, scatter: {} }));
    await context.put(`${subRepo}/result.txt`, "result");
    await context.put(`${subRepo}/S1.bam`, "bam");

    const outcome = await runSubpipe(
      context.store,
      retrieveEvent(repo, subRepo, [
        { from: "result.txt", to: "result.txt" },
        { from: "${job.sample}.bam", to: "aligned/${job.sample}.bam" },
      ]),
    );

    expect(outcome.result).toEqual({});
    expect(await context.read(`${repo.uri}/result.txt`)).toBe("result");
    expect(await context.read(`${repo.uri}/aligned/S1.bam`)).toBe("bam");
  });

  it("retrieve copies many files at once, never more than STORE_REQUEST_CONCURRENCY", async () => {
    const repo = await context.repoWith({});
    const subRepo = `${repo.uri}/Many`;
    const names = Array.from({ length: STORE_REQUEST_CONCURRENCY + 12 }, (_, i) => `f${i}.txt`);
    for (const name of names) await context.put(`${subRepo}/${name}`, name);
    let inFlight = 0;
    let most = 0;
    const counting = new Proxy(context.store, {
      get: (target, property, receiver) => {
        if (property !== "copy") return Reflect.get(target, property, receiver);
        return async (...args: Parameters<ObjectStore["copy"]>) => {
          most = Math.max(most, ++inFlight);
          try {
            return await target.copy(...args);
          } finally {
            inFlight--;
          }
        };
      },
    });

    await runSubpipe(counting, retrieveEvent(repo, subRepo, names.map((name) => ({ from: name, to: `back/${name}` }))));
    for (const name of names) expect(await context.read(`${repo.uri}/back/${name}`)).toBe(name);
    expect(most).toBe(STORE_REQUEST_CONCURRENCY);
  });

  it("fails naming both URIs when a child file to retrieve is missing", async () => {
    const repo = await context.repoWith({});
    const subRepo = `${repo.uri}/Child`;

    const error = await failureOf(runSubpipe(context.store, retrieveEvent(repo, subRepo, [{ from: "gone.txt", to: "here.txt" }])));
    expect(error.name).toBe("MissingFile");
    expect(error.message).toBe(
      `step 'Child', field 'retrieve[0]': cannot copy ${subRepo}/gone.txt to ${repo.uri}/here.txt: ${subRepo}/gone.txt does not exist`,
    );
  });

  it("fails naming the field when job_data is missing, not JSON or not a JSON object", async () => {
    const repo = await context.repoWith({});
    await context.put(`${repo.uri}/list.json`, "[1, 2]");

    const missing = await failureOf(runSubpipe(context.store, submitEvent(repo, "C", [], "nope.json")));
    expect(missing.name).toBe("MissingFile");
    expect(missing.message).toBe(`step 'C', field 'job_data': s3://${BUCKET}/${repo.prefix}/nope.json does not exist`);

    const list = await failureOf(runSubpipe(context.store, submitEvent(repo, "C", [], "list.json")));
    expect(list.name).toBe("BadJson");
    expect(list.message).toBe(`step 'C', field 'job_data': s3://${BUCKET}/${repo.prefix}/list.json must hold a JSON object (a job file), got a list`);
  });

  it("refuses a copy spec that leaves the repository", async () => {
    const repo = await context.repoWith({});
    const error = await failureOf(runSubpipe(context.store, submitEvent(repo, "C", [{ from: "../escape.txt", to: "x" }])));
    expect(error.name).toBe("BadName");
    expect(error.message).toMatch(/^step 'C', field 'submit\[0\]': "\.\.\/escape\.txt" is not a name inside the repository/);
  });
});
