import { describe, expect, test } from "vitest";
import { boundedToken, jobDefinitionLogicalId, logicalId, stateName } from "../../../shared/compiler";
import { batchStep, chooserStep, parallelStep, scatterStep, subpipeStep, workflow } from "../../support/model";
import { allStates, compileValid } from "./helpers";

describe("state names", () => {
  test("a name of up to 80 characters is kept as it is", () => {
    expect(stateName("Align")).toBe("Align");
    expect(stateName("a".repeat(80))).toBe("a".repeat(80));
  });

  test("a longer name keeps a readable prefix and ends in a hash of the whole name", () => {
    const name = stateName(`${"a".repeat(80)}.initialize`);
    expect(name).toHaveLength(80);
    expect(name).toMatch(/^a{71}~[0-9a-f]{8}$/);
  });

  test("shortening is deterministic and keeps different names apart", () => {
    const long = "x".repeat(100);
    expect(stateName(long)).toBe(stateName(long));
    expect(stateName(`${long}.map`)).not.toBe(stateName(`${long}.gather`));
  });

  test("characters are counted, not UTF-16 units", () => {
    const name = stateName(`S.if1: label == '${"é".repeat(40)}${"🙂".repeat(40)}'?`);
    expect(Array.from(name)).toHaveLength(80);
  });

  test("every generated state of 80-character steps fits, and every transition reaches its target", () => {
    const long = (c: string) => c.repeat(80);
    const compiled = compileValid(
      workflow([
        scatterStep({ name: long("s"), steps: [batchStep({ name: long("b") })] }),
        subpipeStep({ name: long("p"), subpipe: "child" }),
        chooserStep({ name: long("c"), choices: [{ if: "job.x == 1", next: long("q") }] }),
        parallelStep({ name: long("q"), branches: [{ if: "job.y == 2", steps: [batchStep({ name: "Inner" })] }] }),
      ]),
    );
    // compileValid already checked with asl-validator that every Next/StartAt/Default names a state.
    const names = [...allStates(compiled.stateMachine).keys()];
    expect(names).toHaveLength(1 + 5 + 3 + 2 + 4);
    for (const name of names) expect(Array.from(name).length).toBeLessThanOrEqual(80);
  });
});

describe("resource names", () => {
  test("logical IDs are CamelCase of the letter and digit runs", () => {
    expect(logicalId("align-reads_2")).toBe("AlignReads2");
    expect(logicalId("MakeConfig")).toBe("MakeConfig");
    expect(jobDefinitionLogicalId("per_sample")).toBe("PerSampleJobDef");
  });

  test("bounded tokens keep valid short names and shorten or clean the rest with a hash", () => {
    expect(boundedToken("Count", 34)).toBe("Count");
    expect(boundedToken("a".repeat(50), 34)).toMatch(/^a{25}-[0-9a-f]{8}$/);
    expect(boundedToken("a b", 34)).toMatch(/^a-b-[0-9a-f]{8}$/);
    expect(boundedToken("a b", 34)).not.toBe(boundedToken("a-b", 34));
  });
});
