/**
 * The key two step names share when their resources would collide: CloudFormation logical IDs and
 * Batch job definition names keep only letters and digits, and people read them case-blind.
 */
export function resourceKey(stepName: string): string {
  return stepName.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
}

/** State names the compiler adds at the top level; a step may not take them. */
export const RESERVED_STEP_NAMES = ["Initialize"];
