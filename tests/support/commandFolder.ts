import { cp, mkdir, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * Where a documented `stepbatch` command runs in the tests: `run` in a fresh folder holding the
 * examples, with the example's seed in the store as the documented `cp` line puts it; the others in
 * the checkout.
 */
export async function commandFolder(argv: readonly string[]): Promise<string> {
  if (argv[0] !== "run") return process.cwd();
  const folder = await mkdtemp(join(tmpdir(), "stepbatch-doc-run-"));
  await cp("examples", join(folder, "examples"), { recursive: true });
  const seed = join(dirname(argv[1]), "seed");
  await mkdir(join(folder, ".stepbatch/store"), { recursive: true });
  if (await stat(seed).then(() => true, () => false)) await cp(seed, join(folder, ".stepbatch/store"), { recursive: true });
  return folder;
}
