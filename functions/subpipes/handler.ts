import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";
import { parseSubpipeEvent, runSubpipe, type SubpipeOutcome } from "../../shared/subpipes";

/** A subpipe step's first (`mode: submit`) and last (`mode: retrieve`) states: the child's repository, and the files it hands back. */
export function createSubpipesHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<SubpipeOutcome["result"]> => {
    const log = new StepLog("subpipes", event, write);
    log.invoked(event);
    const request = parseSubpipeEvent(event);
    const { result, copied } = await runSubpipe(services(context).store, request);
    log.info(`${request.mode} done`, { copied, ...result });
    return result;
  });
}

export const handler = createSubpipesHandler({ services: containerServices(process.env) });
