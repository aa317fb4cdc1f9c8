import type { BlockScope } from "./context";
import { fail } from "./shapes";
import { RESERVED_STEP_NAMES, resourceKey } from "./names";

/** Checks that need the whole workflow: names are global, and jumps stay inside their block. */
export function checkWorkflow(scope: BlockScope): void {
  const byName = new Map<string, (typeof scope.registry)[number]>();
  const byKey = new Map<string, (typeof scope.registry)[number]>();
  for (const step of scope.registry) {
    const cx = { errors: scope.errors, step: step.name };
    if (RESERVED_STEP_NAMES.includes(step.name)) {
      fail(cx, { pos: step.at }, "", `'${step.name}' is the name of a state stepbatch adds itself; rename the step`);
    }
    const same = byName.get(step.name);
    if (same) {
      fail(cx, { pos: step.at }, "", `step name '${step.name}' is already used at line ${same.at.line} (in ${same.block}); step names must be unique in the whole workflow`);
      continue;
    }
    byName.set(step.name, step);
    const key = resourceKey(step.name);
    const clash = byKey.get(key);
    if (clash) {
      fail(cx, { pos: step.at }, "", `step names '${clash.name}' (line ${clash.at.line}) and '${step.name}' become the same AWS resource name; rename one of them`);
    } else byKey.set(key, step);
  }
  for (const jump of scope.unresolved) {
    const cx = { errors: scope.errors, step: jump.step };
    const target = byName.get(jump.target);
    const message = target
      ? `'${jump.target}' is in ${target.block}, but this step is in ${jump.block}; next cannot jump into or out of a block`
      : `there is no step named '${jump.target}'${suggest(jump.target, [...byName.keys()])}`;
    fail(cx, jump, jump.field, message);
  }
}

function suggest(name: string, names: string[]): string {
  const close = names.find((n) => n.toLowerCase() === name.toLowerCase() || resourceKey(n) === resourceKey(name));
  return close ? `; did you mean '${close}'?` : "";
}
