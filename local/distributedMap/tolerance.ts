/**
 * How many child failures a Distributed Map tolerates. Neither field set tolerates none; with
 * one set, that one bounds the failures; with both, exceeding either fails the map.
 */
export interface Tolerance {
  count?: number;
  percentage?: number;
}

/** The Cause the service gives with States.ExceedToleratedFailureThreshold. */
export const THRESHOLD_EXCEEDED_CAUSE = "The specified tolerated failure threshold was exceeded";

/** Whether `failures` of `total` items pass the tolerance; reaching it exactly still passes. */
export function exceedsTolerance(tolerance: Tolerance, failures: number, total: number): boolean {
  const { count, percentage } = tolerance;
  if (count === undefined && percentage === undefined) return failures > 0;
  if (count !== undefined && failures > count) return true;
  // failures / total > percentage / 100, without dividing: exact for whole percentages.
  return percentage !== undefined && failures * 100 > percentage * total;
}
