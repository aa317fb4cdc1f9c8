/**
 * Nesting of brackets, operators and trailers in one expression. Hand-written conditions nest a few
 * levels; the cap keeps the recursive parser and evaluator far from the JS stack limit (Python itself
 * refuses 200 nested parentheses).
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * Items in a string, list or tuple an expression builds. Chooser and QC inputs are small JSON documents;
 * anything bigger is a runaway `*` or `+`, refused before it exhausts a Lambda's memory.
 */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

/** Bits in an int an expression builds: only a runaway `**` or `<<` gets near, and bigint work grows with size. */
export const MAX_INT_BITS = 100_000;

/** Python's own default cap on decimal digits when converting between int and str (sys.get_int_max_str_digits). */
export const MAX_INT_DIGITS = 4300;

/** Nesting of a variable's JSON value; deeper data (or a cyclic JS object) would overflow the recursive conversion. */
export const MAX_VALUE_DEPTH = 1000;
