import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadWorkflows, subpipeNames, WorkflowProblems, type LoadedWorkflow } from "../../../local/catalog";
import { parse, tempFolder } from "./support/workflows";

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempFolder("catalog")));
afterEach(() => remove());

/** A workflow whose one step runs each named workflow as a subpipe (none: a single Pass step). */
function workflow(...subpipes: string[]): string {
  const steps = subpipes.length === 0 ? ["  - Done:\n      Type: Pass"] : subpipes.map((name, i) => `  - Run${i}:\n      subpipe: ${name}`);
  return `Repository: s3://bucket/runs/\${job.id}\nSteps:\n${steps.join("\n")}\n`;
}

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, text);
  return file;
}

const load = (main: string, file: string, files: Record<string, string> = {}) =>
  loadWorkflows({ main: { name: main, file, params: {} }, files, installation: "stepbatch" });

async function problemsOf(loading: Promise<unknown>): Promise<string[]> {
  const error = await loading.then(
    () => {
      throw new Error("expected WorkflowProblems");
    },
    (failure: unknown) => failure,
  );
  if (!(error instanceof WorkflowProblems)) throw error;
  expect(error.code).toBe("WorkflowProblems");
  expect(error.message).toBe(error.problems.join("\n"));
  return error.problems;
}

const files = (loaded: Map<string, LoadedWorkflow>) => Object.fromEntries([...loaded].map(([name, w]) => [name, w.file]));

describe("loadWorkflows", () => {
  it("loads the main workflow and a subpipe's workflow from NAME.yaml beside it, each prepared to run", async () => {
    const main = await write("main.yaml", workflow("child"));
    const child = await write("child.yaml", workflow());
    const loaded = await load("main", main);

    expect(files(loaded)).toEqual({ main, child });
    expect(loaded.get("main")!.local.tasks).toMatchObject({ Initialize: { kind: "lambda" }, Run0: { kind: "lambda", fn: "subpipes" }, "Run0.subpipe": { kind: "execution" } });
    expect(loaded.get("child")).toMatchObject({ name: "child", spec: { steps: [{ name: "Done", kind: "native" }] } });
    expect(loaded.get("child")!.local.tasks.Initialize).toEqual({ kind: "lambda", fn: "initializer" });
  });

  it("finds NAME.yml beside the parent, and prefers NAME.yaml where both are", async () => {
    const main = await write("main.yaml", workflow("short", "both"));
    const short = await write("short.yml", workflow());
    const both = await write("both.yaml", workflow());
    await write("both.yml", "not: a workflow\n");

    expect(files(await load("main", main))).toEqual({ main, short, both });
  });

  it("looks beside the workflow that names the subpipe, at any depth, not beside the main one", async () => {
    const main = await write("main.yaml", workflow("middle"));
    const middle = await write("nested/middle.yaml", workflow("leaf"));
    const leaf = await write("nested/leaf.yaml", workflow());
    await write("leaf.yaml", "not: a workflow\n");

    expect(files(await load("main", main, { middle }))).toEqual({ main, middle, leaf });
  });

  it("takes a subpipe's file from the files map (--workflow NAME=FILE) before one beside its parent", async () => {
    const main = await write("main.yaml", workflow("child"));
    await write("child.yaml", "not: a workflow\n");
    const elsewhere = await write("elsewhere/any-name.yaml", workflow());

    expect(files(await load("main", main, { child: elsewhere }))).toEqual({ main, child: elsewhere });
  });

  it("finds subpipes named by state machine ARN, and those inside scatters and parallel branches", async () => {
    const main = await write(
      "main.yaml",
      `Repository: s3://bucket/runs/\${job.id}
Steps:
  - ByArn:
      subpipe: arn:aws:states:us-east-1:123456789012:stateMachine:by-arn
  - Fan:
      scatter:
        n: \${job.items}
      steps:
        - Inner:
            subpipe: in-scatter
  - Split:
      branches:
        - steps:
            - Deeper:
                subpipe: in-branch
`,
    );
    for (const name of ["by-arn", "in-scatter", "in-branch"]) await write(`${name}.yaml`, workflow());

    expect(Object.keys(files(await load("main", main))).sort()).toEqual(["by-arn", "in-branch", "in-scatter", "main"]);
  });

  it("loads each workflow of a cycle once (A runs B, B runs A), and one that two workflows run once", async () => {
    const a = await write("a.yaml", workflow("b", "c"));
    const b = await write("b.yaml", workflow("a", "c"));
    const c = await write("c.yaml", workflow());
    const loaded = await load("a", a);

    expect([...loaded.keys()]).toEqual(["a", "b", "c"]);
    expect(files(loaded)).toEqual({ a, b, c });
  });

  it("names the files it looked for when a subpipe's workflow is nowhere", async () => {
    const main = await write("main.yaml", workflow("ghost"));
    const problems = await problemsOf(load("main", main));

    expect(problems).toEqual([`${main}: subpipe workflow 'ghost' not found: expected ghost.yaml or ghost.yml beside it, or --workflow ghost=FILE`]);
  });

  it("reports an invalid subpipe workflow with its own file, line and column", async () => {
    const main = await write("main.yaml", workflow("broken"));
    const broken = await write("broken.yaml", `Repository: s3://bucket/runs/\${job.id}\nSteps:\n  - Work:\n      commands: [echo hi]\n      ouputs: {out: out.txt}\n`);
    const problems = await problemsOf(load("main", main));

    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: step 'Work'`));
    expect(problems).toContainEqual(expect.stringContaining(`${broken}:5:7: step 'Work', field 'ouputs': unknown field; did you mean 'outputs'?`));
  });

  it("collects every problem of every workflow before failing: missing, invalid, unreadable and unrunnable ones", async () => {
    const main = await write("main.yaml", workflow("ghost", "broken", "relocated", "notify"));
    await write("broken.yaml", "Repository: s3://bucket/runs/x\n");
    await write(
      "notify.yaml",
      `Repository: s3://bucket/runs/\${job.id}\nSteps:\n  - Tell:\n      Type: Task\n      Resource: arn:aws:states:::sns:publish\n      Parameters: {TopicArn: t, Message: m}\n`,
    );
    const gone = join(dir, "moved-away.yaml");
    const problems = await problemsOf(load("main", main, { relocated: gone }));

    expect(problems).toContainEqual(expect.stringContaining("subpipe workflow 'ghost' not found"));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${join(dir, "broken.yaml")}:\\d+:\\d+: `)));
    expect(problems).toContainEqual(`${gone}: no such file`);
    expect(problems).toContainEqual(expect.stringContaining(`${join(dir, "notify.yaml")}: state 'Tell' calls arn:aws:states:::sns:publish`));
  });

  it("reports a main workflow file that does not exist", async () => {
    const missing = join(dir, "nope.yaml");

    expect(await problemsOf(load("nope", missing))).toEqual([`${missing}: no such file`]);
  });
});

describe("subpipeNames", () => {
  it("lists the workflows a block's subpipes start, by name, in order", () => {
    expect(subpipeNames(parse(workflow("x", "arn:aws:states:eu-west-1:123456789012:stateMachine:y:live")).steps)).toEqual(["x", "y"]);
  });
});
