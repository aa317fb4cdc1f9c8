import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { launchJob, type LaunchResult } from "../../shared/launcher";
import { StepLog } from "../../shared/stepLambdas";

const services = containerServices(process.env);

/** An S3 "Object Created" event from the launcher bucket: starts the run its job file asks for. */
async function launch(event: unknown, context: Context): Promise<LaunchResult> {
  const log = new StepLog("launcher", event);
  log.invoked(event);
  const result = await launchJob(services(context), event);
  if (result.outcome === "refused") log.warning(result.message, { ...result });
  else log.info(result.message, { ...result });
  return result;
}

export const handler = middy(launch);
