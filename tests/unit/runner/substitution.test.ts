import { describe, expect, it } from "vitest";
import { parseCommandLine, type RunnerArgs } from "../../../runner-image/src/args";
import { substituteLocalNames, substituteStepFields } from "../../../runner-image/src/substitution";

const JOB_DATA = {
  job: { sample: "s1", version: "2.1", threads: 4, flag: false, list: ["a", "b"] },
  scatter: { chunk: "c07" },
  parent: { ref: "s3://bucket/run/ref.fa" },
};

function args(overrides: Record<string, string>): RunnerArgs {
  const flags = { commands: '["true"]', image: '{"name":"busybox"}', repo: "s3://bucket/run", ...overrides };
  const parsed = parseCommandLine(Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]));
  if (parsed.kind !== "run") throw new Error("expected arguments");
  return parsed.args;
}

describe("substituteStepFields", () => {
  it("substitutes job data into commands, inputs, outputs, references and tags, and keeps what it cannot resolve", () => {
    const fields = substituteStepFields(
      args({
        commands: JSON.stringify(["aligner -t ${job.threads} --flag ${job.flag} ${job.list} ${HOME} ${job.missing}"]),
        inputs: JSON.stringify({ reads: "${job.sample}/${scatter.chunk}.fq", "extra?": "${job.nothing}.txt" }),
        outputs: JSON.stringify({ bam: { path: "${job.sample}.bam", dest: "s3://out/${job.sample}/", s3Tags: { sample: "${job.sample}" } } }),
        references: JSON.stringify({ genome: "${parent.ref}" }),
        tags: JSON.stringify({ run: "${job.sample}-${scatter.chunk}" }),
      }),
      JOB_DATA,
    );
    expect(fields).toEqual({
      commands: ['aligner -t 4 --flag False ["a","b"] ${HOME} ${job.missing}'],
      inputs: { reads: "s1/c07.fq", "extra?": "${job.nothing}.txt" },
      outputs: { bam: { path: "s1.bam", dest: "s3://out/s1/", s3Tags: { sample: "s1" } } },
      references: { genome: "s3://bucket/run/ref.fa" },
      tags: { run: "s1-c07" },
      image: { name: "busybox" },
    });
  });

  it("substitutes only in the image name's last path component", () => {
    const fields = substituteStepFields(args({ image: JSON.stringify({ name: "registry.example/${job.sample}/tool:${job.version}", auth: "secret" }) }), JOB_DATA);
    expect(fields.image).toEqual({ name: "registry.example/${job.sample}/tool:2.1", auth: "secret" });
  });
});

describe("substituteLocalNames", () => {
  it("replaces ${name} of a staged file with its name in the workspace and leaves other references for the shell", () => {
    const names = { reads: "s1.fq", chunks: "part_*.txt", genome: "hg38.fa" };
    expect(substituteLocalNames(["cat ${reads} ${chunks} > ${genome}.out ${HOME} $reads ${job.x}"], names)).toEqual([
      "cat s1.fq part_*.txt > hg38.fa.out ${HOME} $reads ${job.x}",
    ]);
  });

  it("does not reach inherited object properties", () => {
    expect(substituteLocalNames(["echo ${constructor} ${toString}"], {})).toEqual(["echo ${constructor} ${toString}"]);
  });
});
