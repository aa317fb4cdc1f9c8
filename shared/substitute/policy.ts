/** The roots of job data: `{job, scatter, parent}` (see shared/repository JobData). */
export type Root = "job" | "scatter" | "parent";

/** Every root the engine recognises; only these start a reference, so `${HOME}` or `${name}` are never touched. */
export const ROOTS: readonly Root[] = ["job", "scatter", "parent"];

/**
 * What one context does with `${root.path}` references, as data. How values render is the same in
 * every context (see the table below) except where `structures` says otherwise.
 */
export interface SubstitutionPolicy {
  /** Where the text comes from, as error messages name it. */
  readonly context: string;
  /** The roots this context may look up; a reference to another root is unresolved. */
  readonly roots: readonly Root[];
  /** Whether `${!job.x}` (CloudFormation's escaped `${job.x}`) counts as a reference too. */
  readonly escapedForm: boolean;
  /**
   * What an unresolved reference does (path not in the data, value null, root not allowed, path
   * that does not parse): "keep" leaves it as written; "error" throws a SubstitutionError.
   */
  readonly missing: "keep" | "error";
  /** How a list or object renders: compact JSON text, or "error" (a SubstitutionError). */
  readonly structures: "json" | "error";
}

/*
 * The policies (the README copies these tables):
 *
 * | policy              | used for                                                                                             | roots                 | `${!job.x}`  | unresolved (missing, null, bad path, other root) | lists and objects |
 * |---------------------|------------------------------------------------------------------------------------------------------|-----------------------|--------------|--------------------------------------------------|-------------------|
 * | `REPOSITORY_POLICY` | the initializer: the workflow's `Repository` template                                                | job                   | substituted  | SubstitutionError                                | SubstitutionError |
 * | `LAMBDA_POLICY`     | scatter inputs, outputs and sources; gather outputs; subpipe copy specs and job_data; chooser inputs | job, scatter, parent  | left as is   | SubstitutionError                                | compact JSON      |
 * | `RUNNER_POLICY`     | batch steps: commands, inputs, outputs (names, dests, tags), references, s3 tags, image tag          | job, scatter, parent  | left as is   | kept as written                                  | compact JSON      |
 *
 * Rendering, the same in every context:
 *
 * | value              | renders as                                                  | why                                                                                                  |
 * |--------------------|-------------------------------------------------------------|------------------------------------------------------------------------------------------------------|
 * | string             | itself                                                      |                                                                                                      |
 * | number             | as Python prints it: `3`, `2.5`, `1e-05`                    | the reference read job files with Python; integral values print without `.0` (JSON.parse cannot tell `2.0` from `2`); beyond 2^53 JS cannot tell ints from floats, so they print as Python floats (`1e+20`) |
 * | `true` / `false`   | `True` / `False`                                            | every reference context printed Python's str(); workflows test `= True`                              |
 * | `0`, `""`, `false` | `0`, empty, `False`                                         | falsy values are values, never "missing"                                                             |
 * | `null`             | unresolved, like a missing key                              | the reference's lookup returned None for both, so no workflow relies on a rendering                  |
 * | list, object       | compact JSON: `["a","b"]`, `{"k":1}` (inside, JSON `true`, `null`) | one rule any program can parse (the reference runner wrote Python repr, its Lambdas JSON-encoded twice: neither is JSON); a repository URI has no use for one, so there it is an error |
 *
 * Only `${job.…}`, `${scatter.…}` and `${parent.…}` (a root followed by `.` or `[`) are references:
 * `${HOME}`, `${name}` (a file symbol), `${job}` and bash's `${!var}` are never touched. A reference's
 * path is names (letters, digits, `_`, `-`) joined by `.`, and indexes `[0]`, `[-1]`. Substitution is
 * one pass: a substituted value that itself contains `${job.x}` stays as it is.
 */

/** The initializer resolves the repository template from the job file alone; a URI needs text. */
export const REPOSITORY_POLICY: SubstitutionPolicy = {
  context: "the repository template",
  roots: ["job"],
  escapedForm: true,
  missing: "error",
  structures: "error",
};

/** Lambdas name files and sources: a silently unresolved reference would name the wrong file. */
export const LAMBDA_POLICY: SubstitutionPolicy = {
  context: "a step field",
  roots: ["job", "scatter", "parent"],
  escapedForm: false,
  missing: "error",
  structures: "json",
};

/** The runner keeps what it cannot resolve, as the reference did, and leaves the rest to the shell. */
export const RUNNER_POLICY: SubstitutionPolicy = {
  context: "a batch step field",
  roots: ["job", "scatter", "parent"],
  escapedForm: false,
  missing: "keep",
  structures: "json",
};
