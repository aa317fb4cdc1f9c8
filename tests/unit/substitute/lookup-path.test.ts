import { describe, expect, it } from "vitest";
import { lookupPath } from "../../../shared/substitute";

const data = {
  job: {
    name: "S1",
    zero: 0,
    empty: "",
    no: false,
    nothing: null,
    a: { b: { c: "deep" } },
    list: ["first", "second", "third"],
    "sample-id": "s-1",
  },
  p: [{ what: "p0" }, { what: "p1" }],
  scatter: { chunk: "c.fq" },
  parent: { config: "s3://b/r/config.json" },
};

describe("lookupPath", () => {
  it.each([
    ["job.name", "S1"],
    ["job.a.b.c", "deep"],
    ["job.a.b", { c: "deep" }],
    ["job.list[0]", "first"],
    ["job.list[2]", "third"],
    ["job.list[-1]", "third"],
    ["p[1].what", "p1"],
    ["scatter.chunk", "c.fq"],
    ["parent.config", "s3://b/r/config.json"],
    ["job.zero", 0],
    ["job.empty", ""],
    ["job.no", false],
    ["job.nothing", null],
    ["job.sample-id", "s-1"],
    ["job", data.job],
  ])("finds %s", (path, value) => {
    expect(lookupPath(data, path)).toEqual({ found: true, value });
  });

  it.each([
    "job.missing",
    "job.a.x",
    "job.list[3]",
    "job.list[-4]",
    "job.name[0]",
    "job.list.length",
    "job.a[0]",
    "job.zero.x",
    "nobody.x",
    "job.constructor",
    "job.__proto__",
    "job.toString",
    "job.hasOwnProperty",
    "job.list.constructor",
    "job.a.b.__proto__",
    "p[0].constructor",
  ])("does not find %s", (path) => {
    expect(lookupPath(data, path)).toEqual({ found: false });
  });

  it.each(["", "job.", "job..a", ".job", "job.a b", "job[x]", "job.list[0", "job.list[]", "job.a.b}", "job['a']"])(
    "treats the malformed path %j as not found",
    (path) => {
      expect(lookupPath(data, path)).toEqual({ found: false });
    },
  );

  it("finds a key named __proto__ that the data really has, and nothing beyond it", () => {
    const parsed: unknown = JSON.parse('{"job": {"__proto__": {"x": 1}}}');
    expect(lookupPath(parsed, "job.__proto__.x")).toEqual({ found: true, value: 1 });
    expect(lookupPath(parsed, "job.__proto__.constructor")).toEqual({ found: false });
  });

  it("looks nothing up in non-objects", () => {
    expect(lookupPath(null, "job.x")).toEqual({ found: false });
    expect(lookupPath("text", "length")).toEqual({ found: false });
    expect(lookupPath(["a"], "0")).toEqual({ found: false });
  });
});
