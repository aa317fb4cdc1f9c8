import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../../runner-image/src/args";
import { RunnerError } from "../../../runner-image/src/errors";

/** What a compiled job definition passes, after Batch replaced each Ref:: with the job's parameter. */
const BATCH_ARGV = [
  "--commands", '["echo ${job.x} > out.txt"]',
  "--references", '{"genome":"s3://refs/hg38.fa"}',
  "--inputs", '{"reads":"reads.fq","extra?":"extra.txt"}',
  "--skip", "rerun",
  "--image", '{"name":"123456789012.dkr.ecr.us-east-1.amazonaws.com/tools:1","auth":"reg-secret"}',
  "--outputs", '{"out":{"path":"out.txt","dest":"s3://other/folder/","s3Tags":{"kind":"result"}}}',
  "--qc", '[{"qcResultFile":"qc.json","stopEarlyIf":["reads < 10"]}]',
  "--repo", "s3://bucket/runs/sample1/",
  "--shell", "bash",
  "--tags", '{"project":"p1"}',
];

function parseError(argv: string[]): RunnerError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe("BadArgument");
    return error as RunnerError;
  }
  throw new Error("expected a BadArgument error");
}

describe("parseCommandLine", () => {
  it("reads every argument of the compiled command line", () => {
    expect(parseCommandLine(BATCH_ARGV)).toEqual({
      kind: "run",
      args: {
        commands: ["echo ${job.x} > out.txt"],
        references: { genome: "s3://refs/hg38.fa" },
        inputs: { reads: "reads.fq", "extra?": "extra.txt" },
        skip: "rerun",
        image: { name: "123456789012.dkr.ecr.us-east-1.amazonaws.com/tools:1", auth: "reg-secret" },
        outputs: { out: { path: "out.txt", dest: "s3://other/folder/", s3Tags: { kind: "result" } } },
        qc: [{ qcResultFile: "qc.json", stopEarlyIf: ["reads < 10"] }],
        repo: { bucket: "bucket", prefix: "runs/sample1", uri: "s3://bucket/runs/sample1" },
        shell: "bash",
        tags: { project: "p1" },
      },
    });
  });

  it("takes --flag=value too, and fills in the optional flags' defaults", () => {
    const parsed = parseCommandLine(["--commands=[\"true\"]", "--image={\"name\":\"busybox\"}", "--repo=s3://bucket"]);
    expect(parsed).toEqual({
      kind: "run",
      args: {
        commands: ["true"],
        references: {},
        inputs: {},
        skip: "none",
        image: { name: "busybox" },
        outputs: {},
        qc: [],
        repo: { bucket: "bucket", prefix: "", uri: "s3://bucket" },
        shell: "sh",
        tags: {},
      },
    });
  });

  it("answers --help and --version before looking at anything else", () => {
    expect(parseCommandLine(["--bogus", "--help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
  });

  it.each([
    [["--commands"], "--commands needs a value"],
    [["--nope", "x"], "unknown flag --nope"],
    [["stray"], 'unexpected argument "stray"'],
    [[...BATCH_ARGV, "--shell", "sh"], "--shell is given more than once"],
    [BATCH_ARGV.slice(2), "--commands is required"],
  ])("refuses %j: %s", (argv, message) => {
    expect(parseError(argv).message).toContain(message);
  });

  it.each([
    ["--commands", "[1, 2]", "--commands must be a JSON list of strings"],
    ["--commands", "[oops", "--commands is not JSON"],
    ["--inputs", '{"reads": 3}', '--inputs: "reads" must be a string'],
    ["--inputs", "[]", "--inputs must be a JSON object"],
    ["--skip", "always", "--skip must be one of rerun, output, none"],
    ["--shell", "zsh", "--shell must be one of sh, bash, sh-pipefail"],
    ["--image", '{"auth":"x"}', "--image must be a JSON object"],
    ["--outputs", '{"out":{"dest":"s3://b/"}}', '--outputs: output "out" must be an object with a non-empty "path"'],
    ["--qc", '[{"qcResultFile":"qc.json","stopEarlyIf":"x > 1"}]', "--qc[0].stopEarlyIf must be a JSON list of strings"],
    ["--repo", "/local/folder", "--repo: repository \"/local/folder\" is not an S3 URI"],
    ["--inputs", "Ref::inputs", 'the job was submitted without its "inputs" parameter'],
  ])("names the flag when %s is %s", (flag, value, message) => {
    const argv = [...BATCH_ARGV];
    argv[argv.indexOf(flag) + 1] = value;
    expect(parseError(argv).message).toContain(message);
  });
});
