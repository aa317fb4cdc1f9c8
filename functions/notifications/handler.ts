import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { notifyStatusChange, type NotifyResult } from "../../shared/notifications";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** A Step Functions execution status change: publishes it to the installation's topic. */
export function createNotificationsHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<NotifyResult> => {
    const log = new StepLog("notifications", event, write);
    log.invoked(event);
    const result = await notifyStatusChange(services(context), event);
    if (result.sent) log.info("published", { subject: result.subject, attributes: result.attributes });
    else log.warning(result.reason);
    return result;
  });
}

export const handler = createNotificationsHandler({ services: containerServices(process.env) });
