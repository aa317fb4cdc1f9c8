import { describe, expect, it } from "vitest";
import {
  LAMBDA_POLICY,
  REPOSITORY_POLICY,
  RUNNER_POLICY,
  SubstitutionError,
  substitute,
  type SubstitutionErrorCode,
  type SubstitutionPolicy,
} from "../../../shared/substitute";

const data = {
  job: {
    sample: "S1",
    count: 3,
    ratio: 2.5,
    tiny: 0.00001,
    big: 12345678901234,
    huge: 1e20,
    negative: -4,
    zero: 0,
    empty: "",
    yes: true,
    no: false,
    nothing: null,
    a: { b: "nested", deeper: { c: 7 } },
    list: ["x", "y"],
    mixed: [1, true, null, "s"],
    obj: { k: "v", n: 1 },
    emptyList: [],
    pairs: [{ what: "first" }, { what: "second" }],
    tricky: "${job.sample}",
    dollars: "$1 $& $$",
  },
  scatter: { chunk: "chunk_1.fq", n: 0 },
  parent: { config: "s3://bucket/repo/config.json" },
};

/** [text, expected result] rows that every policy substitutes the same way. */
const SHARED: [string, string][] = [
  ["${job.sample}", "S1"],
  ["s3://b/${job.sample}/x_${job.sample}.txt", "s3://b/S1/x_S1.txt"],
  ["${job.count}", "3"],
  ["${job.ratio}", "2.5"],
  ["${job.tiny}", "1e-05"],
  ["${job.big}", "12345678901234"],
  ["${job.huge}", "1e+20"],
  ["${job.negative}", "-4"],
  ["n=${job.zero}", "n=0"],
  ["[${job.empty}]", "[]"],
  ["${job.yes}", "True"],
  ["${job.no}", "False"],
  ["${job.a.b}", "nested"],
  ["${job.a.deeper.c}", "7"],
  ["${job.list[0]}-${job.list[1]}", "x-y"],
  ["${job.list[-1]}", "y"],
  ["${job.pairs[1].what}", "second"],
  ["${job.tricky}", "${job.sample}"],
  ["${job.dollars}", "$1 $& $$"],
  ["no references", "no references"],
  ["", ""],
  ["$HOME ${HOME} ${name} ${job} ${jobs.x} ${ job.sample } $job.sample", "$HOME ${HOME} ${name} ${job} ${jobs.x} ${ job.sample } $job.sample"],
  ["${!var} ${#job} ${job:-x}", "${!var} ${#job} ${job:-x}"],
];

/** [text, expected result] rows for the policies that see all three roots. */
const ALL_ROOTS: [string, string][] = [
  ["${scatter.chunk}", "chunk_1.fq"],
  ["${scatter.n}", "0"],
  ["${parent.config}", "s3://bucket/repo/config.json"],
  ["${job.sample}/${scatter.chunk}", "S1/chunk_1.fq"],
  ["${job.list}", '["x","y"]'],
  ["${job.mixed}", '[1,true,null,"s"]'],
  ["${job.obj}", '{"k":"v","n":1}'],
  ["${job.emptyList}", "[]"],
  ["${job.a}", '{"b":"nested","deeper":{"c":7}}'],
];

/** Unresolvable references: [text, error code, path]. */
const UNRESOLVED: [string, SubstitutionErrorCode, string][] = [
  ["${job.missing}", "MissingValue", "job.missing"],
  ["x/${job.a.missing}/y", "MissingValue", "job.a.missing"],
  ["${job.list[5]}", "MissingValue", "job.list[5]"],
  ["${job.nothing}", "MissingValue", "job.nothing"],
  ["${job.constructor}", "MissingValue", "job.constructor"],
  ["${job.__proto__}", "MissingValue", "job.__proto__"],
  ["${job.sample.length}", "MissingValue", "job.sample.length"],
  ["${job.a b}", "BadReference", "job.a b"],
  ["${job.x:-default}", "BadReference", "job.x:-default"],
  ["${job.}", "BadReference", "job."],
];

function errorOf(run: () => unknown): SubstitutionError {
  try {
    run();
  } catch (error) {
    if (error instanceof SubstitutionError) return error;
    throw error;
  }
  throw new Error("expected a SubstitutionError");
}

function describeShared(name: string, policy: SubstitutionPolicy) {
  describe(`${name}: shared rendering`, () => {
    it.each(SHARED)("%j → %j", (text, expected) => {
      expect(substitute(text, data, policy)).toBe(expected);
    });
  });
}

describeShared("REPOSITORY_POLICY", REPOSITORY_POLICY);
describeShared("LAMBDA_POLICY", LAMBDA_POLICY);
describeShared("RUNNER_POLICY", RUNNER_POLICY);

describe("REPOSITORY_POLICY", () => {
  it.each([
    ["s3://b/${!job.sample}/run", "s3://b/S1/run"],
    ["s3://b/${!job.a.b}/${job.count}", "s3://b/nested/3"],
    ["s3://b/${!job.no}", "s3://b/False"],
  ])("accepts the escaped form: %j → %j", (text, expected) => {
    expect(substitute(text, data, REPOSITORY_POLICY)).toBe(expected);
  });

  it.each(UNRESOLVED)("refuses %j (%s)", (text, code, path) => {
    const error = errorOf(() => substitute(text, data, REPOSITORY_POLICY));
    expect(error).toMatchObject({ code, path, context: "the repository template" });
  });

  it.each([
    ["s3://b/${scatter.chunk}", "scatter.chunk"],
    ["s3://b/${parent.config}", "parent.config"],
    ["s3://b/${!parent.config}", "parent.config"],
  ])("refuses roots other than job: %j", (text, path) => {
    const error = errorOf(() => substitute(text, data, REPOSITORY_POLICY));
    expect(error).toMatchObject({ code: "RootNotAllowed", path });
    expect(error.message).toContain("${job.…}");
  });

  it.each([
    ["s3://b/${job.list}", "job.list is a list"],
    ["s3://b/${job.obj}", "job.obj is an object"],
  ])("refuses lists and objects: %j", (text, reason) => {
    const error = errorOf(() => substitute(text, data, REPOSITORY_POLICY));
    expect(error.code).toBe("UnrenderableValue");
    expect(error.message).toContain(reason);
  });

  it("names the reference, the path, the context and the text in its message", () => {
    const error = errorOf(() => substitute("s3://bucket/${job.project}/run", data, REPOSITORY_POLICY));
    expect(error.message).toBe(
      'cannot substitute ${job.project} in the repository template "s3://bucket/${job.project}/run": job.project not found in the job data',
    );
  });

  it("shortens a long text in its message", () => {
    const text = `${"a".repeat(500)}\${job.missing}`;
    const error = errorOf(() => substitute(text, data, REPOSITORY_POLICY));
    expect(error.message.length).toBeLessThan(250);
  });
});

describe("LAMBDA_POLICY", () => {
  it.each(ALL_ROOTS)("%j → %j", (text, expected) => {
    expect(substitute(text, data, LAMBDA_POLICY)).toBe(expected);
  });

  it("leaves the escaped form alone", () => {
    expect(substitute("${!job.sample}", data, LAMBDA_POLICY)).toBe("${!job.sample}");
  });

  it.each(UNRESOLVED)("refuses %j (%s)", (text, code, path) => {
    expect(errorOf(() => substitute(text, data, LAMBDA_POLICY))).toMatchObject({ code, path, context: "a step field" });
  });

  it("says when a value is null rather than absent", () => {
    expect(errorOf(() => substitute("${job.nothing}", data, LAMBDA_POLICY)).message).toContain("job.nothing is null");
  });

  it("refuses scatter and parent values that the data lacks", () => {
    const bare = { job: {}, scatter: {}, parent: {} };
    expect(errorOf(() => substitute("${scatter.chunk}", bare, LAMBDA_POLICY)).path).toBe("scatter.chunk");
    expect(errorOf(() => substitute("${parent.config}", bare, LAMBDA_POLICY)).path).toBe("parent.config");
  });
});

describe("RUNNER_POLICY", () => {
  it.each(ALL_ROOTS)("%j → %j", (text, expected) => {
    expect(substitute(text, data, RUNNER_POLICY)).toBe(expected);
  });

  it.each(UNRESOLVED)("keeps %j as written (%s)", (text) => {
    expect(substitute(text, data, RUNNER_POLICY)).toBe(text);
  });

  it("substitutes what it can and keeps the rest of a command", () => {
    const command = 'cp ${input} "$HOME/${job.sample}_${job.missing}.txt" && echo ${BC_STEP_NAME} ${scatter.chunk} ${!job.sample}';
    expect(substitute(command, data, RUNNER_POLICY)).toBe(
      'cp ${input} "$HOME/S1_${job.missing}.txt" && echo ${BC_STEP_NAME} chunk_1.fq ${!job.sample}',
    );
  });

  it("keeps references when the data has no such root", () => {
    expect(substitute("${scatter.chunk} ${parent.x}", { job: {} }, RUNNER_POLICY)).toBe("${scatter.chunk} ${parent.x}");
  });
});
