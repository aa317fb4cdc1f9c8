export type ScatterErrorCode =
  /** `${job.x}` (or parent./scatter.) that the job data does not have, or whose value is null. */
  | "MissingValue"
  /** A job-data value of a type the source cannot use (a number where a list or text is needed). */
  | "BadValueType"
  /** A source that is not a list or text, or an empty text. */
  | "BadSource"
  /** A JSONPath selector that does not parse or uses syntax outside the supported subset. */
  | "BadSelector"
  /** A selector whose result is not a list (a single value that is not one, or nothing at all). */
  | "SelectorNotList"
  /** A file named by `@file` that does not exist. */
  | "FileNotFound"
  /** A file whose content is not what its extension says (bad JSON, YAML, CSV), or too big to read whole. */
  | "BadFileContent"
  /** A line, record or item longer than MAX_LINE_CHARS. */
  | "LineTooLong"
  /** A product of more than MAX_SCATTER_ITEMS branches. */
  | "TooManyItems"
  /** A variable with no items, which would give no branches. */
  | "EmptyScatter"
  /** A source read more than once (see REPLAY_CACHE_ITEMS) that gave a different count the second time. */
  | "SourceChanged";

/**
 * A scatter expansion failure a user can act on. The code is also the error's name, which Lambda
 * reports as the error type; the message names the variable and its source where one is at fault.
 */
export class ScatterError extends Error {
  constructor(
    readonly code: ScatterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }

  /** The same error with `where` (a variable and its source) in front of its message. */
  placedAt(where: string): ScatterError {
    return new ScatterError(this.code, `${where}: ${this.message}`, { cause: this.cause });
  }
}
