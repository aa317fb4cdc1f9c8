import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { choose, parseChooserEvent } from "../../shared/chooser";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/**
 * A simple chooser's choice (the first true expression, or null), or a parallel branch's condition
 * (the expression when true; a ConditionFailed error, which the compiled Catch turns into a skip,
 * when false). middy rethrows the handler's error as it is, so Lambda reports its name unchanged.
 */
export function createChooserHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<string | null> => {
    const log = new StepLog("chooser", event, write);
    log.invoked(event);
    const { choice, evaluations } = await choose(services(context).store, parseChooserEvent(event));
    log.info("chosen", { choice, evaluations });
    return choice;
  });
}

export const handler = createChooserHandler({ services: containerServices(process.env) });
