import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { parseScatterEvent, startScatter, type ScatterResult } from "../../shared/branches";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** A scatter step's first state: the branch job data template and the item file the Distributed Map reads. */
export function createScatterHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<ScatterResult> => {
    const log = new StepLog("scatter", event, write);
    log.invoked(event);
    const { result, branches } = await startScatter(services(context).store, parseScatterEvent(event));
    log.info("items written", { branches, items: `s3://${result.items.bucket}/${result.items.key}`, scatter_repo: result.repo.uri });
    return result;
  });
}

export const handler = createScatterHandler({ services: containerServices(process.env) });
