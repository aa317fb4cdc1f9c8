import packageJson from "../../package.json";

/**
 * What the compiler needs to know about the stepbatch installation (the core stack) a workflow is
 * deployed into. Values may hold CloudFormation pseudo parameters (`${AWS::Region}`,
 * `${AWS::AccountId}`), which the template resolves with `Fn::Sub`, so a compile needs no AWS access.
 *
 * | environment variable                | setting                 | default                                                                                     |
 * |-------------------------------------|-------------------------|---------------------------------------------------------------------------------------------|
 * | `STEPBATCH_INSTALLATION`            | installation            | `stepbatch`                                                                                 |
 * | `STEPBATCH_VERSION`                 | version                 | the version in stepbatch's package.json                                                     |
 * | `STEPBATCH_INITIALIZER_LAMBDA_ARN`  | lambdaArns.initializer  | `arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:<installation>-initializer:live`  |
 * | `STEPBATCH_SCATTER_LAMBDA_ARN`      | lambdaArns.scatter      | same pattern, function `<installation>-scatter`                                             |
 * | `STEPBATCH_SCATTER_INIT_LAMBDA_ARN` | lambdaArns.scatterInit  | same pattern, function `<installation>-scatter-init`                                        |
 * | `STEPBATCH_GATHER_LAMBDA_ARN`       | lambdaArns.gather       | same pattern, function `<installation>-gather`                                              |
 * | `STEPBATCH_CHOOSER_LAMBDA_ARN`      | lambdaArns.chooser      | same pattern, function `<installation>-chooser`                                             |
 * | `STEPBATCH_SUBPIPES_LAMBDA_ARN`     | lambdaArns.subpipes     | same pattern, function `<installation>-subpipes`                                            |
 * | `STEPBATCH_SPOT_QUEUE_ARN`          | queueArns.spot          | `arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/<installation>-spot`              |
 * | `STEPBATCH_ON_DEMAND_QUEUE_ARN`     | queueArns.onDemand      | same pattern, queue `<installation>-on-demand`                                              |
 * | `STEPBATCH_SPOT_GPU_QUEUE_ARN`      | queueArns.spotGpu       | same pattern, queue `<installation>-spot-gpu`                                               |
 * | `STEPBATCH_ON_DEMAND_GPU_QUEUE_ARN` | queueArns.onDemandGpu   | same pattern, queue `<installation>-on-demand-gpu`                                          |
 * | `STEPBATCH_RUNNER_IMAGE`            | runnerImage             | `${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/<installation>-runner:<version>`    |
 * | `STEPBATCH_TASK_ROLE_ARN`           | taskRoleArn             | `arn:aws:iam::${AWS::AccountId}:role/<installation>-ecs-task-role`                          |
 * | `STEPBATCH_STATES_ROLE_ARN`         | statesRoleArn           | `arn:aws:iam::${AWS::AccountId}:role/<installation>-states-execution-role`                  |
 * | `STEPBATCH_LAUNCHER_BUCKET`         | launcherBucket          | `<installation>-launcher-${AWS::AccountId}`                                                 |
 * | `STEPBATCH_ECR_REGISTRY`            | ecrRegistry             | `${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com`                                    |
 *
 * An empty variable counts as unset.
 */
export interface InstallationSettings {
  /** The core stack's name; prefixes the installation's resources and tags each state machine. */
  installation: string;
  /** stepbatch version: the runner image tag and a tag on every state machine and job definition. */
  version: string;
  lambdaArns: LambdaArns;
  queueArns: QueueArns;
  /** Runner image URI with its tag. */
  runnerImage: string;
  /** Job role of batch steps that name none (neither the step nor Options). */
  taskRoleArn: string;
  /** The role Step Functions assumes to run the state machine. */
  statesRoleArn: string;
  /** Bucket that starts a run when a job file lands in it. */
  launcherBucket: string;
  /** Registry that short image names (`myimage:1.0`) expand to. */
  ecrRegistry: string;
}

export interface LambdaArns {
  initializer: string;
  scatter: string;
  scatterInit: string;
  gather: string;
  chooser: string;
  subpipes: string;
}

export interface QueueArns {
  spot: string;
  onDemand: string;
  spotGpu: string;
  onDemandGpu: string;
}

export const DEFAULT_INSTALLATION = "stepbatch";
export const STEPBATCH_VERSION: string = packageJson.version;
/** The alias each installation Lambda is published under, so the core stack can roll them forward atomically. */
const LAMBDA_ALIAS = "live";
const ECR_REGISTRY = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com";

/** Reads the installation settings from `STEPBATCH_*` variables, with the defaults in the table above. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): InstallationSettings {
  const read = (name: string): string | undefined => env[`STEPBATCH_${name}`] || undefined;
  const installation = read("INSTALLATION") ?? DEFAULT_INSTALLATION;
  const version = read("VERSION") ?? STEPBATCH_VERSION;
  const lambda = (name: string, fn: string) =>
    read(name) ?? `arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${installation}-${fn}:${LAMBDA_ALIAS}`;
  const queue = (name: string, queueName: string) =>
    read(name) ?? `arn:aws:batch:\${AWS::Region}:\${AWS::AccountId}:job-queue/${installation}-${queueName}`;
  return {
    installation,
    version,
    lambdaArns: {
      initializer: lambda("INITIALIZER_LAMBDA_ARN", "initializer"),
      scatter: lambda("SCATTER_LAMBDA_ARN", "scatter"),
      scatterInit: lambda("SCATTER_INIT_LAMBDA_ARN", "scatter-init"),
      gather: lambda("GATHER_LAMBDA_ARN", "gather"),
      chooser: lambda("CHOOSER_LAMBDA_ARN", "chooser"),
      subpipes: lambda("SUBPIPES_LAMBDA_ARN", "subpipes"),
    },
    queueArns: {
      spot: queue("SPOT_QUEUE_ARN", "spot"),
      onDemand: queue("ON_DEMAND_QUEUE_ARN", "on-demand"),
      spotGpu: queue("SPOT_GPU_QUEUE_ARN", "spot-gpu"),
      onDemandGpu: queue("ON_DEMAND_GPU_QUEUE_ARN", "on-demand-gpu"),
    },
    runnerImage: read("RUNNER_IMAGE") ?? `${ECR_REGISTRY}/${installation}-runner:${version}`,
    taskRoleArn: read("TASK_ROLE_ARN") ?? `arn:aws:iam::\${AWS::AccountId}:role/${installation}-ecs-task-role`,
    statesRoleArn: read("STATES_ROLE_ARN") ?? `arn:aws:iam::\${AWS::AccountId}:role/${installation}-states-execution-role`,
    launcherBucket: read("LAUNCHER_BUCKET") ?? `${installation}-launcher-\${AWS::AccountId}`,
    ecrRegistry: read("ECR_REGISTRY") ?? ECR_REGISTRY,
  };
}
