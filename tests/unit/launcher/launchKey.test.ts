import { describe, expect, it } from "vitest";
import { parseLaunchKey } from "../../../shared/launcher";

describe("parseLaunchKey", () => {
  const launches: Array<[string, string, string, string]> = [
    ["demo/job.json", "demo", "current", "job.json"],
    ["demo/batch-7/sample1.json", "demo", "current", "batch-7/sample1.json"],
    ["demo:3/job.json", "demo", "3", "job.json"],
    ["demo:prod_v2/a/b.json", "demo", "prod_v2", "a/b.json"],
    ["My-Workflow-2//job.json", "My-Workflow-2", "current", "job.json"],
  ];

  it.each(launches)("%s runs %s:%s for %s", (key, workflow, qualifier, remainder) => {
    expect(parseLaunchKey(key)).toEqual({ launch: { workflow, qualifier, remainder } });
  });

  const ignored: Array<[string, string, string]> = [
    ["demo/", "folder", "demo/ is a folder"],
    ["demo/batch-7/", "folder", "demo/batch-7/ is a folder"],
    ["__tmp__/sfn/9f1c.json", "temporary", "under __tmp__/"],
    ["job.json", "no-workflow", "job.json names no workflow"],
    ["my_workflow/job.json", "no-workflow", "names no workflow"],
    ["demo:/job.json", "no-workflow", "names no workflow"],
    ["demo:a:b/job.json", "no-workflow", "names no workflow"],
    ["demo%3A2/job.json", "no-workflow", "names no workflow"],
  ];

  it.each(ignored)("ignores %s (%s)", (key, reason, message) => {
    const parsed = parseLaunchKey(key);
    expect(parsed).toMatchObject({ ignored: reason });
    expect("message" in parsed && parsed.message).toContain(message);
  });
});
