export type DistributedMapErrorCode =
  /** ItemBatcher, ResultWriter, or a field of a Distributed Map that the local engine does not run. */
  | "UnsupportedField"
  /** An ItemReader other than `s3:getObject` of a JSON Lines or JSON object. */
  | "UnsupportedItemReader"
  /** Two Distributed Maps with one name: the engine finds a map's handler by its state name. */
  | "DuplicateStateName"
  /** The parent execution was stopped while the map ran. */
  | "Aborted";

/**
 * A Distributed Map the local engine cannot run as written, or a run that was stopped. The code is
 * also the error's name; the message names the state and the field at fault.
 */
export class DistributedMapError extends Error {
  constructor(
    readonly code: DistributedMapErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
