import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * Vitest global setup: the bin runs the bundle in dist/, so build it once before any test file
 * runs, never a stale build, and never two builds racing to write one file.
 */
export default async function buildBin(): Promise<void> {
  await promisify(execFile)(process.execPath, ["build.mjs"]);
}
