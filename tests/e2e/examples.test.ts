import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseWorkflow } from "../../shared/spec";
import { compileWorkflow, settingsFromEnv } from "../../shared/compiler";
import { expectValidAsl } from "../support/asl";
import { stepbatch } from "../support/cli";
import { commandFolder } from "../support/commandFolder";

const EXAMPLES = (await readdir("examples", { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
const workflowFiles = async (example: string) =>
  (await readdir(join("examples", example))).filter((f) => f.endsWith(".yaml")).map((f) => join("examples", example, f));

test("there are examples of every kind the issue names", () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(["linear", "scatter", "branching"]));
});

describe.each(EXAMPLES)("examples/%s", (example) => {
  test("every workflow validates and compiles to a definition asl-validator accepts", async () => {
    for (const file of await workflowFiles(example)) {
      const parsed = parseWorkflow(await readFile(file, "utf8"), file);
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      const { stateMachine } = compileWorkflow(parsed.workflow, { name: `${example}-demo`, settings: settingsFromEnv({}) });
      expectValidAsl(stateMachine);
    }
  });

  test("has a job file that is a JSON object", async () => {
    const job = JSON.parse(await readFile(join("examples", example, "job.json"), "utf8"));
    expect(typeof job).toBe("object");
    expect(Array.isArray(job)).toBe(false);
  });

  test("its README shows the workflow's current graph", async () => {
    const readme = await readFile(join("examples", example, "README.md"), "utf8");
    const graph = await stepbatch(["graph", join("examples", example, "workflow.yaml")]);
    expect(graph.code).toBe(0);
    expect(readme).toContain(`\`\`\`mermaid\n${graph.stdout}\`\`\``);
  });

  test("the commands its README shows run", { timeout: 120_000 }, async () => {
    const readme = await readFile(join("examples", example, "README.md"), "utf8");
    const commands = [...readme.matchAll(/^node bin\/stepbatch\.mjs (.+)$/gm)].map((m) => m[1].split(" "));
    expect(commands.length).toBeGreaterThan(0);
    for (const argv of commands) {
      const out = argv.includes("--out") ? [...argv.slice(0, argv.indexOf("--out")), "--out", await mkdtemp(join(tmpdir(), "stepbatch-example-"))] : argv;
      const result = await stepbatch(out, { cwd: await commandFolder(argv) });
      expect(result.code, `${argv.join(" ")}\n${result.stderr}`).toBe(0);
    }
  });
});
