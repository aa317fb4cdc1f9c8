import { describe, expect, it } from "vitest";
import { parseSelector, selectFromRecords, selectItems } from "../../../shared/scatter";
import { batches, collect, scatterError } from "./support";

const select = (selector: string, document: unknown) => selectItems(parseSelector(selector), document);

describe("parseSelector", () => {
  it("reads names, quoted names, indexes, wildcards and descent", () => {
    expect(parseSelector("$.a['b c'][0][*].*..d..*").segments).toEqual([
      { step: { kind: "name", name: "a" }, descendants: false },
      { step: { kind: "name", name: "b c" }, descendants: false },
      { step: { kind: "index", index: 0 }, descendants: false },
      { step: { kind: "wildcard" }, descendants: false },
      { step: { kind: "wildcard" }, descendants: false },
      { step: { kind: "name", name: "d" }, descendants: true },
      { step: { kind: "wildcard" }, descendants: true },
    ]);
  });

  it("calls a selector without wildcards or descent definite", () => {
    expect(parseSelector("$.a[0]['b']").definite).toBe(true);
    expect(parseSelector("$.a[*]").definite).toBe(false);
    expect(parseSelector("$..a").definite).toBe(false);
  });

  it.each([
    ["samples[*]", 'a selector starts with "$"'],
    ["$.a[?(@.x > 1)]", "filters [?(...)] are not supported"],
    ["$.a[0:2]", "slices [a:b] are not supported"],
    ["$.a[0,1]", "unions [a,b] are not supported"],
    ["$.a[(@.length-1)]", "script expressions [(...)] are not supported"],
    ["$.a[0", "missing ]"],
    ["$['a", "unterminated quoted name"],
    ["$.", "expected a name, * or [ at character 3"],
    ["$a", 'unexpected "a" at character 2'],
  ])("refuses %s: %s", async (text, problem) => {
    const error = await scatterError(() => parseSelector(text));
    expect(error.code).toBe("BadSelector");
    expect(error.message).toContain(problem);
    expect(error.message).toContain(JSON.stringify(text));
  });
});

describe("selectItems on a whole document", () => {
  const document = {
    samples: [
      { id: "S1", reads: ["a.fq", "b.fq"], meta: { lane: 1 } },
      { id: "S2", reads: ["c.fq"], meta: { lane: 2 } },
    ],
    config: { threshold: 3, list: [1, 2, 3] },
    "odd key": ["x"],
  };

  it("takes a definite selector's list as the items", () => {
    expect(select("$.config.list", document)).toEqual([1, 2, 3]);
    expect(select("$['odd key']", document)).toEqual(["x"]);
    expect(select("$", [4, 5])).toEqual([4, 5]);
  });

  it("takes every match of a wildcard as an item", () => {
    expect(select("$.samples[*].id", document)).toEqual(["S1", "S2"]);
    expect(select("$.samples[*].reads[*]", document)).toEqual(["a.fq", "b.fq", "c.fq"]);
    expect(select("$.config.*", document)).toEqual([3, [1, 2, 3]]);
    expect(select("$.samples.*.meta", document)).toEqual([{ lane: 1 }, { lane: 2 }]);
  });

  it("descends in document order", () => {
    expect(select("$..lane", document)).toEqual([1, 2]);
    expect(select("$..reads[0]", document)).toEqual(["a.fq", "c.fq"]);
    expect(select("$.config..*", document)).toEqual([3, [1, 2, 3], 1, 2, 3]);
    expect(select("$..id", { id: 1, child: { id: 2, child: { id: 3 } } })).toEqual([1, 2, 3]);
  });

  it("counts negative indexes from the end", () => {
    expect(select("$.samples[-1].reads", document)).toEqual(["c.fq"]);
  });

  it("gives no items where a wildcard matches nothing", () => {
    expect(select("$.samples[*].missing", document)).toEqual([]);
  });

  it("sees only data: no array length, no inherited properties", () => {
    expect(select("$..length", document)).toEqual([]);
    expect(select("$..constructor", document)).toEqual([]);
    expect(select("$..__proto__", JSON.parse('{"__proto__": [1]}'))).toEqual([[1]]);
  });

  it("says when a definite selector gives no list", async () => {
    const notList = await scatterError(() => select("$.config.threshold", document));
    expect(notList.code).toBe("SelectorNotList");
    expect(notList.message).toBe("selector did not produce a list: $.config.threshold is a number");
    const object = await scatterError(() => select("$.config", document));
    expect(object.message).toBe("selector did not produce a list: $.config is an object ($.config[*] would list its values)");
    const nothing = await scatterError(() => select("$.nope", document));
    expect(nothing.message).toBe("selector did not produce a list: $.nope matched nothing");
  });

  it("refuses a document nested deeper than the search can go", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = await scatterError(() => select("$..x", deep));
    expect(error.code).toBe("BadFileContent");
  });
});

describe("selectFromRecords on a file read record by record", () => {
  const rows = [{ id: "1", n: { x: 1 } }, { id: "2", n: { x: 2 } }, { id: "3", n: { x: 3 } }];
  const fromRows = (selector: string) => collect(selectFromRecords(parseSelector(selector), batches(rows.slice(0, 2), rows.slice(2))));

  it("takes each record's match for $[*]...", async () => {
    expect(await fromRows("$[*].id")).toEqual(["1", "2", "3"]);
    expect(await fromRows("$.*.n.x")).toEqual([1, 2, 3]);
    expect(await fromRows("$[*]")).toEqual(rows);
  });

  it("takes the records themselves for $", async () => {
    expect(await fromRows("$")).toEqual(rows);
  });

  it("descends into each record for $..name", async () => {
    expect(await fromRows("$..x")).toEqual([1, 2, 3]);
  });

  it("gives its items as the records arrive, batch by batch", async () => {
    const seen: unknown[][] = [];
    for await (const batch of selectFromRecords(parseSelector("$[*].id"), batches(rows.slice(0, 2), rows.slice(2)))) seen.push(batch);
    expect(seen).toEqual([["1", "2"], ["3"]]);
  });

  it("finds one record by index, from either end", async () => {
    const lists = [["a", "b"], ["c"], ["d", "e", "f"]];
    const pick = (selector: string) => collect(selectFromRecords(parseSelector(selector), batches(lists.slice(0, 1), lists.slice(1))));
    expect(await pick("$[1]")).toEqual(["c"]);
    expect(await pick("$[2]")).toEqual(["d", "e", "f"]);
    expect(await pick("$[-1]")).toEqual(["d", "e", "f"]);
    expect(await pick("$[-2]")).toEqual(["c"]);
    expect(await pick("$[-3]")).toEqual(["a", "b"]);
    expect(await pick("$[0][*]")).toEqual(["a", "b"]);
    expect((await scatterError(() => pick("$[-4]"))).message).toBe("selector did not produce a list: $[-4] matched nothing");
    expect((await scatterError(() => pick("$[7]"))).code).toBe("SelectorNotList");
  });

  it("finds nothing by name in the list of records", async () => {
    expect((await scatterError(() => fromRows("$.id"))).message).toBe("selector did not produce a list: $.id matched nothing");
    expect(await fromRows("$.id[*]")).toEqual([]);
  });

  it("refuses ..* and ..[n] at the top, which need every record at once", async () => {
    for (const selector of ["$..*", "$..[0]"]) {
      const error = await scatterError(() => fromRows(selector));
      expect(error.code).toBe("BadSelector");
      expect(error.message).toContain("read record by record");
    }
  });
});
