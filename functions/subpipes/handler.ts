import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { StepLog } from "../../shared/stepLambdas";
import { parseSubpipeEvent, runSubpipe, type SubpipeOutcome } from "../../shared/subpipes";

const services = containerServices(process.env);

/** A subpipe step's first (`mode: submit`) and last (`mode: retrieve`) states: the child's repository, and the files it hands back. */
async function subpipes(event: unknown, context: Context): Promise<SubpipeOutcome["result"]> {
  const log = new StepLog("subpipes", event);
  log.invoked(event);
  const request = parseSubpipeEvent(event);
  const { result, copied } = await runSubpipe(services(context).store, request);
  log.info(`${request.mode} done`, { copied, ...result });
  return result;
}

export const handler = middy(subpipes);
