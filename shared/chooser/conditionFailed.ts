/** The error name that the compiled Parallel state's Catch matches to skip a branch (shared/compiler/steps/parallel.ts). */
export const CONDITION_FAILED = "ConditionFailed";

/**
 * A parallel branch's `if:` is false. Lambda reports an error's `name` as its type, and Step
 * Functions matches Catch rules on that type, so the name is exactly "ConditionFailed".
 */
export class ConditionFailed extends Error {
  constructor(
    readonly step: string,
    readonly expression: string,
  ) {
    super(`step '${step}': condition ${JSON.stringify(expression)} is false, so its branch is skipped`);
    this.name = CONDITION_FAILED;
  }
}
