import type { LambdaArns, QueueArns } from "./settings";

// Everything that differs between installations reaches the ASL as a `${Name}` placeholder, which the
// template's DefinitionSubstitutions fill in (and the local engine fills itself), so one workflow
// compiles to the same definition everywhere. Job definitions add one placeholder each, named by
// their logical ID (see jobDefinitionLogicalId).

export const WORKFLOW_NAME = "WorkflowName";
export const AWS_REGION = "AWSRegion";
export const AWS_ACCOUNT_ID = "AWSAccountId";

export const LAMBDA_PLACEHOLDERS: Readonly<Record<keyof LambdaArns, string>> = {
  initializer: "InitializerLambdaArn",
  scatter: "ScatterLambdaArn",
  scatterInit: "ScatterInitLambdaArn",
  gather: "GatherLambdaArn",
  chooser: "ChooserLambdaArn",
  subpipes: "SubpipesLambdaArn",
};

export const QUEUE_PLACEHOLDERS: Readonly<Record<keyof QueueArns, string>> = {
  spot: "SpotQueueArn",
  onDemand: "OnDemandQueueArn",
  spotGpu: "SpotGpuQueueArn",
  onDemandGpu: "OnDemandGpuQueueArn",
};

/** `${Name}`: how a placeholder is written inside the definition. */
export function placeholder(name: string): string {
  return `\${${name}}`;
}
