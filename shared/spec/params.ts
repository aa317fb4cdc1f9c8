import type { SpecError } from "./errors";
import { indexField, subField } from "./shapes";
import type { TreeNode } from "./tree";

/** `${Name}` with a purely alphanumeric name: a compile-time parameter. Anything else stays for run time. */
const PARAMETER_REF = /\$\{([A-Za-z0-9]+)\}/g;
/** Keys whose value is a block of steps, so that the keys inside name steps. */
const STEPS_KEYS = new Set(["Steps", "steps"]);

interface Where {
  step?: string;
  field: string;
  /** The node holds steps: its mapping keys are step names. */
  steps: boolean;
}

/**
 * Replaces compile-time parameters in every string of a top-level field. Names without a value are
 * left alone (they may be shell variables), except declared parameters, which must have one.
 */
export function substituteParameters(
  node: TreeNode,
  topLevelKey: string,
  values: Record<string, string>,
  declared: Set<string>,
  errors: SpecError[],
): TreeNode {
  const walk = (n: TreeNode, where: Where): TreeNode => {
    switch (n.kind) {
      case "scalar": {
        if (typeof n.value !== "string") return n;
        const text = n.value.replace(PARAMETER_REF, (ref, name: string) => {
          if (Object.hasOwn(values, name)) return values[name];
          if (declared.has(name)) {
            errors.push({
              pos: n.pos,
              ...(where.step !== undefined && { step: where.step }),
              ...(where.field && { field: where.field }),
              message: `parameter '${name}' has no value: give it a Default in Parameters or pass --param ${name}=VALUE`,
            });
          }
          return ref;
        });
        return { ...n, value: text };
      }
      case "seq":
        return { ...n, items: n.items.map((item, i) => walk(item, where.steps ? where : { ...where, field: indexField(where.field, i) })) };
      case "map":
        return {
          ...n,
          entries: n.entries.map((e) => {
            const inner: Where = where.steps
              ? { step: e.key, field: "", steps: false }
              : { ...where, field: subField(where.field, e.key), steps: STEPS_KEYS.has(e.key) };
            return { ...e, value: walk(e.value, inner) };
          }),
        };
    }
  };
  return walk(node, { field: STEPS_KEYS.has(topLevelKey) ? "" : topLevelKey, steps: STEPS_KEYS.has(topLevelKey) });
}
