import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { launchJob, type LaunchResult } from "../../shared/launcher";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** An S3 "Object Created" event from the launcher bucket: starts the run its job file asks for. */
export function createLauncherHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<LaunchResult> => {
    const log = new StepLog("launcher", event, write);
    log.invoked(event);
    const result = await launchJob(services(context), event);
    if (result.outcome === "refused") log.warning(result.message, { ...result });
    else log.info(result.message, { ...result });
    return result;
  });
}

export const handler = createLauncherHandler({ services: containerServices(process.env) });
