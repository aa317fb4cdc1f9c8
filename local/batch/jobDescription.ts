import type { Json } from "../asl/types";
import type { LocalJobDefinition } from "./jobDefinitions";

/** One attempt of a job, as DescribeJobs lists it. Times are epoch milliseconds, as Batch gives them. */
export interface AttemptRecord {
  exitCode: number | null;
  logStreamName: string;
  startedAt: number;
  stoppedAt: number;
  statusReason: string;
}

/** What the local Batch knows of a submitted job. */
export interface JobRecord {
  jobId: string;
  jobArn: string;
  jobName: string;
  jobQueue: string;
  definition: LocalJobDefinition;
  shareIdentifier?: string;
  /** Defaults merged with the submitted parameters. */
  parameters: Record<string, string>;
  /** The command with its parameters filled in. */
  command: string[];
  /** The job definition's environment with the submitted overrides. */
  environment: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  attempts: AttemptRecord[];
}

export type FinalStatus = "SUCCEEDED" | "FAILED";

/**
 * The job as the Step Functions `.sync` integration returns it: DescribeJobs' job detail with
 * PascalCase keys, the output of a succeeded task and, as JSON text, the Cause of a failed one.
 */
export function describeJob(job: JobRecord, status: FinalStatus, statusReason: string, stoppedAt: number): { [key: string]: Json } {
  const { definition } = job;
  const last = job.attempts.at(-1);
  return {
    Attempts: job.attempts.map((attempt) => ({
      Container: { ...exitCode(attempt.exitCode), LogStreamName: attempt.logStreamName, NetworkInterfaces: [] },
      StartedAt: attempt.startedAt,
      StoppedAt: attempt.stoppedAt,
      StatusReason: attempt.statusReason,
    })),
    Container: {
      Command: job.command,
      Environment: Object.entries(job.environment).map(([Name, Value]) => ({ Name, Value })),
      ...exitCode(last?.exitCode ?? null),
      Image: definition.image,
      ...(definition.jobRoleArn !== undefined && { JobRoleArn: definition.jobRoleArn }),
      ...(last !== undefined && { LogStreamName: last.logStreamName }),
      NetworkInterfaces: [],
      ResourceRequirements: resourceRequirements(definition),
    },
    CreatedAt: job.createdAt,
    DependsOn: [],
    JobArn: job.jobArn,
    JobDefinition: definition.arn,
    JobId: job.jobId,
    JobName: job.jobName,
    JobQueue: job.jobQueue,
    Parameters: job.parameters,
    PlatformCapabilities: [],
    RetryStrategy: {
      Attempts: definition.retryStrategy.attempts,
      EvaluateOnExit: definition.retryStrategy.evaluateOnExit.map((condition) => ({
        Action: condition.action,
        ...(condition.onStatusReason !== undefined && { OnStatusReason: condition.onStatusReason }),
        ...(condition.onReason !== undefined && { OnReason: condition.onReason }),
        ...(condition.onExitCode !== undefined && { OnExitCode: condition.onExitCode }),
      })),
    },
    ...(job.shareIdentifier !== undefined && { ShareIdentifier: job.shareIdentifier }),
    ...(last !== undefined && { StartedAt: last.startedAt }),
    Status: status,
    StatusReason: statusReason,
    StoppedAt: stoppedAt,
    Tags: job.tags,
    ...(definition.timeoutSeconds !== undefined && { Timeout: { AttemptDurationSeconds: definition.timeoutSeconds } }),
  };
}

function exitCode(code: number | null): { ExitCode?: number } {
  return code === null ? {} : { ExitCode: code };
}

function resourceRequirements({ resources }: LocalJobDefinition): Array<{ Type: string; Value: string }> {
  return [
    { Type: "VCPU", Value: String(resources.vcpus) },
    { Type: "MEMORY", Value: String(resources.memoryMiB) },
    ...(resources.gpus !== undefined ? [{ Type: "GPU", Value: String(resources.gpus) }] : []),
  ];
}
