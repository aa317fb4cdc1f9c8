import { describe, expect, it } from "vitest";
import { globRegExp, isGlob, literalPrefix } from "../../../shared/scatter";

describe("isGlob", () => {
  it.each([
    ["reads/*.fq", true],
    ["sample?.txt", true],
    ["lane[12].fq", true],
    ["reads/sample.fq", false],
    ["s3://bucket/a]b.txt", false],
  ])("%s → %s", (text, expected) => {
    expect(isGlob(text)).toBe(expected);
  });
});

describe("literalPrefix", () => {
  it.each([
    ["runs/2024/*.fq", "runs/2024/"],
    ["runs/**/x.txt", "runs/"],
    ["runs/s?.txt", "runs/s"],
    ["runs/lane[12].fq", "runs/lane"],
    // An unclosed [ is an ordinary character, so the listing goes past it.
    ["runs/a[b/*.fq", "runs/a[b/"],
    ["*.fq", ""],
  ])("%s → %s", (pattern, prefix) => {
    expect(literalPrefix(pattern)).toBe(prefix);
  });
});

describe("globRegExp", () => {
  const matches = (pattern: string, key: string, literal = "") => globRegExp(pattern, literal).test(key);

  it.each([
    // * stops at /
    ["reads/*.fq", "reads/a.fq", true],
    ["reads/*.fq", "reads/sub/a.fq", false],
    ["reads/*.fq", "reads/.fq", true],
    ["reads/*", "reads/", true],
    // ? is one character, not /
    ["s?.txt", "s1.txt", true],
    ["s?.txt", "s12.txt", false],
    ["a?b", "a/b", false],
    ["s?.txt", "s😀.txt", true],
    // ** crosses /
    ["reads/**", "reads/a/b/c.fq", true],
    ["reads/**/*.fq", "reads/a/b/c.fq", true],
    ["reads/**/*.fq", "reads/c.fq", true],
    ["reads/**/*.fq", "reads/a/c.txt", false],
    ["**/*.fq", "c.fq", true],
    ["**/*.fq", "x/y/c.fq", true],
    ["reads/a**z", "reads/a/b/z", true],
    // classes
    ["lane[12].fq", "lane1.fq", true],
    ["lane[12].fq", "lane3.fq", false],
    ["lane[0-9].fq", "lane7.fq", true],
    ["lane[!0-9].fq", "lanex.fq", true],
    ["lane[!0-9].fq", "lane7.fq", false],
    ["lane[^0-9].fq", "lane7.fq", false],
    ["a[/]b", "a/b", false],
    ["a[!x]b", "a/b", false],
    ["a[]]b", "a]b", true],
    ["a[*]b", "a*b", true],
    ["a[*]b", "axb", false],
    // everything else is literal, regular-expression characters included
    ["a.b", "axb", false],
    ["a+(b)|c$^", "a+(b)|c$^", true],
    ["a[b", "a[b", true],
    ["a\\b", "a\\b", true],
  ])("%s on %s → %s", (pattern, key, expected) => {
    expect(matches(pattern, key)).toBe(expected);
  });

  it("matches the whole key, not a part", () => {
    expect(matches("*.fq", "a.fq.gz")).toBe(false);
    expect(matches("a.fq", "xa.fq")).toBe(false);
  });

  it("takes the literal part as written, wildcards included", () => {
    expect(matches("*.fq", "runs/[x]*/a.fq", "runs/[x]*/")).toBe(true);
    expect(matches("*.fq", "runs/x/a.fq", "runs/[x]*/")).toBe(false);
  });

  it("throws for a range that runs backwards", () => {
    expect(() => globRegExp("a[z-a]")).toThrow(SyntaxError);
  });
});
