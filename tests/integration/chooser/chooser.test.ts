import { expect, it } from "vitest";
import { choose, parseChooserEvent } from "../../../shared/chooser";
import type { Repository } from "../../../shared/repository";
import { BUCKET, OTHER_BUCKET, describeOnEachStore, failureOf } from "../stepLambdas/stores";

/** A chooser event as the compiled simple chooser (`expressions`) or parallel branch check (`expression`) sends it. */
function chooserEvent(repo: Repository, inputs: Record<string, string>, condition: { expressions: string[] } | { expression: string }) {
  return parseChooserEvent({ repo: repo.uri, inputs: JSON.stringify(inputs), ...condition, logging: { step_name: "Pick" } });
}

describeOnEachStore("chooser", (context) => {
  it("returns the first true expression's text, trying them in order", async () => {
    const repo = await context.repoWith({ job: { n: 10, kind: "paired" } });
    const outcome = await choose(context.store, chooserEvent(repo, {}, { expressions: ["job.n > 100", "7 < job.n < 15", "job.kind == 'paired'"] }));

    expect(outcome.choice).toBe("7 < job.n < 15");
    expect(outcome.evaluations).toEqual([
      { expression: "job.n > 100", value: false },
      { expression: "7 < job.n < 15", value: true },
    ]);
  });

  it("returns null when no expression is true", async () => {
    const repo = await context.repoWith({ job: { n: 1 } });
    expect((await choose(context.store, chooserEvent(repo, {}, { expressions: ["job.n > 1", "''", "[]"] }))).choice).toBeNull();
  });

  it("names each input after its parsed JSON file; a single object input's keys are names too, except one named like the input", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" } });
    await context.put(`${repo.uri}/S1.stats.json`, JSON.stringify({ reads: 5000, b: { d: [1, 2, 3] }, stats: "shadowed", job: "not the job" }));
    const event = (expression: string) => chooserEvent(repo, { stats: "${job.sample}.stats.json" }, { expressions: [expression] });

    for (const expression of ["stats.reads == 5000", "reads == 5000", "b.d[2] == 3", "stats.stats == 'shadowed'", "job.sample == 'S1'", "stats.job == 'not the job'"]) {
      expect((await choose(context.store, event(expression))).choice, expression).toBe(expression);
    }
    const shadow = await choose(context.store, event("stats == 'shadowed'"));
    expect(shadow.choice).toBeNull();
  });

  it("with two inputs, exposes only their names", async () => {
    const repo = await context.repoWith({});
    await context.put(`${repo.uri}/a.json`, JSON.stringify({ x: 1 }));
    await context.put(`s3://${OTHER_BUCKET}/elsewhere/b.json`, JSON.stringify([1, 2]));
    const inputs = { a: "a.json", b: `s3://${OTHER_BUCKET}/elsewhere/b.json` };

    expect((await choose(context.store, chooserEvent(repo, inputs, { expressions: ["a.x + len(b) == 3"] }))).choice).toBe("a.x + len(b) == 3");
    const error = await failureOf(choose(context.store, chooserEvent(repo, inputs, { expressions: ["x == 1"] })));
    expect(error.name).toBe("ExpressionFailed");
  });

  it("returns a true parallel-branch condition's text", async () => {
    const repo = await context.repoWith({ job: { paired: true } });
    expect((await choose(context.store, chooserEvent(repo, {}, { expression: "job.paired" }))).choice).toBe("job.paired");
  });

  it("fails a false parallel-branch condition with an error named ConditionFailed", async () => {
    const repo = await context.repoWith({ job: { paired: false } });
    const error = await failureOf(choose(context.store, chooserEvent(repo, {}, { expression: "job.paired or 0" })));

    expect(error.name).toBe("ConditionFailed");
    expect(error.message).toBe(`step 'Pick': condition "job.paired or 0" is false, so its branch is skipped`);
  });

  it("fails an expression that cannot be evaluated with ExpressionFailed, naming the step and expression, never ConditionFailed", async () => {
    const repo = await context.repoWith({ job: {} });
    for (const condition of [{ expression: "job.missing > 1" }, { expressions: ["False", "job.missing > 1"] }]) {
      const error = await failureOf(choose(context.store, chooserEvent(repo, {}, condition)));
      expect(error.name).toBe("ExpressionFailed");
      expect(error.message).toContain(`cannot evaluate "job.missing > 1"`);
      expect(error.message).toMatch(/^step 'Pick', field '(if|choices\[1\]\.if)': /);
    }
    const syntax = await failureOf(choose(context.store, chooserEvent(repo, {}, { expression: "1 +" })));
    expect(syntax.name).toBe("ExpressionFailed");
    const forbidden = await failureOf(choose(context.store, chooserEvent(repo, {}, { expression: "().__class__" })));
    expect(forbidden.name).toBe("ExpressionFailed");
  });

  it("fails naming the step, input and file when an input file is missing or not JSON", async () => {
    const repo = await context.repoWith({});
    await context.put(`${repo.uri}/broken.json`, "{not json");

    const missing = await failureOf(choose(context.store, chooserEvent(repo, { qc: "qc.json" }, { expressions: ["True"] })));
    expect(missing.name).toBe("MissingFile");
    expect(missing.message).toBe(`step 'Pick', field 'inputs.qc': s3://${BUCKET}/${repo.prefix}/qc.json does not exist`);

    const broken = await failureOf(choose(context.store, chooserEvent(repo, { qc: "broken.json" }, { expressions: ["True"] })));
    expect(broken.name).toBe("BadJson");
    expect(broken.message).toMatch(new RegExp(`^step 'Pick', field 'inputs.qc': s3://${BUCKET}/${repo.prefix}/broken.json is not JSON: `));
  });
});
