import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { containerServices } from "../../shared/aws";
import { initializeBranch, parseBranchEvent } from "../../shared/branches";
import type { Repository } from "../../shared/repository";
import { StepLog } from "../../shared/stepLambdas";

const services = containerServices(process.env);

/** The first state of each scatter branch: the branch's job data and repository. */
async function scatterInit(event: unknown, context: Context): Promise<Repository> {
  const log = new StepLog("scatter-init", event);
  log.invoked(event);
  const branchRepo = await initializeBranch(services(context).store, parseBranchEvent(event));
  log.info("branch job data written", { branch_repo: branchRepo.uri });
  return branchRepo;
}

export const handler = middy(scatterInit);
