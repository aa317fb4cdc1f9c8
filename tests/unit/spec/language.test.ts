// The workflow language on valid input: each step kind and each language feature, checked on the
// normalised model that the compiler, the graph and the local engine consume (defaults filled in).

import { describe, expect, it } from "vitest";
import {
  formatSpecError,
  parseWorkflow,
  type BatchStep,
  type ChooserStep,
  type NativeStep,
  type ParallelStep,
  type ScatterStep,
  type Step,
  type SubpipeStep,
  type Workflow,
} from "../../../shared/spec/index";

const FILE = "wf.yaml";
const REPO = "s3://bucket/repo/${job.id}";

/** Parses a workflow that must be valid; a failure shows the validator's own messages. */
function parseOk(text: string, params?: Record<string, string>): Workflow {
  const result = parseWorkflow(text, FILE, { params });
  if (!result.ok) expect.fail(result.errors.map((e) => formatSpecError(e)).join("\n"));
  return result.workflow;
}

/** A workflow whose Steps block is `steps` (indented by the caller as list items). */
function withSteps(steps: string, head = ""): string {
  return `Repository: ${REPO}\n${head}Steps:\n${steps}`;
}

function only<T extends Step>(text: string, params?: Record<string, string>): T {
  const { steps } = parseOk(text, params);
  expect(steps).toHaveLength(1);
  return steps[0] as T;
}

function batchStep(fields: string, head = ""): BatchStep {
  const step = only<BatchStep>(withSteps(`  - Job:\n${indent(fields, 6)}`, head));
  expect(step.kind).toBe("batch");
  return step;
}

function indent(text: string, spaces: number): string {
  return text
    .trim()
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");
}

const nextOf = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.name, s.next]));

describe("batch step", () => {
  it("fills every default", () => {
    const step = only<BatchStep>(withSteps("  - Hello:\n      commands: echo hello\n"));
    expect(step).toEqual({
      kind: "batch",
      name: "Hello",
      next: null,
      at: { file: FILE, line: 3, col: 5 },
      image: { name: "public.ecr.aws/ubuntu/ubuntu:latest" },
      inputs: null,
      references: {},
      commands: ["echo hello"],
      outputs: [],
      s3Tags: {},
      jobTags: {},
      skip: "none",
      compute: { cpus: 1, memoryMiB: 1024, gpu: 0, spot: true, shell: "sh", consumes: {} },
      filesystems: [],
      qcCheck: [],
      retry: { attempts: 3, intervalSeconds: 3, backoffRate: 1.5 },
    });
  });

  it("reads commands as a list, a one-line string or one multi-line script", () => {
    expect(batchStep("commands:\n  - echo one\n  - echo two").commands).toEqual(["echo one", "echo two"]);
    expect(batchStep("commands: echo one").commands).toEqual(["echo one"]);
    expect(batchStep("commands: |\n  echo one\n  echo two").commands).toEqual(["echo one\necho two\n"]);
  });

  describe("image", () => {
    it("keeps a plain name as written", () => {
      expect(batchStep("image: docker.io/library/ubuntu:22.04\ncommands: run").image).toEqual({ name: "docker.io/library/ubuntu:22.04" });
    });

    it("splits the +auth shorthand, on one line or in a block scalar", () => {
      expect(batchStep('image: "registry.example.com/tool:1 +auth: creds"\ncommands: run').image).toEqual({
        name: "registry.example.com/tool:1",
        auth: "creds",
      });
      expect(batchStep("image: |\n  registry.example.com/tool:1\n    +auth: arn:aws:secretsmanager:us-east-1:123456789012:secret:creds\ncommands: run").image).toEqual({
        name: "registry.example.com/tool:1",
        auth: "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds",
      });
    });

    it("reads the longhand mapping", () => {
      expect(batchStep("image:\n  name: tool:1\n  auth: creds\ncommands: run").image).toEqual({ name: "tool:1", auth: "creds" });
      expect(batchStep("image:\n  name: tool:1\ncommands: run").image).toEqual({ name: "tool:1" });
    });
  });

  describe("compute", () => {
    it.each([
      ['"4 Gb"', 4096],
      ["4G", 4096],
      ['"512 Mb"', 512],
      ["9.1M", 10],
      ["16384", 16384],
      ["1500.5", 1501],
    ])("memory %s is %i MiB", (written, mib) => {
      expect(batchStep(`commands: run\ncompute:\n  memory: ${written}`).compute.memoryMiB).toBe(mib);
    });

    it("reads cpus, gpu, spot, queue and consumable resources", () => {
      const step = batchStep("commands: run\ncompute:\n  cpus: 8\n  gpu: 2\n  spot: false\n  queue_name: big-queue\n  consumes:\n    licences: 3");
      expect(step.compute).toEqual({ cpus: 8, memoryMiB: 1024, gpu: 2, spot: false, queueName: "big-queue", shell: "sh", consumes: { licences: 3 } });
    });

    it('accepts gpu "all"', () => {
      expect(batchStep("commands: run\ncompute:\n  gpu: all").compute.gpu).toBe("all");
    });

    it("takes the shell from Options unless the step gives its own", () => {
      const options = "Options:\n  shell: bash\n";
      expect(batchStep("commands: run", options).compute.shell).toBe("bash");
      expect(batchStep("commands: run\ncompute:\n  shell: sh-pipefail", options).compute.shell).toBe("sh-pipefail");
    });
  });

  it("takes the task role from Options unless the step gives its own", () => {
    const options = "Options:\n  task_role: arn:aws:iam::123456789012:role/workflow\n";
    expect(batchStep("commands: run", options).taskRole).toBe("arn:aws:iam::123456789012:role/workflow");
    expect(batchStep("commands: run\ntask_role: arn:aws:iam::123456789012:role/step", options).taskRole).toBe("arn:aws:iam::123456789012:role/step");
    expect(batchStep("commands: run")).not.toHaveProperty("taskRole");
  });

  describe("retry and timeout", () => {
    it("reads the retry policy", () => {
      expect(batchStep("commands: run\nretry:\n  attempts: 0\n  interval: 2m\n  backoff_rate: 2").retry).toEqual({ attempts: 0, intervalSeconds: 120, backoffRate: 2 });
      expect(batchStep("commands: run\nretry:\n  interval: 10").retry).toEqual({ attempts: 3, intervalSeconds: 10, backoffRate: 1.5 });
    });

    it("raises a backoff rate under 1 to 1", () => {
      expect(batchStep("commands: run\nretry:\n  backoff_rate: 0.5").retry.backoffRate).toBe(1);
    });

    it.each([
      ["2h", 7200],
      ['"5 m"', 300],
      ["1d", 86_400],
      ["90", 90],
      ["30s", 60],
      ["0", 60],
    ])("timeout %s is %i seconds (at least 60)", (written, seconds) => {
      expect(batchStep(`commands: run\ntimeout: ${written}`).timeoutSeconds).toBe(seconds);
    });

    it("has no timeout unless one is given", () => {
      expect(batchStep("commands: run")).not.toHaveProperty("timeoutSeconds");
    });
  });

  describe("skip modes", () => {
    it.each([
      ["skip_on_rerun: true", "rerun"],
      ["skip_on_rerun: false", "none"],
      ["skip_if_output_exists: true", "output"],
      ["skip_if_output_exists: false", "none"],
    ])("%s gives %s", (written, mode) => {
      expect(batchStep(`commands: run\noutputs:\n  out: out.txt\n${written}`).skip).toBe(mode);
    });
  });

  describe("inputs", () => {
    it("leaves auto-inputs (null) when inputs is absent, and none ([]) for inputs: {}", () => {
      expect(batchStep("commands: run").inputs).toBeNull();
      expect(batchStep("inputs: {}\ncommands: run").inputs).toEqual([]);
    });

    it("strips the optional marker '?' from the name", () => {
      expect(batchStep("inputs:\n  reads: ${job.reads}\n  notes?: notes.txt\n  all: s3://raw/run1/*.fq\ncommands: run").inputs).toEqual([
        { name: "reads", path: "${job.reads}", optional: false },
        { name: "notes", path: "notes.txt", optional: true },
        { name: "all", path: "s3://raw/run1/*.fq", optional: false },
      ]);
    });

    it("merges the list form in order", () => {
      expect(batchStep("inputs:\n  - b: b.txt\n  - a?: a.txt\ncommands: run").inputs).toEqual([
        { name: "b", path: "b.txt", optional: false },
        { name: "a", path: "a.txt", optional: true },
      ]);
    });

    it("reads references, as a mapping or a list", () => {
      expect(batchStep("references:\n  genome: s3://refs/hg38.fa\ncommands: run").references).toEqual({ genome: "s3://refs/hg38.fa" });
      expect(batchStep("references:\n  - genome: s3://refs/hg38.fa\n  - index: s3://refs/hg38.fai\ncommands: run").references).toEqual({
        genome: "s3://refs/hg38.fa",
        index: "s3://refs/hg38.fai",
      });
    });
  });

  describe("outputs", () => {
    it("reads the shorthand: path, optional dest, optional tags", () => {
      const step = batchStep(
        [
          "commands: run",
          "outputs:",
          "  plain: out.txt",
          "  nested: logs/**/*.log",
          "  moved: report.html -> s3://reports/demo/",
          '  tagged: "qc.json +retention: short +owner: lab"',
          "  both: |",
          "    logs/report-${job.id}.html -> s3://reports/demo/",
          "      +retention: long",
        ].join("\n"),
      );
      expect(step.outputs).toEqual([
        { name: "plain", path: "out.txt", s3Tags: {} },
        { name: "nested", path: "logs/**/*.log", s3Tags: {} },
        { name: "moved", path: "report.html", dest: "s3://reports/demo/", s3Tags: {} },
        { name: "tagged", path: "qc.json", s3Tags: { retention: "short", owner: "lab" } },
        { name: "both", path: "logs/report-${job.id}.html", dest: "s3://reports/demo/", s3Tags: { retention: "long" } },
      ]);
    });

    it("reads the longhand mapping", () => {
      const step = batchStep("commands: run\noutputs:\n  report:\n    name: logs/report.html\n    dest: s3://reports/demo/\n    s3_tags:\n      version: 2\n  log:\n    name: run.log");
      expect(step.outputs).toEqual([
        { name: "report", path: "logs/report.html", dest: "s3://reports/demo/", s3Tags: { version: "2" } },
        { name: "log", path: "run.log", s3Tags: {} },
      ]);
    });

    it("merges the list form in order", () => {
      expect(batchStep("commands: run\noutputs:\n  - b: b.txt\n  - a: a.txt").outputs).toEqual([
        { name: "b", path: "b.txt", s3Tags: {} },
        { name: "a", path: "a.txt", s3Tags: {} },
      ]);
    });
  });

  it("keeps step-level tags apart from the workflow's, with values as strings", () => {
    const wf = parseOk(
      withSteps("  - Job:\n      commands: run\n      s3_tags:\n        stage: 1\n      job_tags:\n        cost_centre: 42\n        urgent: true\n", "Options:\n  s3_tags:\n    project: demo\n  job_tags:\n    team: bio\n"),
    );
    expect(wf.options).toEqual({ shell: "sh", s3Tags: { project: "demo" }, jobTags: { team: "bio" } });
    const step = wf.steps[0] as BatchStep;
    expect(step.s3Tags).toEqual({ stage: "1" });
    expect(step.jobTags).toEqual({ cost_centre: "42", urgent: "true" });
  });

  it("reads filesystems as one mapping or a list, root_dir defaulting to /", () => {
    expect(batchStep("commands: run\nfilesystems:\n  efs_id: fs-12ab\n  host_path: /mnt/a").filesystems).toEqual([{ efsId: "fs-12ab", hostPath: "/mnt/a", rootDir: "/" }]);
    expect(batchStep("commands: run\nfilesystems:\n  - efs_id: fs-1\n    host_path: /mnt/a\n    root_dir: /data\n  - efs_id: fs-2\n    host_path: /mnt/b").filesystems).toEqual([
      { efsId: "fs-1", hostPath: "/mnt/a", rootDir: "/data" },
      { efsId: "fs-2", hostPath: "/mnt/b", rootDir: "/" },
    ]);
  });

  it("reads qc_check as one mapping or a list, stop_early_if as one expression or a list", () => {
    expect(batchStep("commands: run\nqc_check:\n  qc_result_file: qc.json\n  stop_early_if: n < 1").qcCheck).toEqual([{ qcResultFile: "qc.json", stopEarlyIf: ["n < 1"] }]);
    expect(batchStep("commands: run\nqc_check:\n  - qc_result_file: a.json\n    stop_early_if:\n      - n < 1\n      - \"bad in flags\"\n  - qc_result_file: b.json\n    stop_early_if: ok == False").qcCheck).toEqual([
      { qcResultFile: "a.json", stopEarlyIf: ["n < 1", "bad in flags"] },
      { qcResultFile: "b.json", stopEarlyIf: ["ok == False"] },
    ]);
  });
});

describe("top level", () => {
  it("strips trailing slashes from the repository and fills Options defaults", () => {
    const wf = parseOk("Repository: s3://bucket/repo/${job.id}//\nSteps:\n  - A:\n      commands: run\n");
    expect(wf.repository).toBe("s3://bucket/repo/${job.id}");
    expect(wf.options).toEqual({ shell: "sh", s3Tags: {}, jobTags: {} });
    expect(wf.parameters).toEqual({});
  });

  it("ignores Transform and the deprecated Options.versioned", () => {
    const wf = parseOk(`Transform: BC2_Compiler\nRepository: ${REPO}\nOptions:\n  versioned: "true"\nSteps:\n  - A:\n      commands: run\n`);
    expect(wf.options).toEqual({ shell: "sh", s3Tags: {}, jobTags: {} });
  });

  it("reads legacy lower-case top-level keys as their capitalised forms", () => {
    const body = (keys: [string, string, string, string]) =>
      `${keys[0]}: s3://\${bucket}/r/\${job.id}\n${keys[1]}:\n  bucket:\n    Type: String\n    Default: b1\n${keys[2]}:\n  shell: bash\n${keys[3]}:\n  - A:\n      commands: run\n`;
    const legacy = parseOk(body(["repository", "parameters", "options", "steps"]));
    const current = parseOk(body(["Repository", "Parameters", "Options", "Steps"]));
    expect(legacy).toEqual(current);
    expect(legacy.repository).toBe("s3://b1/r/${job.id}");
    expect(legacy.options.shell).toBe("bash");
  });

  it("accepts Steps as one mapping of several steps, in order", () => {
    const wf = parseOk(`Repository: ${REPO}\nSteps:\n  First:\n    commands: echo 1\n  Second:\n    commands: echo 2\n`);
    expect(wf.steps.map((s) => s.name)).toEqual(["First", "Second"]);
    expect(nextOf(wf.steps)).toEqual({ First: "Second", Second: null });
  });
});

describe("parameters", () => {
  const text = [
    "Repository: s3://${dataBucket}/repo/${job.id}",
    "Parameters:",
    "  dataBucket:",
    "    Type: String",
    "    Default: my-bucket",
    "  toolTag:",
    "    Type: String",
    '    Default: "1.4"',
    "    AllowedValues: ['1.4', '2.0']",
    "Steps:",
    "  - Job:",
    "      image: registry.example.com/tool:${toolTag}",
    "      commands: echo ${dataBucket} ${job.x} ${scatter.y} ${HOME} ${my_var} ${undeclared}",
  ].join("\n");

  it("substitutes Defaults everywhere and leaves every other ${...} alone", () => {
    const wf = parseOk(text);
    expect(wf.repository).toBe("s3://my-bucket/repo/${job.id}");
    const step = wf.steps[0] as BatchStep;
    expect(step.image.name).toBe("registry.example.com/tool:1.4");
    expect(step.commands).toEqual(["echo my-bucket ${job.x} ${scatter.y} ${HOME} ${my_var} ${undeclared}"]);
  });

  it("lets --param values override Defaults", () => {
    const wf = parseOk(text, { toolTag: "2.0", dataBucket: "other" });
    expect(wf.repository).toBe("s3://other/repo/${job.id}");
    expect((wf.steps[0] as BatchStep).image.name).toBe("registry.example.com/tool:2.0");
  });

  it("gives a parameter without Default its --param value", () => {
    const wf = parseOk("Repository: s3://${b}/r\nParameters:\n  b:\n    Type: String\nSteps:\n  - A:\n      commands: run\n", { b: "given" });
    expect(wf.repository).toBe("s3://given/r");
  });

  it("passes the Parameters block through verbatim", () => {
    expect(parseOk(text).parameters).toEqual({
      dataBucket: { Type: "String", Default: "my-bucket" },
      toolTag: { Type: "String", Default: "1.4", AllowedValues: ["1.4", "2.0"] },
    });
  });
});

describe("scatter step", () => {
  const text = withSteps(
    [
      "  - PerSample:",
      "      scatter:",
      "        sample: ${job.samples}",
      "        item: [a, 2, true]",
      '        lines: "@list.txt:$.items[*]"',
      "        chunk: s3://raw/run/chunk_*.fq",
      "      inputs:",
      "        config: config.json",
      "      max_concurrency: 4",
      "      error_tolerance: 10%",
      "      steps:",
      "        - Count:",
      "            commands: wc -l ${scatter.chunk}",
      "            outputs:",
      "              counts: counts.txt",
      "        - Check:",
      "            commands: cat ${counts}",
      "      outputs:",
      "        counts: counts.txt",
      "  - Summarize:",
      "      commands: cat ${manifest}",
    ].join("\n"),
  );

  it("reads sources, inputs, outputs, limits and its own block of steps", () => {
    const [scatter] = parseOk(text).steps as [ScatterStep];
    expect(scatter).toMatchObject({
      kind: "scatter",
      name: "PerSample",
      next: "Summarize",
      scatter: { sample: "${job.samples}", item: ["a", 2, true], lines: "@list.txt:$.items[*]", chunk: "s3://raw/run/chunk_*.fq" },
      inputs: { config: "config.json" },
      outputs: { counts: "counts.txt" },
      maxConcurrency: 4,
      errorTolerance: { percent: 10 },
    });
    expect(Object.keys(scatter.scatter)).toEqual(["sample", "item", "lines", "chunk"]);
    expect(scatter.steps.map((s) => s.kind)).toEqual(["batch", "batch"]);
    expect(nextOf(scatter.steps)).toEqual({ Count: "Check", Check: null });
  });

  it("fills defaults: auto-inputs, no outputs, no concurrency limit, no failures tolerated", () => {
    const scatter = only<ScatterStep>(withSteps("  - Each:\n      scatter:\n        x: [1]\n      steps:\n        - A:\n            commands: run\n"));
    expect(scatter).toMatchObject({ inputs: null, outputs: {}, maxConcurrency: 0, errorTolerance: { count: 0 }, next: null });
  });

  it.each([
    ["3", { count: 3 }],
    ["0", { count: 0 }],
    ["0%", { percent: 0 }],
    ["007%", { percent: 7 }],
    ["100%", { percent: 100 }],
  ])("error_tolerance %s is %o", (written, tolerance) => {
    const scatter = only<ScatterStep>(withSteps(`  - Each:\n      scatter:\n        x: [1]\n      error_tolerance: ${written}\n      steps:\n        - A:\n            commands: run\n`));
    expect(scatter.errorTolerance).toEqual(tolerance);
  });

  it("accepts max_concurrency as a digit string", () => {
    const scatter = only<ScatterStep>(withSteps('  - Each:\n      scatter:\n        x: [1]\n      max_concurrency: "5"\n      steps:\n        - A:\n            commands: run\n'));
    expect(scatter.maxConcurrency).toBe(5);
  });
});

describe("subpipe step", () => {
  it("reads copy specs with and without a new name", () => {
    const step = only<SubpipeStep>(
      withSteps("  - Child:\n      subpipe: child-workflow\n      job_data: child.json\n      retrieve:\n        - result.txt -> fast_${job.id}.txt\n        - log.txt\n      submit: input.txt\n"),
    );
    expect(step).toEqual({
      kind: "subpipe",
      name: "Child",
      next: null,
      at: { file: FILE, line: 3, col: 5 },
      subpipe: "child-workflow",
      jobData: "child.json",
      retrieve: [
        { from: "result.txt", to: "fast_${job.id}.txt" },
        { from: "log.txt", to: "log.txt" },
      ],
      submit: [{ from: "input.txt", to: "input.txt" }],
    });
  });

  it("accepts a state machine ARN and defaults to no copies and the parent's job data", () => {
    const arn = "arn:aws:states:us-east-1:123456789012:stateMachine:child";
    const step = only<SubpipeStep>(withSteps(`  - Child:\n      subpipe: ${arn}\n`));
    expect(step).toMatchObject({ subpipe: arn, retrieve: [], submit: [] });
    expect(step).not.toHaveProperty("jobData");
  });
});

describe("chooser step", () => {
  const text = withSteps(
    [
      "  - Route:",
      "      inputs:",
      "        stats: stats.json",
      "      choices:",
      "        - if: stats.depth < 10",
      "          next: Shallow",
      "        - if: job.mode == 'fast'",
      "          next: Fast",
      "  - Deep:",
      "      commands: echo deep",
      "      end: true",
      "  - Shallow:",
      "      Type: Fail",
      "  - Fast:",
      "      commands: echo fast",
    ].join("\n"),
  );

  it("reads choices in order and falls through to the following step", () => {
    const [route] = parseOk(text).steps as [ChooserStep];
    expect(route).toEqual({
      kind: "chooser",
      name: "Route",
      next: "Deep",
      at: { file: FILE, line: 3, col: 5 },
      inputs: { stats: "stats.json" },
      choices: [
        { if: "stats.depth < 10", next: "Shallow" },
        { if: "job.mode == 'fast'", next: "Fast" },
      ],
    });
  });

  it("falls through to its explicit next, and defaults to no inputs", () => {
    const wf = parseOk(withSteps("  - Route:\n      choices:\n        - if: job.x > 1\n          next: B\n      next: C\n  - B:\n      Type: Succeed\n  - C:\n      Type: Succeed\n"));
    expect(wf.steps[0]).toMatchObject({ kind: "chooser", next: "C", inputs: {} });
  });
});

describe("parallel step", () => {
  it("reads branches with and without conditions, each with its own block", () => {
    const wf = parseOk(
      withSteps(
        [
          "  - Fork:",
          "      inputs:",
          "        stats: stats.json",
          "      branches:",
          "        - if: stats.kind == 'paired'",
          "          steps:",
          "            - Pair:",
          "                commands: echo paired",
          "            - PairDone:",
          "                Type: Pass",
          "        - steps:",
          "            - Always:",
          "                Type: Wait",
          "                Seconds: 5",
          "  - Finish:",
          "      Type: Succeed",
        ].join("\n"),
      ),
    );
    const fork = wf.steps[0] as ParallelStep;
    expect(fork).toMatchObject({ kind: "parallel", name: "Fork", next: "Finish", inputs: { stats: "stats.json" } });
    expect(fork.branches).toHaveLength(2);
    expect(fork.branches[0].if).toBe("stats.kind == 'paired'");
    expect(fork.branches[1]).not.toHaveProperty("if");
    expect(nextOf(fork.branches[0].steps)).toEqual({ Pair: "PairDone", PairDone: null });
    expect(fork.branches[1].steps.map((s) => s.name)).toEqual(["Always"]);
  });
});

describe("native step", () => {
  it("keeps the ASL fields as written, without Next or End", () => {
    const wf = parseOk(
      withSteps(
        [
          "  - Pause:",
          "      Type: Wait",
          "      Seconds: 5",
          "      Comment: settle",
          "      Next: Done",
          "  - Skipped:",
          "      Type: Pass",
          "      Result: {a: 1}",
          "      End: true",
          "  - Done:",
          "      Type: Task",
          "      Resource: arn:aws:states:::lambda:invoke",
          "      Parameters:",
          "        FunctionName: f",
          "        Payload.$: $",
        ].join("\n"),
      ),
    );
    const [pause, skipped, done] = wf.steps as NativeStep[];
    expect(pause).toEqual({ kind: "native", name: "Pause", next: "Done", at: { file: FILE, line: 3, col: 5 }, type: "Wait", body: { Type: "Wait", Seconds: 5, Comment: "settle" } });
    expect(skipped).toMatchObject({ type: "Pass", next: null, body: { Type: "Pass", Result: { a: 1 } } });
    expect(done).toMatchObject({ type: "Task", next: null, body: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f", "Payload.$": "$" } } });
  });

  it("makes Succeed and Fail terminal wherever they are", () => {
    const wf = parseOk(withSteps("  - Stop:\n      Type: Fail\n      Error: Bad\n      Cause: why\n  - Ok:\n      Type: Succeed\n  - After:\n      commands: run\n"));
    expect(nextOf(wf.steps)).toEqual({ Stop: null, Ok: null, After: null });
    expect((wf.steps[0] as NativeStep).body).toEqual({ Type: "Fail", Error: "Bad", Cause: "why" });
  });

  it("reads a Parallel step's Branches as stepbatch blocks, outside the body", () => {
    const wf = parseOk(
      withSteps("  - Fork:\n      Type: Parallel\n      Branches:\n        - steps:\n            - L1:\n                commands: run\n            - L2:\n                commands: run\n        - steps:\n            - R:\n                Type: Pass\n  - Done:\n      Type: Succeed\n"),
    );
    const fork = wf.steps[0] as NativeStep;
    expect(fork).toMatchObject({ kind: "native", type: "Parallel", next: "Done", body: { Type: "Parallel" } });
    expect(fork.branches?.map(nextOf)).toEqual([{ L1: "L2", L2: null }, { R: null }]);
  });

  it("accepts lower-case next and end too", () => {
    const wf = parseOk(withSteps("  - A:\n      Type: Pass\n      next: C\n  - B:\n      Type: Pass\n      end: true\n  - C:\n      Type: Pass\n"));
    expect(nextOf(wf.steps)).toEqual({ A: "C", B: null, C: null });
    expect((wf.steps[0] as NativeStep).body).toEqual({ Type: "Pass" });
  });
});

describe("flow", () => {
  it("resolves each step's successor: the following step, an explicit next (also backwards), end, or the end of the block", () => {
    const wf = parseOk(
      withSteps(
        [
          "  - A:",
          "      commands: run",
          "  - B:",
          "      commands: run",
          "      next: D",
          "  - C:",
          "      commands: run",
          "      end: true",
          "  - D:",
          "      commands: run",
          "      next: C",
          "  - E:",
          "      scatter:",
          "        x: [1]",
          "      steps:",
          "        - E1:",
          "            commands: run",
          "        - E2:",
          "            commands: run",
          "            next: E1",
          "  - F:",
          "      commands: run",
        ].join("\n"),
      ),
    );
    expect(nextOf(wf.steps)).toEqual({ A: "B", B: "D", C: null, D: "C", E: "F", F: null });
    expect(nextOf((wf.steps[4] as ScatterStep).steps)).toEqual({ E1: "E2", E2: "E1" });
  });

  it("records where each step's name is written", () => {
    const wf = parseOk(withSteps("  - A:\n      commands: run\n\n  - B:\n      scatter:\n        x: [1]\n      steps:\n        - Inner:\n            commands: run\n"));
    expect(wf.steps.map((s) => s.at)).toEqual([
      { file: FILE, line: 3, col: 5 },
      { file: FILE, line: 6, col: 5 },
    ]);
    expect((wf.steps[1] as ScatterStep).steps[0].at).toEqual({ file: FILE, line: 10, col: 11 });
  });
});
