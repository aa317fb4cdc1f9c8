// bench/staging: stage in and out (a) 1,000 files of 64 KB and (b) two files of 256 MB through a
// local s3rver, beside a plain SDK loop with 16 transfers in flight on the same server (the
// ceiling); print files/s, MB/s, the share of the ceiling and each side's peak RSS. Each phase
// runs in a process of its own, from an esbuild bundle as the runner ships, so that its peak RSS
// is its own and includes no TypeScript loader.
import { execFile } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startS3Server } from "../../tests/support/s3server";
import { bundleScript } from "../support/bundle";
import { median, printFigures, printTable, round } from "../support/report";

const PHASE_SOURCE = fileURLToPath(new URL("./phase.ts", import.meta.url));
const BUCKET = "bench";
const MB = 2 ** 20;
/** Runs per case; staging and the ceiling alternate within each, and each run's ratio pairs them, so load from elsewhere on the machine hits both alike. */
const RUNS = 5;
const PEAK_RSS_TARGET_MB = 150;
/** Writes of the seed files go in chunks of this size, so that seeding 256 MB files needs little memory. */
const SEED_CHUNK_BYTES = 8 * MB;

interface Case {
  name: "a" | "b";
  files: number;
  bytesEach: number;
  /** The share of the ceiling staging must reach. */
  targetPct: number;
}

const CASES: Case[] = [
  { name: "a", files: 1000, bytesEach: 64 * 1024, targetPct: 85 },
  { name: "b", files: 2, bytesEach: 256 * MB, targetPct: 80 },
];

interface PhaseResult {
  seconds: number;
  peak_rss_mb: number;
}

const root = await mkdtemp(join(tmpdir(), "stepbatch-bench-staging-"));
const phaseBundle = await bundleScript(PHASE_SOURCE, join(root, "phase.mjs"));
const server = await startS3Server({ buckets: [BUCKET] });
const rows: Array<Record<string, string | number>> = [];
const figures: Record<string, number> = {};
let stagingPeakRss = 0;

async function phase(mode: "staging" | "sdk", direction: "in" | "out", prefix: string, folder: string): Promise<PhaseResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [phaseBundle, mode, direction, server.endpoint, BUCKET, prefix, folder]);
  return JSON.parse(stdout) as PhaseResult;
}

async function seedFolder(benchCase: Case): Promise<string> {
  const folder = join(root, `${benchCase.name}-source`);
  await mkdir(folder);
  const chunk = Buffer.alloc(Math.min(SEED_CHUNK_BYTES, benchCase.bytesEach));
  for (let index = 0; index < benchCase.files; index++) {
    const file = await open(join(folder, `f${String(index).padStart(4, "0")}.bin`), "w");
    for (let written = 0; written < benchCase.bytesEach; written += chunk.length) await file.write(randomFillSync(chunk));
    await file.close();
  }
  return folder;
}

try {
  for (const benchCase of CASES) {
    const source = await seedFolder(benchCase);
    const totalMb = (benchCase.files * benchCase.bytesEach) / MB;
    // Puts the files in the store for the downloads; also warms the server up.
    await phase("sdk", "out", `${benchCase.name}/source`, source);
    const seconds: Record<string, number[]> = {};
    const peakRss: Record<string, number> = {};
    const record = (label: string, result: PhaseResult) => {
      (seconds[label] ??= []).push(result.seconds);
      peakRss[label] = Math.max(peakRss[label] ?? 0, result.peak_rss_mb);
    };
    for (let run = 0; run < RUNS; run++) {
      for (const mode of ["sdk", "staging"] as const) {
        const workspace = join(root, `${benchCase.name}-${mode}-in-${run}`);
        await mkdir(workspace);
        record(`${mode}-in`, await phase(mode, "in", `${benchCase.name}/source`, workspace));
        await rm(workspace, { recursive: true, force: true });
        record(`${mode}-out`, await phase(mode, "out", `${benchCase.name}/${mode}-out`, source));
      }
    }
    for (const direction of ["in", "out"] as const) {
      const staging = median(seconds[`staging-${direction}`]);
      const ceiling = median(seconds[`sdk-${direction}`]);
      const stagingRuns = seconds[`staging-${direction}`];
      const pct = median(seconds[`sdk-${direction}`].map((sdk, run) => sdk / stagingRuns[run])) * 100;
      const key = `${benchCase.name}_${direction}`;
      stagingPeakRss = Math.max(stagingPeakRss, peakRss[`staging-${direction}`]);
      rows.push({
        case: `(${benchCase.name}) ${benchCase.files} x ${benchCase.bytesEach >= MB ? `${benchCase.bytesEach / MB} MB` : `${benchCase.bytesEach / 1024} KB`}`,
        direction,
        "staging files/s": round(benchCase.files / staging),
        "staging MB/s": round(totalMb / staging),
        "ceiling files/s": round(benchCase.files / ceiling),
        "ceiling MB/s": round(totalMb / ceiling),
        "% of ceiling": `${round(pct)} (target >= ${benchCase.targetPct})`,
        "staging peak RSS MB": round(peakRss[`staging-${direction}`]),
        "ceiling peak RSS MB": round(peakRss[`sdk-${direction}`]),
      });
      Object.assign(figures, {
        [`${key}_files_per_s`]: round(benchCase.files / staging),
        [`${key}_mb_per_s`]: round(totalMb / staging),
        [`${key}_ceiling_files_per_s`]: round(benchCase.files / ceiling),
        [`${key}_ceiling_mb_per_s`]: round(totalMb / ceiling),
        [`${key}_of_ceiling_pct`]: round(pct),
        [`${key}_peak_rss_mb`]: round(peakRss[`staging-${direction}`]),
      });
    }
    await rm(source, { recursive: true, force: true });
  }
} finally {
  await server.stop();
  await rm(root, { recursive: true, force: true });
}

printTable(rows);
console.log(`\nmedians of ${RUNS} runs (% of ceiling: the median of each run's ratio); ceiling: plain SDK GetObject/PutObject, 16 in flight; targets: (a) >= 85%, (b) >= 80% of the ceiling, peak RSS < ${PEAK_RSS_TARGET_MB} MB`);
printFigures({ ...figures, peak_rss_mb: round(stagingPeakRss) });
