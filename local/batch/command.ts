/** How a job definition's command marks a parameter: the whole argument `Ref::<name>`. */
const PLACEHOLDER = "Ref::";

/** The job's parameters: the job definition's defaults, overridden by the submitted ones (Batch's rule). */
export function jobParameters(defaults: Record<string, string>, submitted: Record<string, string>): Record<string, string> {
  return { ...defaults, ...submitted };
}

/**
 * The command as Batch runs it: each argument that is exactly `Ref::<name>` replaced by parameter
 * `<name>`. An argument whose parameter is unset stays as written, as Batch leaves it (the runner
 * reads a bare `Ref::` argument as "not given").
 */
export function expandCommand(command: readonly string[], parameters: Record<string, string>): string[] {
  return command.map((argument) => {
    if (!argument.startsWith(PLACEHOLDER)) return argument;
    const name = argument.slice(PLACEHOLDER.length);
    return Object.hasOwn(parameters, name) ? parameters[name] : argument;
  });
}
