// The malformed-workflow corpus: each file in tests/fixtures/bad-specs states, in its leading
// comments, every error the validator must report (exact text and position, in file order) and
// whether the JSON Schema rejects the file too. The file name passed to the validator is the
// fixture's bare name, so the expectations read like what `stepbatch validate` prints.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { formatSpecError, parseWorkflow, workflowSchema } from "../../../shared/spec/index";

const FIXTURES = fileURLToPath(new URL("../../fixtures/bad-specs/", import.meta.url));
/** The issue asks for a corpus of at least 40 malformed workflows. */
const MIN_FIXTURES = 40;

interface Fixture {
  file: string;
  text: string;
  expect: string[];
  schema: "accepts" | "rejects";
  params: Record<string, string>;
}

function readFixture(file: string): Fixture {
  const text = readFileSync(FIXTURES + file, "utf8");
  const header = (key: string) =>
    text
      .split("\n")
      .filter((line) => line.startsWith(`# ${key}: `))
      .map((line) => line.slice(`# ${key}: `.length));
  const [schema] = header("schema");
  if (schema !== "accepts" && schema !== "rejects") throw new Error(`${file}: needs a '# schema: accepts|rejects' line`);
  const params = Object.fromEntries(header("params").flatMap((line) => line.split(/\s+/).map((kv) => kv.split("=", 2) as [string, string])));
  return { file, text, expect: header("expect"), schema, params };
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map(readFixture);

const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(workflowSchema());

/** What an editor with the schema would say: a file YAML cannot read is rejected before the schema. */
function schemaVerdict(text: string): "accepts" | "rejects" {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return "rejects";
  return validateSchema(doc.toJS()) ? "accepts" : "rejects";
}

describe("bad-spec corpus", () => {
  it(`holds at least ${MIN_FIXTURES} workflows, each expecting at least one error`, () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(MIN_FIXTURES);
    expect(fixtures.filter((f) => f.expect.length === 0).map((f) => f.file)).toEqual([]);
  });

  it.each(fixtures)("$file: the validator reports exactly the expected errors", ({ file, text, expect: expected, params }) => {
    const result = parseWorkflow(text, file, { params });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map((e) => formatSpecError(e));
    expect(errors).toEqual(expected);
    // One line per error: no stack trace or code excerpt reaches the user.
    expect(errors.filter((e) => e.includes("\n"))).toEqual([]);
  });

  it.each(fixtures)("$file: the JSON Schema $schema the file", ({ text, schema }) => {
    expect(schemaVerdict(text)).toBe(schema);
  });
});
