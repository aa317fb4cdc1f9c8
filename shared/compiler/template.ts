import { cfnText, ref } from "./cfn";
import type { CompileContext } from "./context";
import { AWS_ACCOUNT_ID, AWS_REGION, LAMBDA_PLACEHOLDERS, QUEUE_PLACEHOLDERS, WORKFLOW_NAME } from "./placeholders";
import type { LambdaArns, QueueArns } from "./settings";
import { INSTALLATION_TAG, VERSION_TAG } from "./tags";
import type { AslDefinition, CfnTemplate, CfnValue } from "./types";

/** The alias the launcher and parent workflows start; each deploy points it at the new version. */
export const CURRENT_ALIAS = "current";
export const STATE_MACHINE_ID = "MainStateMachine";
const VERSION_ID = "MainStateMachineVersion";
const ALIAS_ID = "MainStateMachineAlias";

/**
 * The workflow's stack: its job definitions, the state machine (definition inline, installation
 * values filled in through DefinitionSubstitutions), an immutable version per deploy and the
 * `current` alias routing every run to it, so a rollback is moving the alias back.
 */
export function buildTemplate(
  definition: AslDefinition,
  parameters: Record<string, Record<string, unknown>>,
  ctx: CompileContext,
): CfnTemplate {
  const { settings, workflowName } = ctx;
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: typeof workflowName === "string" ? `stepbatch workflow ${workflowName}` : "stepbatch workflow",
    ...(Object.keys(parameters).length > 0 && { Parameters: parameters }),
    Resources: {
      ...ctx.jobDefinitions,
      [STATE_MACHINE_ID]: {
        Type: "AWS::StepFunctions::StateMachine",
        // Keep the old machine, with its versions and executions, if a change forces a replacement.
        UpdateReplacePolicy: "Retain",
        Properties: {
          StateMachineName: cfnText(workflowName),
          StateMachineType: "STANDARD",
          Definition: definition,
          DefinitionSubstitutions: definitionSubstitutions(ctx),
          RoleArn: cfnText({ sub: settings.statesRoleArn }),
          Tags: [
            { Key: INSTALLATION_TAG, Value: settings.installation },
            { Key: VERSION_TAG, Value: settings.version },
          ],
        },
      },
      [VERSION_ID]: {
        Type: "AWS::StepFunctions::StateMachineVersion",
        // A new revision replaces this resource; the old version must stay for rollbacks.
        UpdateReplacePolicy: "Retain",
        Properties: {
          StateMachineArn: ref(STATE_MACHINE_ID),
          StateMachineRevisionId: { "Fn::GetAtt": [STATE_MACHINE_ID, "StateMachineRevisionId"] },
        },
      },
      [ALIAS_ID]: {
        Type: "AWS::StepFunctions::StateMachineAlias",
        Properties: {
          Name: CURRENT_ALIAS,
          RoutingConfiguration: [{ StateMachineVersionArn: ref(VERSION_ID), Weight: 100 }],
        },
      },
    },
    Outputs: {
      LauncherBucketName: { Description: "Bucket that starts runs", Value: cfnText({ sub: settings.launcherBucket }) },
      LauncherURI: {
        Description: "Put a job file under this prefix to start a run",
        Value: cfnText("s3://", { sub: settings.launcherBucket }, "/", workflowName, "/"),
      },
      StepFunctionsStateMachineArn: { Description: "The workflow's state machine", Value: ref(STATE_MACHINE_ID) },
      StepFunctionsStateMachineAliasArn: { Description: `The '${CURRENT_ALIAS}' alias that runs start`, Value: ref(ALIAS_ID) },
    },
  };
}

/** Placeholder name → value, for every placeholder the definition may use. */
function definitionSubstitutions(ctx: CompileContext): Record<string, CfnValue> {
  const { lambdaArns, queueArns } = ctx.settings;
  const lambdas = Object.entries(LAMBDA_PLACEHOLDERS).map(([key, name]) => [name, cfnText({ sub: lambdaArns[key as keyof LambdaArns] })]);
  const queues = Object.entries(QUEUE_PLACEHOLDERS).map(([key, name]) => [name, cfnText({ sub: queueArns[key as keyof QueueArns] })]);
  const jobDefinitions = Object.keys(ctx.jobDefinitions).map((id) => [id, ref(id)]);
  return {
    [WORKFLOW_NAME]: cfnText(ctx.workflowName),
    [AWS_REGION]: ref("AWS::Region"),
    [AWS_ACCOUNT_ID]: ref("AWS::AccountId"),
    ...Object.fromEntries([...lambdas, ...queues, ...jobDefinitions]),
  };
}
