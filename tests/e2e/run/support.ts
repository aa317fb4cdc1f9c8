import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { onTestFinished } from "vitest";
import { DirectoryStore, parseS3Uri } from "../../../shared/store";
import { probeDockerEngine } from "../../integration/executors/engine";
import { stepbatch, type CliResult } from "../../support/cli";

/** The checkout's root: examples and fixtures are copied from here into each test's folder. */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
/** Where `stepbatch run` keeps its store by default, under the folder it runs in. */
const STORE = ".stepbatch/store";
const S3_SCHEME = "s3://";

/** `--json`'s outcome of one run. */
export interface RunOutcome {
  status: "SUCCEEDED" | "FAILED" | "ABORTED";
  execution: string;
  workflow: string;
  repository: string | null;
  error?: string;
  cause?: string;
  steps: Array<{ name: string; status: string; branches?: { total: number; succeeded: number; failed: number; running: number } }>;
}

export interface Run extends CliResult {
  /** stdout parsed; undefined when the command printed nothing there (usage and workflow errors). */
  outcome?: RunOutcome;
}

/**
 * A fresh folder that a test runs `stepbatch run` in, as a user would: workflows copied in, seed
 * data in `.stepbatch/store`, results read back as plain files. Removed when the test ends.
 */
export class RunFolder {
  private constructor(readonly dir: string) {}

  static async create(): Promise<RunFolder> {
    const dir = await mkdtemp(join(tmpdir(), "stepbatch-e2e-run-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    return new RunFolder(dir);
  }

  /** A folder (or file) of the checkout, copied to `to` in this folder. */
  async copy(from: string, to: string): Promise<void> {
    await cp(join(REPO_ROOT, from), join(this.dir, to), { recursive: true });
  }

  /** An example with its workflows at examples/NAME and its seed/ in the store. */
  async example(name: string): Promise<void> {
    await this.copy(join("examples", name), join("examples", name));
    const seed = join(this.dir, "examples", name, "seed");
    if (await exists(seed)) await cp(seed, join(this.dir, STORE), { recursive: true });
  }

  /** The run fixtures at wf/. */
  async fixtures(): Promise<void> {
    await this.copy("tests/fixtures/run", "wf");
  }

  async write(path: string, content: string): Promise<void> {
    await mkdir(dirname(join(this.dir, path)), { recursive: true });
    await writeFile(join(this.dir, path), content);
  }

  /** Puts objects into the store as files, keyed by their s3:// URI. */
  async seed(objects: Record<string, string>): Promise<void> {
    for (const [uri, content] of Object.entries(objects)) await this.write(this.storePath(uri), content);
  }

  async run(workflow: string, job: string, ...args: string[]): Promise<Run> {
    const result = await stepbatch(["run", workflow, "--job", job, "--json", ...args], { cwd: this.dir });
    return { ...result, outcome: result.stdout === "" ? undefined : (JSON.parse(result.stdout) as RunOutcome) };
  }

  /** The file that holds object `uri` (or the folder of a bucket or prefix), relative to this folder. */
  storePath(uri: string): string {
    if (!uri.startsWith(S3_SCHEME)) throw new Error(`${uri} is not an s3:// URI`);
    return join(STORE, uri.slice(S3_SCHEME.length));
  }

  read(uri: string): Promise<string> {
    return readFile(join(this.dir, this.storePath(uri)), "utf8");
  }

  async readJson(uri: string): Promise<unknown> {
    return JSON.parse(await this.read(uri));
  }

  has(uri: string): Promise<boolean> {
    return exists(join(this.dir, this.storePath(uri)));
  }

  /** The file's modification time in nanoseconds, to tell whether a run wrote it again. */
  async mtimeNs(uri: string): Promise<bigint> {
    return (await stat(join(this.dir, this.storePath(uri)), { bigint: true })).mtimeNs;
  }

  /** Every object under the folder `uri` (an s3:// prefix), as keys relative to it, sorted. */
  async list(uri: string): Promise<string[]> {
    const root = join(this.dir, this.storePath(uri));
    if (!(await exists(root))) return [];
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)))
      .sort();
  }

  /** The buckets the store holds (its top-level folders, less the store's own bookkeeping). */
  async buckets(): Promise<string[]> {
    const root = join(this.dir, STORE);
    if (!(await exists(root))) return [];
    return (await readdir(root)).filter((name) => !name.startsWith(".")).sort();
  }

  /** An object's S3 tags, which the directory store keeps beside the file. */
  tags(uri: string): Promise<Record<string, string>> {
    const { bucket, key } = parseS3Uri(uri);
    return new DirectoryStore(join(this.dir, STORE)).getTags(bucket, key);
  }

  async metadata(uri: string): Promise<Record<string, string>> {
    const { bucket, key } = parseS3Uri(uri);
    const info = await new DirectoryStore(join(this.dir, STORE)).head(bucket, key);
    return info?.metadata ?? {};
  }

  /** The names of the run's log files (attempt logs and lambdas.jsonl). */
  async logs(): Promise<string[]> {
    const dir = join(this.dir, ".stepbatch/logs");
    return (await exists(dir)) ? (await readdir(dir)).sort() : [];
  }

  async log(name: string): Promise<string> {
    return readFile(join(this.dir, ".stepbatch/logs", name), "utf8");
  }
}

/** Each step's status in a run's outcome, by name. */
export function statuses(outcome: RunOutcome | undefined): Record<string, string> {
  return Object.fromEntries((outcome?.steps ?? []).map((s) => [s.name, s.status]));
}

/** The execution's name, the last part of its ARN: the runner stamps it on every marker. */
export function executionName(outcome: RunOutcome | undefined): string {
  return outcome?.execution.split(":").at(-1) ?? "";
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The examples' and fixtures' steps use this image; CI loads it (.ci/provision-docker.sh), nothing is pulled. */
export const STEP_IMAGE = "busybox:stable";

/**
 * The executors to run the examples with: local always, docker where an engine answers and the
 * steps' image is on it. Outside CI a missing one skips the docker runs with one line saying why;
 * in CI (CI=true) they must run, so a missing one fails the file instead.
 */
export async function executorsToTest(suite: string): Promise<Array<"local" | "docker">> {
  const engine = await probeDockerEngine(suite);
  if (engine.docker === undefined) return ["local"];
  try {
    await engine.docker.getImage(STEP_IMAGE).inspect();
    return ["local", "docker"];
  } catch {
    const why = `the image ${STEP_IMAGE} is not on the Docker engine`;
    if (process.env.CI === "true") throw new Error(`${suite} must run in CI, but ${why}: run .ci/provision-docker.sh`);
    console.warn(`skipping ${suite} with the docker executor: ${why} (run .ci/provision-docker.sh)`);
    return ["local"];
  }
}
