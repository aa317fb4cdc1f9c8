// Sizes and durations as the reference language writes them ("4 Gb", "9.1M", "30s", "2h").

const MIB = 1024 * 1024;
const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB, p: 1024 * 1024 * 1024 * MIB };
/** Sizes are binary whatever the spelling: "4 Gb", "4G", "4GiB" and "4 gb" are all 4096 MiB. */
export const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kKmMgGtTpP]?)(?:i?[bB])?\s*$/;

/**
 * Memory in MiB, rounded up. A bare number means MiB; a string is a size with binary units
 * (a string with no unit means bytes, as in the reference).
 */
export function parseMemoryMiB(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return value > 0 ? Math.ceil(value) : undefined;
  if (typeof value !== "string") return undefined;
  const m = SIZE_PATTERN.exec(value);
  if (!m) return undefined;
  const bytes = Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
  return Math.ceil(bytes / MIB);
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
/** One integer and one unit: "30s", "5 m", "2h". */
export const DURATION_PATTERN = /^\s*(\d+)\s*([smhdw])\s*$/;

/** Seconds from a duration string, or from a bare number of seconds. */
export function parseDurationSeconds(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = DURATION_PATTERN.exec(value);
  return m ? Number(m[1]) * SECONDS[m[2]] : undefined;
}
