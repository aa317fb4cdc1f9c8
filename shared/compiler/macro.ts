import { stringify } from "yaml";
import { formatSpecError, parseWorkflow } from "../spec";
import { compileWorkflow } from ".";
import { STACK_NAME } from "./context";
import type { InstallationSettings } from "./settings";

/** The CloudFormation macro request, as CloudFormation sends it. */
export interface MacroEvent {
  requestId: string;
  fragment: Record<string, unknown>;
  templateParameterValues?: Record<string, unknown>;
  region?: string;
  accountId?: string;
  transformId?: string;
}

export type MacroResponse =
  | { requestId: string; status: "success"; fragment: Record<string, unknown> }
  | { requestId: string; status: "failure"; fragment: Record<string, unknown>; errorMessage: string };

/**
 * Compiles a workflow template handed over by CloudFormation into the template it deploys. The
 * stack's name is the workflow's name; bad input fails the deploy with every error, readable.
 */
export function compileMacroFragment(event: MacroEvent, settings: InstallationSettings): MacroResponse {
  const params = Object.fromEntries(
    Object.entries(event.templateParameterValues ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
  );
  const parsed = parseWorkflow(stringify(event.fragment), "template", { params });
  if (!parsed.ok) {
    const errorMessage = parsed.errors.map((e) => formatSpecError(e, { position: false })).join("; ");
    return { requestId: event.requestId, status: "failure", fragment: event.fragment, errorMessage };
  }
  const { template } = compileWorkflow(parsed.workflow, { name: STACK_NAME, settings });
  return { requestId: event.requestId, status: "success", fragment: template as unknown as Record<string, unknown> };
}
