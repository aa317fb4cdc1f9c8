import { describe, expect, it } from "vitest";
import { executionName, MAX_EXECUTION_NAME_LENGTH } from "../../../shared/launcher";

const VERSION = "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e";
const LONG_STEM = "a".repeat(100);

describe("executionName", () => {
  // remainder (the key after the workflow folder), upload → name
  const table: Array<[string, { versionId?: string; sequencer?: string }, string]> = [
    ["batch-7/sample1.json", { versionId: VERSION }, "batch-7-sample1_IYV3p45B"],
    ["sample1.json", { versionId: VERSION }, "sample1_IYV3p45B"],
    ["my sample (copy).json", { versionId: VERSION }, "my-sample-copy_IYV3p45B"],
    ["runs/2024.06/x", { versionId: VERSION }, "runs-2024-06-x_IYV3p45B"],
    ["archive.tar.gz", { versionId: VERSION }, "archive-tar_IYV3p45B"],
    ["conf/.hidden", { versionId: VERSION }, "conf-hidden_IYV3p45B"],
    ["conf/..json", { versionId: VERSION }, "conf-json_IYV3p45B"],
    ["--x--.json", { versionId: VERSION }, "x_IYV3p45B"],
    ["échantillon_A.json", { versionId: VERSION }, "chantillon-A_IYV3p45B"],
    ["___.json", { versionId: VERSION }, "_IYV3p45B"],
    [`${LONG_STEM}.json`, { versionId: VERSION }, `${"a".repeat(71)}_IYV3p45B`],
    ["x.json", { versionId: "ab.c_d.efgh" }, "x_ab-c-d-e"],
    ["x.json", { versionId: "abc", sequencer: "0066B3E1A4F2C5D7E8" }, "x_abc"],
    // No version id (versioning suspended): the sequencer's hash tells uploads apart.
    ["x.json", { sequencer: "0066B3E1A4F2C5D7E8" }, "x_f7aeee18"],
    ["x.json", { sequencer: "0066B3E1A4F2C5D7F0" }, "x_9eae2abb"],
    ["x.json", { versionId: "", sequencer: "0066B3E1A4F2C5D7E8" }, "x_f7aeee18"],
    // Neither: the reference's NULL.
    ["x.json", {}, "x_NULL"],
  ];

  it.each(table)("%s with %j is %s", (remainder, upload, expected) => {
    expect(executionName(remainder, upload)).toBe(expected);
  });

  it("keeps every name to at most 80 characters of [A-Za-z0-9_-]", () => {
    const remainders = [`${LONG_STEM}/${LONG_STEM}.json`, "ü/€/✓ 😀.json", "a".repeat(1000), "x"];
    const uploads = [{ versionId: "v".repeat(200) }, { sequencer: "F".repeat(64) }, {}];
    for (const remainder of remainders) {
      for (const upload of uploads) {
        const name = executionName(remainder, upload);
        expect(name.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME_LENGTH);
        expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
      }
    }
    expect(MAX_EXECUTION_NAME_LENGTH).toBe(80);
  });

  it("gives a repeated event for one upload the same name, and another upload of the key another", () => {
    const first = { versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" };
    expect(executionName("a/job.json", first)).toBe(executionName("a/job.json", { ...first }));
    expect(executionName("a/job.json", first)).not.toBe(executionName("a/job.json", { versionId: "Zk2p0qLs.4d" }));
    expect(executionName("a/job.json", { sequencer: "01" })).not.toBe(executionName("a/job.json", { sequencer: "02" }));
  });
});
