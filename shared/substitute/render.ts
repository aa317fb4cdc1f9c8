import { pyStr, toPython } from "../expr";
import type { SubstitutionPolicy } from "./policy";

export type Rendering = { text: string } | { refused: "MissingValue" | "UnrenderableValue"; reason: string };

/** A found value as text, by the rules in policy.ts. */
export function renderValue(value: unknown, path: string, policy: SubstitutionPolicy): Rendering {
  if (value === null) return { refused: "MissingValue", reason: `${path} is null in the job data` };
  if (typeof value === "string") return { text: value };
  // Python's str(): integral numbers without ".0", floats as repr, booleans True/False.
  if (typeof value === "number" || typeof value === "boolean") return { text: pyStr(toPython(value)) };
  if (policy.structures === "error") {
    const kind = Array.isArray(value) ? "a list" : "an object";
    return { refused: "UnrenderableValue", reason: `${path} is ${kind}; ${policy.context} takes a string, number or boolean` };
  }
  return { text: JSON.stringify(value) };
}
