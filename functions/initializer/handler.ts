import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { initializeJob, type JobObject } from "../../shared/initializer";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** The Initialize state: makes the run's repository and job data, and returns the job object. */
export function createInitializerHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<JobObject | Record<string, unknown>> => {
    const log = new StepLog("initializer", event, write);
    log.invoked(event);
    const result = await initializeJob(services(context), event);
    log.info("initialized", { result });
    return result;
  });
}

export const handler = createInitializerHandler({ services: containerServices(process.env) });
