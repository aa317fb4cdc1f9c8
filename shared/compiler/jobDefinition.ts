import { MIN_TIMEOUT_SECONDS } from "../spec/language";
import type { BatchStep, Compute, Filesystem } from "../spec/types";
import { cfnText, ref } from "./cfn";
import type { CompileContext, WorkflowName } from "./context";
import { imageArgument } from "./images";
import { boundedToken } from "./names";
import { hostLossRetryStrategy } from "./retry";
import { RUNNER_COMMAND, s3TagsArgument, SCRATCH_PATH } from "./runner";
import { jobDefinitionTags } from "./tags";
import type { CfnResource, CfnValue } from "./types";

/** Batch job definition names: at most 128 of [A-Za-z0-9_-]. */
const MAX_JOB_DEFINITION_NAME = 128;
/** Fair-share queues order one share's jobs by this; every step weighs the same. */
const SCHEDULING_PRIORITY = 1;
const DOCKER_SOCKET = "/var/run/docker.sock";
/** Host folders the compute environment's launch template prepares (scratch disk, docker's own scratch). */
const HOST_SCRATCH = "/scratch";
const HOST_DOCKER_SCRATCH = "/docker_scratch";
const DOCKER_SCRATCH_PATH = "/.scratch";

/**
 * The Batch job definition of one batch step: the runner image and command line, with the step's
 * compile-time runner arguments as parameter defaults (the Task passes the run-time ones). Retained
 * on update and delete, and old revisions stay registered, so older state machine versions keep
 * working after a deploy (roll back by moving the `current` alias).
 */
export function jobDefinition(step: BatchStep, ctx: CompileContext): CfnResource {
  const { settings, options } = ctx;
  return {
    Type: "AWS::Batch::JobDefinition",
    DeletionPolicy: "Retain",
    UpdateReplacePolicy: "Retain",
    Properties: {
      Type: "container",
      JobDefinitionName: jobDefinitionName(step, ctx.workflowName),
      Parameters: {
        command: JSON.stringify(step.commands),
        image: imageArgument(step.image, settings.ecrRegistry),
        qc: JSON.stringify(step.qcCheck),
        shell: step.compute.shell,
        s3tags: s3TagsArgument(options, step.s3Tags),
      },
      ContainerProperties: {
        Image: cfnText({ sub: settings.runnerImage }),
        Command: [...RUNNER_COMMAND],
        JobRoleArn: step.taskRole ?? options.taskRole ?? cfnText({ sub: settings.taskRoleArn }),
        Environment: environment(step, cfnText(ctx.workflowName)),
        ResourceRequirements: resourceRequirements(step.compute),
        ...volumes(step.filesystems),
      },
      RetryStrategy: hostLossRetryStrategy(),
      ...(step.timeoutSeconds !== undefined && {
        Timeout: { AttemptDurationSeconds: Math.max(MIN_TIMEOUT_SECONDS, step.timeoutSeconds) },
      }),
      ...consumableResources(step.compute),
      PropagateTags: true,
      SchedulingPriority: SCHEDULING_PRIORITY,
      ResourceRetentionPolicy: { SkipDeregisterOnUpdate: true },
      Tags: jobDefinitionTags(step, ctx),
    },
  };
}

/** `<workflow>_<step>`, bounded when the workflow name is known (a stack name is at most 128 characters, like the bound). */
function jobDefinitionName(step: BatchStep, workflowName: WorkflowName): CfnValue {
  return typeof workflowName === "string" ? boundedToken(`${workflowName}_${step.name}`, MAX_JOB_DEFINITION_NAME) : cfnText(workflowName, `_${step.name}`);
}

function environment(step: BatchStep, workflowName: CfnValue): Array<{ Name: string; Value: CfnValue }> {
  return [
    { Name: "BC_WORKFLOW_NAME", Value: workflowName },
    { Name: "BC_STEP_NAME", Value: step.name },
    { Name: "BC_SCRATCH_PATH", Value: SCRATCH_PATH },
    { Name: "AWS_DEFAULT_REGION", Value: ref("AWS::Region") },
    { Name: "AWS_ACCOUNT_ID", Value: ref("AWS::AccountId") },
    // Batch reserves GPUs only by count, so `gpu: all` reaches the runner this way alone.
    ...(step.compute.gpu !== 0 ? [{ Name: "BC_GPUS", Value: String(step.compute.gpu) }] : []),
  ];
}

function resourceRequirements(compute: Compute): Array<{ Type: string; Value: string }> {
  return [
    { Type: "VCPU", Value: String(compute.cpus) },
    { Type: "MEMORY", Value: String(compute.memoryMiB) },
    ...(typeof compute.gpu === "number" && compute.gpu > 0 ? [{ Type: "GPU", Value: String(compute.gpu) }] : []),
  ];
}

/** The docker socket (the runner starts the step's container beside itself), scratch space, and each EFS file system with transit encryption; all read-write. */
function volumes(filesystems: Filesystem[]): Record<string, unknown[]> {
  const hostMounts = [
    { name: "docker_socket", host: DOCKER_SOCKET, container: DOCKER_SOCKET },
    { name: "scratch", host: HOST_SCRATCH, container: SCRATCH_PATH },
    { name: "docker_scratch", host: HOST_DOCKER_SCRATCH, container: DOCKER_SCRATCH_PATH },
  ];
  // Indexed names: one file system may be mounted twice, at different roots.
  const efsName = (fs: Filesystem, i: number) => `efs-${i}-${fs.efsId}`;
  return {
    Volumes: [
      ...hostMounts.map((m) => ({ Name: m.name, Host: { SourcePath: m.host } })),
      ...filesystems.map((fs, i) => ({
        Name: efsName(fs, i),
        EfsVolumeConfiguration: { FileSystemId: fs.efsId, RootDirectory: fs.rootDir, TransitEncryption: "ENABLED" },
      })),
    ],
    MountPoints: [
      ...hostMounts.map((m) => ({ SourceVolume: m.name, ContainerPath: m.container, ReadOnly: false })),
      ...filesystems.map((fs, i) => ({ SourceVolume: efsName(fs, i), ContainerPath: fs.hostPath, ReadOnly: false })),
    ],
  };
}

function consumableResources(compute: Compute): Record<string, unknown> {
  const list = Object.entries(compute.consumes).map(([name, quantity]) => ({ ConsumableResource: name, Quantity: quantity }));
  return list.length > 0 ? { ConsumableResourceProperties: { ConsumableResourceList: list } } : {};
}
