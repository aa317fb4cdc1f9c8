import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { initializeBranch, parseBranchEvent } from "../../shared/branches";
import type { Repository } from "../../shared/repository";
import { StepLog, type HandlerDeps } from "../../shared/stepLambdas";

/** The first state of each scatter branch: the branch's job data and repository. */
export function createScatterInitHandler({ services, write }: HandlerDeps) {
  return middy(async (event: unknown, context?: Context): Promise<Repository> => {
    const log = new StepLog("scatter-init", event, write);
    log.invoked(event);
    const branchRepo = await initializeBranch(services(context).store, parseBranchEvent(event));
    log.info("branch job data written", { branch_repo: branchRepo.uri });
    return branchRepo;
  });
}

export const handler = createScatterInitHandler({ services: containerServices(process.env) });
