import { SubstitutionError, type SubstitutionErrorCode } from "./errors";
import { lookupPath, parsePath } from "./path";
import { ROOTS, type Root, type SubstitutionPolicy } from "./policy";
import { renderValue } from "./render";

/**
 * `${root.path}` or `${!root.path}` for a known root, where the path after the root starts with `.`
 * or `[`; everything up to the closing brace is the path, checked by parsePath.
 */
const REFERENCE = new RegExp(`\\$\\{(!?)((${ROOTS.join("|")})[.[][^}]*)\\}`, "g");

/**
 * Replaces job-data references in `text` with values from `data` (`{job, scatter, parent}`), as
 * `policy` says (see policy.ts). Throws SubstitutionError where the policy makes an unresolved
 * reference or an unrenderable value an error.
 */
export function substitute(text: string, data: unknown, policy: SubstitutionPolicy): string {
  return text.replace(REFERENCE, (reference: string, bang: string, path: string, root: Root) => {
    if (bang !== "" && !policy.escapedForm) return reference;
    const unresolved = (code: SubstitutionErrorCode, reason: string) => {
      if (policy.missing === "keep") return reference;
      throw new SubstitutionError(code, path, policy.context, reason, text);
    };
    if (!policy.roots.includes(root)) {
      const allowed = policy.roots.map((name) => `\${${name}.…}`).join(", ");
      return unresolved("RootNotAllowed", `${policy.context} may only use ${allowed}`);
    }
    if (!parsePath(path)) {
      return unresolved("BadReference", `${path} is not a path like job.a.b or job.list[0]`);
    }
    const lookup = lookupPath(data, path);
    if (!lookup.found) return unresolved("MissingValue", `${path} not found in the job data`);
    const rendering = renderValue(lookup.value, path, policy);
    if ("text" in rendering) return rendering.text;
    if (rendering.refused === "MissingValue") return unresolved(rendering.refused, rendering.reason);
    throw new SubstitutionError(rendering.refused, path, policy.context, rendering.reason, text);
  });
}
