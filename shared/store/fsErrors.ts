/** The `code` of a Node.js system error (ENOENT, EACCES, ...), or undefined for other errors. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Errors that mean "no such file here": the path, or a folder on the way to it, is missing or a file. */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

/** For `.catch`: a missing path yields `fallback` (another writer got there first); other errors stay errors. */
export function ignoreMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isMissing(error)) return fallback;
    throw error;
  };
}
