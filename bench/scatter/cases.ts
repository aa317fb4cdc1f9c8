// The three bench/scatter cases: what each expands, and what it must reach.

export type CaseName = "glob" | "lines" | "csv";

export interface BenchCase {
  /** The scatter source, relative to the repository s3://<bucket>/bench. */
  source: string;
  /** Items per second the case must reach (the glob is held to the bare listing instead). */
  targetItemsPerSecond?: number;
}

export const CASES: Record<CaseName, BenchCase> = {
  glob: { source: "keys/*.dat" },
  lines: { source: "@lines.txt", targetItemsPerSecond: 1_200_000 },
  csv: { source: "@rows.csv:$[*].sample", targetItemsPerSecond: 550_000 },
};

/** The keys the glob matches, which the bare listing goes through too. */
export const GLOB_KEYS_PREFIX = "bench/keys/";
