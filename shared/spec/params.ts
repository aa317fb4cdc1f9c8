import type { SpecError } from "./errors";
import type { TreeNode } from "./tree";

/** `${Name}` with a purely alphanumeric name: a compile-time parameter. Anything else stays for run time. */
const PARAMETER_REF = /\$\{([A-Za-z0-9]+)\}/g;

/**
 * Replaces compile-time parameters in every string of the tree. Names without a value are left
 * alone (they may be shell variables), except declared parameters, which must have one.
 */
export function substituteParameters(
  node: TreeNode,
  values: Record<string, string>,
  declared: Set<string>,
  errors: SpecError[],
): TreeNode {
  switch (node.kind) {
    case "scalar": {
      if (typeof node.value !== "string") return node;
      const text = node.value.replace(PARAMETER_REF, (ref, name: string) => {
        if (Object.hasOwn(values, name)) return values[name];
        if (declared.has(name)) {
          errors.push({ pos: node.pos, message: `parameter '${name}' has no value: give it a Default in Parameters or pass --param ${name}=VALUE` });
        }
        return ref;
      });
      return { ...node, value: text };
    }
    case "seq":
      return { ...node, items: node.items.map((i) => substituteParameters(i, values, declared, errors)) };
    case "map":
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: substituteParameters(e.value, values, declared, errors) })) };
  }
}
