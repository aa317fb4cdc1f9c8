import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { stepbatch } from "../../support/cli";

const BAD = `Repository: s3://bucket/x
Steps:
  - Align:
      commands: [echo hi]
      compute:
        memory: lots
  - Align:
      commands: [echo again]
`;

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stepbatch-cli-"));
  await writeFile(join(dir, name), text);
  return dir;
}

describe("stepbatch (no command)", () => {
  test("without arguments prints usage on stderr and exits 2", async () => {
    const r = await stepbatch([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: stepbatch <command>");
    expect(r.stderr).toMatch(/validate\s+check a workflow file/);
  });

  test("--help prints usage on stdout", async () => {
    const r = await stepbatch(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("compile");
  });

  test("--version prints the version", async () => {
    expect((await stepbatch(["--version"])).stdout).toBe("0.0.0-test\n");
  });

  test("an unknown command is a usage error", async () => {
    const r = await stepbatch(["deploy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stepbatch: unknown command 'deploy'");
  });

  test("each command has help", async () => {
    for (const command of ["validate", "compile", "graph", "schema"]) {
      const r = await stepbatch([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`stepbatch ${command}`);
    }
  });
});

describe("stepbatch validate", () => {
  test("a valid workflow gives a one-line summary", async () => {
    const r = await stepbatch(["validate", "examples/scatter/workflow.yaml"]);
    expect(r).toEqual({ code: 0, stdout: "examples/scatter/workflow.yaml: valid, 4 steps (3 batch, 1 scatter)\n", stderr: "" });
  });

  test("an invalid workflow prints every error with its position, and exits 2", async () => {
    const dir = await tempFile("wf.yaml", BAD);
    const r = await stepbatch(["validate", "wf.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      `wf.yaml:6:17: step 'Align', field 'compute.memory': expected a size like "4 Gb" (or a number of MiB), got "lots"`,
      "wf.yaml:7:5: step 'Align': step name 'Align' is already used at line 3 (in the top level); step names must be unique in the whole workflow",
      "wf.yaml: 2 errors",
      "",
    ]);
  });

  test("a missing file is a usage error, not a stack trace", async () => {
    const r = await stepbatch(["validate", "nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("stepbatch validate: nope.yaml: no such file\n");
  });

  test("--param must be NAME=VALUE", async () => {
    const r = await stepbatch(["validate", "examples/linear/workflow.yaml", "--param", "oops"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('stepbatch validate: --param expects NAME=VALUE, got "oops"\n');
  });

  test("--param sets a declared parameter", async () => {
    const r = await stepbatch(["validate", "examples/linear/workflow.yaml", "--param", "dataBucket=other"]);
    expect(r.code).toBe(0);
  });

  test("an unknown option names itself", async () => {
    const r = await stepbatch(["validate", "examples/linear/workflow.yaml", "--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frobnicate");
  });
});

describe("stepbatch compile", () => {
  test("--name is required and checked", async () => {
    expect((await stepbatch(["compile", "examples/linear/workflow.yaml"])).stderr).toContain("--name NAME is required");
    const r = await stepbatch(["compile", "examples/linear/workflow.yaml", "--name", "bad_name!"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--name must start with a letter and hold only letters, digits and '-' (at most 80), got "bad_name!"`);
  });

  test("--out writes the state machine and the template", async () => {
    const out = await mkdtemp(join(tmpdir(), "stepbatch-out-"));
    const r = await stepbatch(["compile", "examples/linear/workflow.yaml", "--name", "linear-demo", "--out", out]);
    expect(r.code).toBe(0);
    const asl = JSON.parse(await readFile(join(out, "statemachine.asl.json"), "utf8"));
    const template = JSON.parse(await readFile(join(out, "template.json"), "utf8"));
    expect(asl.StartAt).toBe("Initialize");
    expect(Object.keys(asl.States)).toEqual(expect.arrayContaining(["Initialize", "Count", "Report"]));
    expect(template.Resources.MainStateMachine.Type).toBe("AWS::StepFunctions::StateMachine");
    expect(template.Parameters).toEqual({ dataBucket: { Type: "String", Default: "stepbatch-demo" } });
  });

  test("without --out the template goes to stdout", async () => {
    const r = await stepbatch(["compile", "examples/scatter/workflow.yaml", "--name", "scatter-demo"]);
    expect(r.code).toBe(0);
    const template = JSON.parse(r.stdout);
    expect(Object.keys(template.Resources)).toEqual(expect.arrayContaining(["MakeConfigJobDef", "CountJobDef", "SummarizeJobDef"]));
  });

  test("--installation changes the installation the template points at", async () => {
    const r = await stepbatch(["compile", "examples/linear/workflow.yaml", "--name", "x", "--installation", "team-b"]);
    expect(r.stdout).toContain("team-b-initializer");
    expect(r.stdout).not.toContain("stepbatch-initializer");
  });

  test("an invalid workflow is not compiled", async () => {
    const dir = await tempFile("wf.yaml", BAD);
    const r = await stepbatch(["compile", "wf.yaml", "--name", "x", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("wf.yaml: 2 errors");
  });
});

describe("stepbatch graph", () => {
  test("draws Mermaid by default", async () => {
    const r = await stepbatch(["graph", "examples/linear/workflow.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("flowchart TD");
    expect(r.stdout).toContain("n_Count");
  });

  test("draws Graphviz with --format dot", async () => {
    const r = await stepbatch(["graph", "examples/branching/workflow.yaml", "--format", "dot"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph /);
  });

  test("refuses an unknown format", async () => {
    const r = await stepbatch(["graph", "examples/linear/workflow.yaml", "--format", "svg"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('stepbatch graph: --format must be one of mermaid, dot, got "svg"\n');
  });
});

describe("stepbatch schema", () => {
  test("prints a JSON Schema", async () => {
    const r = await stepbatch(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.definitions.step).toBeDefined();
  });
});

describe("stepbatch compile, template size", () => {
  test("says when the template needs an S3 bucket to deploy", async () => {
    const steps = Array.from({ length: 30 }, (_, i) => `  - Step${i}:\n      commands: [echo ${i}]\n`).join("");
    const dir = await tempFile("big.yaml", `Repository: s3://bucket/x\nSteps:\n${steps}`);
    const r = await stepbatch(["compile", "big.yaml", "--name", "big"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: the template is \d+ KB; deploy it with `aws cloudformation deploy --s3-bucket BUCKET`/);
  });

  test("stays quiet for a small workflow", async () => {
    const r = await stepbatch(["compile", "examples/linear/workflow.yaml", "--name", "small"]);
    expect(r.stderr).toBe("");
  });
});
