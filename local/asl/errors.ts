/**
 * An error as Step Functions names it (`States.TaskFailed`, `States.ExceedToleratedFailureThreshold`,
 * ...). The interpreter matches Retry and Catch on an error's `name` and reports its `message` as
 * the Cause, so a task handler that throws one of these fails its state exactly as the service would.
 */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(cause);
    this.name = error;
  }
}
