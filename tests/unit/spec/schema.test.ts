// The JSON Schema that editors use and the validator must agree: every example workflow and every
// valid edge case of the language passes both.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { formatSpecError, parseWorkflow, workflowSchema } from "../../../shared/spec/index";

const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));

const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(EXAMPLES + d.name)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => ({ file: `examples/${d.name}/${f}`, text: readFileSync(`${EXAMPLES}${d.name}/${f}`, "utf8") })),
  );

function schemaErrors(text: string): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(workflowSchema());
  return validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function validatorErrors(text: string, file: string): string[] {
  const result = parseWorkflow(text, file);
  return result.ok ? [] : result.errors.map((e) => formatSpecError(e));
}

describe("workflowSchema", () => {
  it("is a valid draft-07 JSON Schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = workflowSchema();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("finds example workflows to check", () => {
    expect(examples.map((e) => e.file)).toEqual(
      expect.arrayContaining(["examples/linear/workflow.yaml", "examples/scatter/workflow.yaml", "examples/branching/workflow.yaml"]),
    );
  });

  it.each(examples)("$file is valid for the validator and the schema", ({ file, text }) => {
    expect(validatorErrors(text, file)).toEqual([]);
    expect(schemaErrors(text)).toEqual([]);
  });
});

const REPO = "s3://bucket/repo/${job.id}";

/** Valid workflows at the edges of the language; the validator and the schema both accept each. */
const edgeCases: Array<{ name: string; text: string }> = [
  {
    name: "legacy lower-case top-level keys",
    text: `
transform: BC2_Compiler
repository: s3://\${bucket}/repo/\${job.id}
parameters:
  bucket:
    Type: String
    Default: my-bucket
options:
  shell: bash
steps:
  - Hello:
      commands: echo hello
`,
  },
  {
    name: "list-form inputs, outputs and references",
    text: `
Repository: ${REPO}
Steps:
  - Merge:
      inputs:
        - left: a.txt
        - right?: b.txt
      references:
        - genome: s3://refs/hg38.fa
      commands: cat \${left} > \${merged}
      outputs:
        - merged: merged.txt
        - log: merge.log
`,
  },
  {
    name: "Steps as a single mapping of several steps",
    text: `
Repository: ${REPO}
Steps:
  First:
    commands: echo one
  Second:
    commands: echo two
`,
  },
  {
    name: "image longhand with auth",
    text: `
Repository: ${REPO}
Steps:
  - Private:
      image:
        name: registry.example.com/team/tool:1.0
        auth: registry-creds
      commands: tool --version
`,
  },
  {
    name: "image shorthand with +auth as a block scalar",
    text: `
Repository: ${REPO}
Steps:
  - Private:
      image: |
        registry.example.com/team/tool:1.0
          +auth: registry-creds
      commands: tool --version
`,
  },
  {
    name: "outputs longhand with dest and tags",
    text: `
Repository: ${REPO}
Steps:
  - Report:
      commands: echo done > report.html
      outputs:
        report:
          name: logs/report.html
          dest: s3://reports/demo/
          s3_tags:
            retention: short
            version: 2
`,
  },
  {
    name: 'gpu "all", memory as a number of MiB, custom queue and consumables',
    text: `
Repository: ${REPO}
Steps:
  - Train:
      commands: python train.py
      compute:
        cpus: 8
        memory: 16384
        gpu: all
        spot: false
        queue_name: gpu-queue
        consumes:
          licences: 2
`,
  },
  {
    name: "native Parallel with Branches of stepbatch steps",
    text: `
Repository: ${REPO}
Steps:
  - Fork:
      Type: Parallel
      Branches:
        - steps:
            - Left:
                commands: echo left
        - steps:
            - Right:
                Type: Wait
                Seconds: 5
  - Done:
      Type: Succeed
`,
  },
  {
    name: "scatter with a list source, a count tolerance and digit-string concurrency",
    text: `
Repository: ${REPO}
Steps:
  - PerItem:
      scatter:
        item: [a, 2, true]
        chunk: "@chunks.txt"
      max_concurrency: "5"
      error_tolerance: 2
      steps:
        - Echo:
            commands: echo \${scatter.item}
            outputs:
              out: out.txt
      outputs:
        out: out.txt
`,
  },
  {
    name: "subpipe with job data, retrieve and submit",
    text: `
Repository: ${REPO}
Steps:
  - Child:
      subpipe: child-workflow
      job_data: child.json
      retrieve:
        - result.txt -> parent_result.txt
        - log.txt
      submit: input.txt
`,
  },
  {
    name: "chooser and parallel chooser with and without conditions",
    text: `
Repository: ${REPO}
Steps:
  - Route:
      inputs:
        stats: stats.json
      choices:
        - if: stats.depth < 10
          next: Done
  - Fork:
      branches:
        - if: job.kind == 'paired'
          steps:
            - Pair:
                commands: echo paired
        - steps:
            - Always:
                Type: Pass
  - Done:
      Type: Succeed
`,
  },
  {
    name: "qc_check as a list, filesystems as one mapping, retry and timeout as numbers",
    text: `
Repository: ${REPO}
Steps:
  - Check:
      commands: ./check.sh
      filesystems:
        efs_id: fs-12ab34cd
        host_path: /mnt/shared
      qc_check:
        - qc_result_file: qc.json
          stop_early_if: n < 1
        - qc_result_file: qc2.json
          stop_early_if: [x > 2, y == 'bad']
      retry:
        attempts: 0
        interval: 10
        backoff_rate: 2
      timeout: 120
`,
  },
];

describe("valid edge cases", () => {
  it.each(edgeCases)("$name: the validator accepts it", ({ text }) => {
    expect(validatorErrors(text, "edge.yaml")).toEqual([]);
  });

  it.each(edgeCases)("$name: the schema accepts it", ({ text }) => {
    expect(schemaErrors(text)).toEqual([]);
  });
});
