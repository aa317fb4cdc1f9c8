import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { initializeJob, type JobObject } from "../../shared/initializer";
import { StepLog } from "../../shared/stepLambdas";

const services = containerServices(process.env);

/** The Initialize state: makes the run's repository and job data, and returns the job object. */
async function initialize(event: unknown, context: Context): Promise<JobObject | Record<string, unknown>> {
  const log = new StepLog("initializer", event);
  log.invoked(event);
  const result = await initializeJob(services(context), event);
  log.info("initialized", { result });
  return result;
}

export const handler = middy(initialize);
