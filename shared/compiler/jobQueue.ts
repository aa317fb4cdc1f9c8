import type { Compute } from "../spec/types";
import { AWS_ACCOUNT_ID, AWS_REGION, placeholder, QUEUE_PLACEHOLDERS } from "./placeholders";

/** A named custom queue in the workflow's own account and region, else the installation's spot/on-demand × CPU/GPU queue. */
export function jobQueue(compute: Compute): string {
  if (compute.queueName !== undefined) {
    return `arn:aws:batch:${placeholder(AWS_REGION)}:${placeholder(AWS_ACCOUNT_ID)}:job-queue/${compute.queueName}`;
  }
  const queue = compute.gpu !== 0 ? (compute.spot ? "spotGpu" : "onDemandGpu") : compute.spot ? "spot" : "onDemand";
  return placeholder(QUEUE_PLACEHOLDERS[queue]);
}
