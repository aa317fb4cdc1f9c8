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
      // Only what changes is copied, field by field: tree nodes may keep their positions in getters.
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
        return text === n.value ? n : { kind: "scalar", value: text, pos: n.pos };
      }
      case "seq":
      {
        const items = n.items.map((item, i) => walk(item, where.steps ? where : { ...where, field: indexField(where.field, i) }));
        return items.every((item, i) => item === n.items[i]) ? n : { kind: "seq", pos: n.pos, items };
      }
      case "map":
      {
        const values = n.entries.map((e) => {
          const inner: Where = where.steps
            ? { step: e.key, field: "", steps: false }
            : { ...where, field: subField(where.field, e.key), steps: STEPS_KEYS.has(e.key) };
          return walk(e.value, inner);
        });
        if (values.every((v, i) => v === n.entries[i].value)) return n;
        return { kind: "map", pos: n.pos, entries: n.entries.map((e, i) => (values[i] === e.value ? e : { key: e.key, keyPos: e.keyPos, value: values[i] })) };
      }
    }
  };
  return walk(node, { field: STEPS_KEYS.has(topLevelKey) ? "" : topLevelKey, steps: STEPS_KEYS.has(topLevelKey) });
}
