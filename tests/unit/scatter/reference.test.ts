import { describe, expect, it } from "vitest";
import { resolveReferences } from "../../../shared/scatter";
import { scatterError } from "./support";

const jobData = {
  job: { samples: ["S1", "S2"], run: "r7", pattern: "reads/*.fq", count: 3, nothing: null, nested: { lists: [[1, 2]] } },
  scatter: {},
  parent: { config: "s3://bucket/run/config.json" },
};

describe("resolveReferences", () => {
  it("leaves a text without references as it is", () => {
    expect(resolveReferences("reads/*.fq", jobData)).toEqual({ kind: "text", text: "reads/*.fq" });
    expect(resolveReferences("${HOME}/x", jobData)).toEqual({ kind: "text", text: "${HOME}/x" });
  });

  it("gives the list a lone reference names", () => {
    expect(resolveReferences("${job.samples}", jobData)).toEqual({ kind: "list", values: ["S1", "S2"] });
    expect(resolveReferences("${job.nested.lists[0]}", jobData)).toEqual({ kind: "list", values: [1, 2] });
  });

  it("gives the text a lone reference names, to be read as a file name, glob or @file", () => {
    expect(resolveReferences("${job.pattern}", jobData)).toEqual({ kind: "text", text: "reads/*.fq" });
    expect(resolveReferences("${parent.config}", jobData)).toEqual({ kind: "text", text: "s3://bucket/run/config.json" });
  });

  it("splices texts into a longer text", () => {
    expect(resolveReferences("s3://raw/${job.run}/${job.samples[1]}_*.fq", jobData)).toEqual({
      kind: "text",
      text: "s3://raw/r7/S2_*.fq",
    });
  });

  it("substitutes once: a value holding a reference stays as it is", () => {
    const data = { job: { a: "${job.b}", b: "x" }, scatter: {}, parent: {} };
    expect(resolveReferences("@${job.a}", data)).toEqual({ kind: "text", text: "@${job.b}" });
  });

  it("names a reference the job data does not have, or has as null", async () => {
    const missing = await scatterError(() => resolveReferences("${job.sample_list}", jobData));
    expect(missing.code).toBe("MissingValue");
    expect(missing.message).toBe("${job.sample_list} not found in the job data");
    expect((await scatterError(() => resolveReferences("x/${job.nothing}/y", jobData))).code).toBe("MissingValue");
    expect((await scatterError(() => resolveReferences("${scatter.x}", jobData))).message).toBe("${scatter.x} not found in the job data");
  });

  it("names a value of a type the source cannot use", async () => {
    const number = await scatterError(() => resolveReferences("${job.count}", jobData));
    expect(number.code).toBe("BadValueType");
    expect(number.message).toBe("${job.count} is a number; expected a list (the items) or a text (a file name, glob or @file)");
    const object = await scatterError(() => resolveReferences("${job.nested}", jobData));
    expect(object.message).toContain("${job.nested} is an object");
    const listInText = await scatterError(() => resolveReferences("s3://b/${job.samples}.txt", jobData));
    expect(listInText.code).toBe("BadValueType");
    expect(listInText.message).toBe(
      "${job.samples} is a list; expected a text to splice in (a list is scattered over only when the reference is the whole source)",
    );
  });
});
