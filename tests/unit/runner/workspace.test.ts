import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunnerError } from "../../../runner-image/src/errors";
import { createWorkspace, hostPathOf, referenceCacheDir, scratchLayout } from "../../../runner-image/src/workspace";

describe("scratchLayout", () => {
  it("finds the host path of the scratch volume from the runner's bind mounts", () => {
    const volumes = [
      { source: "/var/run/docker.sock", destination: "/var/run/docker.sock" },
      { source: "/scratch", destination: "/_bclaw_scratch" },
    ];
    expect(scratchLayout({ scratchPath: "/_bclaw_scratch", volumes })).toEqual({ root: "/_bclaw_scratch", hostRoot: "/scratch" });
  });

  it("takes an explicit host path over the mounts", () => {
    const volumes = [{ source: "/scratch", destination: "/_bclaw_scratch" }];
    expect(scratchLayout({ scratchPath: "/_bclaw_scratch", hostScratchPath: "/mnt/disk", volumes }).hostRoot).toBe("/mnt/disk");
  });

  it("uses the same path on the host when the runner runs there, and the temp folder when no scratch path is set", () => {
    expect(scratchLayout({ scratchPath: "/data/scratch" })).toEqual({ root: "/data/scratch", hostRoot: "/data/scratch" });
    expect(scratchLayout({}).root).toBe(tmpdir());
  });
});

describe("hostPathOf", () => {
  const layout = { root: "/_bclaw_scratch", hostRoot: "/scratch" };

  it("swaps the scratch prefix for the host's", () => {
    expect(hostPathOf("/_bclaw_scratch/workspace-abc", layout)).toBe("/scratch/workspace-abc");
  });

  it("refuses a folder outside the scratch volume", () => {
    expect(() => hostPathOf("/_bclaw_scratch_other/x", layout)).toThrow(RunnerError);
    expect(() => hostPathOf("/tmp/x", layout)).toThrow("is not under the scratch folder /_bclaw_scratch");
  });
});

describe("createWorkspace", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "stepbatch-scratch-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("makes a new folder under the scratch root, with its host path, that remove() deletes with its contents", async () => {
    const layout = { root: join(root, "scratch"), hostRoot: "/host/scratch" };
    const first = await createWorkspace(layout);
    const second = await createWorkspace(layout);
    expect(first.path).not.toBe(second.path);
    expect(first.path.startsWith(join(root, "scratch") + "/")).toBe(true);
    expect(first.hostPath).toBe(first.path.replace(join(root, "scratch"), "/host/scratch"));
    expect(referenceCacheDir(layout).startsWith(layout.root)).toBe(true);
    await writeFile(join(first.path, "file.txt"), "x");
    await first.remove();
    await expect(stat(first.path)).rejects.toThrow("ENOENT");
    expect((await stat(second.path)).isDirectory()).toBe(true);
  });
});
