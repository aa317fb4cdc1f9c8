import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { gatherOutputs, parseGatherEvent, type GatherResult } from "../../shared/gather";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** A scatter step's last state: the manifest of the branches' output files. */
export function createGatherHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<GatherResult> => {
    const log = new StepLog("gather", event, write);
    log.invoked(event);
    const { result, branches, warnings } = await gatherOutputs(services(context).store, parseGatherEvent(event));
    for (const warning of warnings) log.warning(warning);
    log.info("gathered", { branches, ...result });
    return result;
  });
}

export const handler = createGatherHandler({ services: containerServices(process.env) });
