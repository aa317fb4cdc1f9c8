import { describe, expect, it } from "vitest";
import { candidateKeys, LauncherEventError, parseObjectCreated } from "../../../shared/launcher";

function objectCreated(object: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { "detail-type": "Object Created", source: "aws.s3", detail: { bucket: { name: "launcher" }, object }, ...extra };
}

describe("parseObjectCreated", () => {
  it("reads the bucket, key, version id and sequencer of EventBridge's event", () => {
    expect(parseObjectCreated(objectCreated({ key: "demo/a.json", "version-id": "v1", sequencer: "0A", size: 2 }))).toEqual({
      bucket: "launcher",
      key: "demo/a.json",
      versionId: "v1",
      sequencer: "0A",
      dryRun: false,
    });
  });

  it("treats an empty version id and S3's 'null' version (versioning suspended) as no version", () => {
    for (const versionId of ["", "null"]) {
      expect(parseObjectCreated(objectCreated({ key: "demo/a.json", "version-id": versionId })).versionId).toBeUndefined();
    }
  });

  it("reads dry_run", () => {
    expect(parseObjectCreated(objectCreated({ key: "demo/a.json" }, { dry_run: true })).dryRun).toBe(true);
  });

  const bad: Array<[string, unknown, string]> = [
    ["a list", [], "expected a JSON object"],
    ["another detail-type", objectCreated({ key: "k" }, { "detail-type": "Object Deleted" }), 'detail-type is "Object Deleted"'],
    ["no detail", { "detail-type": "Object Created" }, "expected detail.bucket and detail.object"],
    ["no key", objectCreated({}), "detail.object.key must be a key"],
    ["a numeric version", objectCreated({ key: "k", "version-id": 3 }), '["version-id"] must be text'],
    ["a text dry_run", objectCreated({ key: "k" }, { dry_run: "yes" }), "dry_run must be true or false"],
  ];

  it.each(bad)("refuses %s with a BadLauncherEvent naming the problem", (_, event, problem) => {
    let caught: unknown;
    try {
      parseObjectCreated(event);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LauncherEventError);
    expect((caught as LauncherEventError).code).toBe("BadLauncherEvent");
    expect((caught as Error).message).toContain(problem);
  });
});

describe("candidateKeys", () => {
  const table: Array<[string, string[]]> = [
    ["demo/a b.json", ["demo/a b.json"]],
    ["demo/a+b.json", ["demo/a+b.json", "demo/a b.json"]],
    ["demo/a%20b.json", ["demo/a%20b.json", "demo/a b.json"]],
    ["demo/my+sample%2B1.json", ["demo/my+sample%2B1.json", "demo/my+sample+1.json", "demo/my sample+1.json"]],
    ["demo%3A2/x.json", ["demo%3A2/x.json", "demo:2/x.json"]],
    ["demo/100%.json", ["demo/100%.json"]],
  ];

  it.each(table)("reads %s as %j, the key as given first", (key, expected) => {
    expect(candidateKeys(key)).toEqual(expected);
  });
});
