import type { Retry } from "../spec/types";

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: "FULL";
}

/** Transient Lambda service failures, the ones AWS recommends retrying (bp-lambda-serviceexception). */
const LAMBDA_SERVICE_ERRORS = [
  "Lambda.ClientExecutionTimeoutException",
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
export const LAMBDA_RETRY_ATTEMPTS = 5;
/** Every scatter branch calls scatter-init at once, so thousands of calls can hit the concurrency limit together. */
export const SCATTER_INIT_RETRY_ATTEMPTS = 10;
const LAMBDA_RETRY_INTERVAL_SECONDS = 2;
const LAMBDA_RETRY_BACKOFF = 2;

/** Batch API throttling (SubmitJob allows 50 TPS per account): wide fan-outs hit it, so wait it out. */
const BATCH_THROTTLING_RETRIER: AslRetrier = {
  ErrorEquals: ["Batch.AWSBatchException"],
  IntervalSeconds: 30,
  MaxAttempts: 20,
  BackoffRate: 2,
  MaxDelaySeconds: 300,
  JitterStrategy: "FULL",
};
/** ASL requires IntervalSeconds to be a positive integer. */
const MIN_RETRY_INTERVAL_SECONDS = 1;

export function lambdaRetry(maxAttempts: number): AslRetrier[] {
  return [
    {
      ErrorEquals: LAMBDA_SERVICE_ERRORS,
      IntervalSeconds: LAMBDA_RETRY_INTERVAL_SECONDS,
      MaxAttempts: maxAttempts,
      BackoffRate: LAMBDA_RETRY_BACKOFF,
      JitterStrategy: "FULL",
    },
  ];
}

/** Throttling first (it must not use up the user's attempts), then the step's own retry on any error, unless it asks for none. */
export function batchRetry(retry: Retry): AslRetrier[] {
  if (retry.attempts === 0) return [BATCH_THROTTLING_RETRIER];
  return [
    BATCH_THROTTLING_RETRIER,
    {
      ErrorEquals: ["States.ALL"],
      IntervalSeconds: Math.max(MIN_RETRY_INTERVAL_SECONDS, retry.intervalSeconds),
      MaxAttempts: retry.attempts,
      BackoffRate: retry.backoffRate,
    },
  ];
}

/**
 * Attempts Batch itself makes when a spot instance is reclaimed under a job (status reason
 * "Host EC2 ... terminated"). Retrying those in Batch keeps the same Step Functions task and does not
 * spend the user's `retry.attempts`; every other failure exits at once and is retried (or not) by
 * Step Functions, per the user's retry. Batch allows 1–10 attempts.
 */
export const SPOT_RECLAIM_ATTEMPTS = 3;

/** The job definition's RetryStrategy: RETRY on host loss, EXIT on everything else (the catch-all is required, or Batch retries unmatched failures too). */
export function hostLossRetryStrategy(): Record<string, unknown> {
  return {
    Attempts: SPOT_RECLAIM_ATTEMPTS,
    EvaluateOnExit: [
      { OnStatusReason: "Host EC2*", Action: "RETRY" },
      { OnReason: "*", Action: "EXIT" },
    ],
  };
}
