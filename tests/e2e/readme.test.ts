import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { stepbatch } from "../support/cli";
import { commandFolder } from "../support/commandFolder";

// The README promises that every command it shows runs as written.
const readme = await readFile("README.md", "utf8");
const commands = [...readme.matchAll(/node bin\/stepbatch\.mjs ([^\n&>`]+)/g)].map((m) => m[1].trim().split(/\s+/));

test("the README shows the install-and-run line and the test command first", () => {
  const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## Concepts"));
  expect(quickStart).toMatch(/npm install && .*node bin\/stepbatch\.mjs run examples\//);
  expect(quickStart).toContain("npm test");
});

test.each(commands.map((argv) => [argv.join(" "), argv]))("stepbatch %s", async (_, argv) => {
  const out = argv.indexOf("--out");
  const args = out >= 0 ? [...argv.slice(0, out), "--out", await mkdtemp(join(tmpdir(), "stepbatch-readme-"))] : argv;
  const result = await stepbatch(args as string[], { cwd: await commandFolder(argv as string[]) });
  expect(result.stderr.includes("error") ? result.stderr : "").toBe("");
  expect(result.code, result.stderr).toBe(0);
}, 120_000);
