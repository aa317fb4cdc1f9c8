import middy from "@middy/core";
import { compileMacroFragment, type MacroEvent, type MacroResponse } from "../../shared/compiler/macro";
import { settingsFromEnv } from "../../shared/compiler/settings";

/** The CloudFormation macro (Transform) that compiles workflow templates at deploy time. */
async function compileTemplate(event: MacroEvent): Promise<MacroResponse> {
  if (typeof event?.requestId !== "string" || typeof event.fragment !== "object" || event.fragment === null) {
    throw new Error("not a CloudFormation macro event: expected requestId and fragment");
  }
  const response = compileMacroFragment(event, settingsFromEnv(process.env));
  console.log(JSON.stringify({ requestId: event.requestId, status: response.status, ...(response.status === "failure" && { error: response.errorMessage }) }));
  return response;
}

export const handler = middy(compileTemplate);
