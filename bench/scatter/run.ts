// bench/scatter: expand (a) an S3 glob over 100,000 keys, (b) @file over a 1,000,000-line file and
// (c) @file.csv:$[*].col over a 100,000-row CSV against a local s3rver, each writing its item file;
// print items per second and the expanding process's peak RSS, and for (a) a bare listing beside it.
// SCATTER_BENCH_KEYS=10000 scales (a) down for a quick run; the reported figures are at 100,000.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { S3Store } from "../../shared/store";
import { startS3Server } from "../../tests/support/s3server";
import { bundleScript } from "../support/bundle";
import { printFigures, printTable, round } from "../support/report";
import { CASES, GLOB_KEYS_PREFIX } from "./cases";
import { putGeneratedLines, s3rverBucketFolder, seedKeysInS3rver } from "./seed";

const KEYS = Number(process.env.SCATTER_BENCH_KEYS ?? 100_000);
const LINES = 1_000_000;
const ROWS = 100_000;
/** Runs of (b) and (c) after one to warm up; (a) runs twice around one bare loop, since a listing of 100,000 keys on s3rver takes minutes. */
const MEASURED_RUNS = 5;
const MAX_RSS_MB = 100;
const MIN_GLOB_SHARE = 0.95;

const CASE_SOURCE = fileURLToPath(new URL("./case.ts", import.meta.url));
const bucket = `bench-scatter-${randomBytes(4).toString("hex")}`;

interface CaseFigures {
  items: number;
  items_per_s: number;
  peak_rss_mb: number;
  start_rss_mb: number;
}


/** The scatter Lambda's V8 flags (serverless.yml, its NODE_OPTIONS): cases run as it is deployed. */
const SCATTER_NODE_FLAGS = ["--max-semi-space-size=4"];

async function runCase(script: string, endpoint: string, name: string, runs: number): Promise<CaseFigures> {
  const { stdout } = await promisify(execFile)(process.execPath, [...SCATTER_NODE_FLAGS, script, endpoint, bucket, name, String(runs)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as CaseFigures;
}

/** Two runs of a case as one: the mean rate, the higher peak. */
function meanOf(a: CaseFigures, b: CaseFigures): CaseFigures {
  return {
    items: a.items,
    items_per_s: (a.items_per_s + b.items_per_s) / 2,
    peak_rss_mb: Math.max(a.peak_rss_mb, b.peak_rss_mb),
    start_rss_mb: Math.max(a.start_rss_mb, b.start_rss_mb),
  };
}

// Other work on the machine slows the server and the cases alike; the figures say how busy it was.
if (!(await readFile("serverless.yml", "utf8")).includes(`NODE_OPTIONS: ${SCATTER_NODE_FLAGS.join(" ")}`)) {
  throw new Error(`serverless.yml no longer gives the scatter function NODE_OPTIONS ${SCATTER_NODE_FLAGS.join(" ")}: update SCATTER_NODE_FLAGS to match`);
}
const loadAtStart = loadavg()[0];
const buildFolder = await mkdtemp(join(tmpdir(), "stepbatch-bench-scatter-"));
const server = await startS3Server({ buckets: [bucket] });
try {
  // Bundled as the Lambda is deployed: through tsx, start-up alone would take some 95 MB of the 100 MB allowed.
  const script = await bundleScript(CASE_SOURCE, join(buildFolder, "case.mjs"));
  const store = new S3Store(server.client);
  // (b) and (c) run before the 100,000 keys of (a) are written: the disk is still busy with those
  // for a while after, which would slow cases that never look at them.
  await putGeneratedLines(store, bucket, "bench/lines.txt", LINES, (i) => `sample-${String(i).padStart(7, "0")}`);
  await putGeneratedLines(store, bucket, "bench/rows.csv", ROWS + 1, (i) =>
    i === 0 ? "id,sample,reads,note" : `${i},S${i},s3://raw/run-7/S${i}_R1.fastq.gz,"lane ${i % 8}, ok"`,
  );
  const lines = await runCase(script, server.endpoint, "lines", MEASURED_RUNS + 1);
  const csv = await runCase(script, server.endpoint, "csv", MEASURED_RUNS + 1);

  const seedStart = performance.now();
  const keys = Array.from({ length: KEYS }, (_, i) => `${GLOB_KEYS_PREFIX}k${String(i).padStart(6, "0")}.dat`);
  await seedKeysInS3rver(await s3rverBucketFolder(bucket), keys);
  // Let the seeding's writes reach the disk now, not while the listings are measured.
  await promisify(execFile)("sync");
  console.log(`seeded ${KEYS} keys in ${round((performance.now() - seedStart) / 1000)} s\n`);
  // Listings take minutes, and other work on the machine comes and goes meanwhile: glob, bare, glob
  // evens out a steady drift in load, and gives the cold first listing to the glob.
  const listings: CaseFigures[] = [];
  for (const name of ["glob", "bare", "glob"]) listings.push(await runCase(script, server.endpoint, name, 1));
  const glob = meanOf(listings[0], listings[2]);
  const bare = listings[1];
  if (listings.some((listing) => listing.items !== KEYS)) {
    throw new Error(`expected ${KEYS} keys from every listing, got ${listings.map((listing) => listing.items).join(", ")}`);
  }
  const globShare = glob.items_per_s / bare.items_per_s;

  const row = (name: string, figures: CaseFigures, target: string) => ({
    case: name,
    items: figures.items,
    items_per_s: Math.round(figures.items_per_s),
    target,
    peak_rss_mb: round(figures.peak_rss_mb),
    start_rss_mb: round(figures.start_rss_mb),
  });
  printTable([
    row(`(a) glob ${CASES.glob.source}`, glob, `>= ${MIN_GLOB_SHARE * 100}% of bare: ${round(globShare * 100)}%`),
    row("    bare ListObjectsV2 loop", bare, "-"),
    row(`(b) ${CASES.lines.source}`, lines, `>= ${CASES.lines.targetItemsPerSecond}`),
    row(`(c) ${CASES.csv.source}`, csv, `>= ${CASES.csv.targetItemsPerSecond}`),
  ]);
  const met =
    globShare >= MIN_GLOB_SHARE &&
    lines.items_per_s >= CASES.lines.targetItemsPerSecond! &&
    csv.items_per_s >= CASES.csv.targetItemsPerSecond! &&
    Math.max(lines.peak_rss_mb, csv.peak_rss_mb) < MAX_RSS_MB;
  console.log(
    `\nitems/s include writing the item file; (a): mean of 2 runs, before and after the bare loop; (b) and (c): median of ${MEASURED_RUNS} runs after one warm-up; peak RSS is the expanding process's, start-up included (target < ${MAX_RSS_MB} MB); start RSS is Node.js with the bundled SDK loaded; load average ${round(loadAtStart, 2)} at the start, ${round(loadavg()[0], 2)} at the end; targets ${met ? "met" : "NOT met"}`,
  );
  printFigures({
    glob_keys: glob.items,
    glob_items_per_s: Math.round(glob.items_per_s),
    bare_listing_keys_per_s: Math.round(bare.items_per_s),
    glob_vs_bare_percent: round(globShare * 100),
    glob_peak_rss_mb: round(glob.peak_rss_mb),
    lines_items: lines.items,
    lines_items_per_s: Math.round(lines.items_per_s),
    lines_peak_rss_mb: round(lines.peak_rss_mb),
    csv_items: csv.items,
    csv_items_per_s: Math.round(csv.items_per_s),
    csv_peak_rss_mb: round(csv.peak_rss_mb),
  });
} finally {
  await server.stop();
  await rm(buildFolder, { recursive: true, force: true });
}
