import { beforeAll, describe, expect, test } from "vitest";
import { settingsFromEnv, STEPBATCH_VERSION, type CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, scatterStep, subpipeStep, workflow } from "../../support/model";
import { compileValid, SETTINGS } from "./helpers";

const PARAMETERS = { dataBucket: { Type: "String", Default: "my-data" }, secret: { Type: "String", NoEcho: true } };

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow(
      [
        batchStep({ name: "make-config", compute: { queueName: "custom" } }),
        scatterStep({ name: "Per", steps: [batchStep({ name: "Count" }), subpipeStep({ name: "Sub", subpipe: "child" })] }),
      ],
      { parameters: PARAMETERS },
    ),
  );
});

const machine = () => compiled.template.Resources.MainStateMachine!;

describe("initialize", () => {
  test("the run starts with the initializer, which builds the job object from the launcher's input", () => {
    const { stateMachine } = compiled;
    expect(stateMachine.StartAt).toBe("Initialize");
    expect(stateMachine.States.Initialize).toMatchObject({
      Type: "Task",
      Resource: "${InitializerLambdaArn}",
      Parameters: {
        workflow_name: "${WorkflowName}",
        repo_template: "s3://data-bucket/runs/${job.id}",
        "input_obj.$": "$",
        logging: {
          "branch.$": "$.index",
          "job_file_bucket.$": "$.job_file.bucket",
          "job_file_key.$": "$.job_file.key",
          "job_file_version.$": "$.job_file.version",
          "sfn_execution_id.$": "$$.Execution.Name",
          step_name: "Initialize",
          workflow_name: "${WorkflowName}",
        },
      },
      ResultPath: "$",
      Retry: [
        {
          ErrorEquals: [
            "Lambda.ClientExecutionTimeoutException",
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
          ],
          IntervalSeconds: 2,
          MaxAttempts: 5,
          BackoffRate: 2,
          JitterStrategy: "FULL",
        },
      ],
      Next: "make-config",
    });
  });
});

describe("template", () => {
  test("holds the job definitions, the state machine, its version and the current alias", () => {
    expect(Object.keys(compiled.template.Resources)).toEqual([
      "MakeConfigJobDef",
      "CountJobDef",
      "MainStateMachine",
      "MainStateMachineVersion",
      "MainStateMachineAlias",
    ]);
    expect(compiled.template.Parameters).toEqual(PARAMETERS);
  });

  test("the state machine carries the definition inline and is tagged with its installation and version", () => {
    const m = machine();
    expect(m.Type).toBe("AWS::StepFunctions::StateMachine");
    expect(m.UpdateReplacePolicy).toBe("Retain");
    expect(m.Properties).toMatchObject({
      StateMachineName: "demo-wf",
      StateMachineType: "STANDARD",
      RoleArn: { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/stepbatch-states-execution-role" },
      Tags: [
        { Key: "stepbatch:installation", Value: "stepbatch" },
        { Key: "stepbatch:version", Value: STEPBATCH_VERSION },
      ],
    });
    expect(m.Properties.Definition).toEqual(compiled.stateMachine);
  });

  test("every placeholder in the definition has a substitution", () => {
    const used = new Set([...JSON.stringify(compiled.stateMachine).matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]));
    const substituted = Object.keys(machine().Properties.DefinitionSubstitutions as object);
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(substituted).toContain(name);
  });

  test("substitutions map installation values, resolved by CloudFormation, and job definitions by Ref", () => {
    expect(machine().Properties.DefinitionSubstitutions).toEqual({
      WorkflowName: "demo-wf",
      AWSRegion: { Ref: "AWS::Region" },
      AWSAccountId: { Ref: "AWS::AccountId" },
      InitializerLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-initializer:live" },
      ScatterLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-scatter:live" },
      ScatterInitLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-scatter-init:live" },
      GatherLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-gather:live" },
      ChooserLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-chooser:live" },
      SubpipesLambdaArn: { "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-subpipes:live" },
      SpotQueueArn: { "Fn::Sub": "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-spot" },
      OnDemandQueueArn: { "Fn::Sub": "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-on-demand" },
      SpotGpuQueueArn: { "Fn::Sub": "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-spot-gpu" },
      OnDemandGpuQueueArn: { "Fn::Sub": "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-on-demand-gpu" },
      MakeConfigJobDef: { Ref: "MakeConfigJobDef" },
      CountJobDef: { Ref: "CountJobDef" },
    });
  });

  test("each deploy publishes a version, kept on replacement, and the current alias sends every run to it", () => {
    const { MainStateMachineVersion: version, MainStateMachineAlias: alias } = compiled.template.Resources;
    expect(version).toEqual({
      Type: "AWS::StepFunctions::StateMachineVersion",
      UpdateReplacePolicy: "Retain",
      Properties: {
        StateMachineArn: { Ref: "MainStateMachine" },
        StateMachineRevisionId: { "Fn::GetAtt": ["MainStateMachine", "StateMachineRevisionId"] },
      },
    });
    expect(alias).toEqual({
      Type: "AWS::StepFunctions::StateMachineAlias",
      Properties: { Name: "current", RoutingConfiguration: [{ StateMachineVersionArn: { Ref: "MainStateMachineVersion" }, Weight: 100 }] },
    });
  });

  test("outputs tell where to drop job files and which state machine runs them", () => {
    expect(compiled.template.Outputs).toEqual({
      LauncherBucketName: { Description: expect.any(String), Value: { "Fn::Sub": "stepbatch-launcher-${AWS::AccountId}" } },
      LauncherURI: { Description: expect.any(String), Value: { "Fn::Sub": "s3://stepbatch-launcher-${AWS::AccountId}/demo-wf/" } },
      StepFunctionsStateMachineArn: { Description: expect.any(String), Value: { Ref: "MainStateMachine" } },
      StepFunctionsStateMachineAliasArn: { Description: expect.any(String), Value: { Ref: "MainStateMachineAlias" } },
    });
  });

  test("installation values without CloudFormation references stay plain strings; the ASL does not change", () => {
    const settings = settingsFromEnv({
      STEPBATCH_INSTALLATION: "prod",
      STEPBATCH_LAUNCHER_BUCKET: "prod-launcher",
      STEPBATCH_SPOT_QUEUE_ARN: "arn:aws:batch:eu-west-1:123456789012:job-queue/prod-spot",
    });
    const other = compileValid(workflow([batchStep({ name: "A" })]), { settings });
    const subs = other.template.Resources.MainStateMachine!.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(subs.SpotQueueArn).toBe("arn:aws:batch:eu-west-1:123456789012:job-queue/prod-spot");
    expect(subs.GatherLambdaArn).toEqual({ "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:prod-gather:live" });
    expect(other.template.Outputs.LauncherURI?.Value).toBe("s3://prod-launcher/demo-wf/");
    expect(other.stateMachine).toEqual(compileValid(workflow([batchStep({ name: "A" })])).stateMachine);
  });

  test("a workflow without parameters has no Parameters section", () => {
    expect(compileValid(workflow([batchStep({ name: "A" })])).template).not.toHaveProperty("Parameters");
  });
});

describe("settings", () => {
  test("defaults are built from the installation name and work offline", () => {
    expect(SETTINGS).toEqual({
      installation: "stepbatch",
      version: STEPBATCH_VERSION,
      lambdaArns: {
        initializer: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-initializer:live",
        scatter: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-scatter:live",
        scatterInit: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-scatter-init:live",
        gather: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-gather:live",
        chooser: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-chooser:live",
        subpipes: "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:stepbatch-subpipes:live",
      },
      queueArns: {
        spot: "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-spot",
        onDemand: "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-on-demand",
        spotGpu: "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-spot-gpu",
        onDemandGpu: "arn:aws:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-on-demand-gpu",
      },
      runnerImage: `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/stepbatch-runner:${STEPBATCH_VERSION}`,
      taskRoleArn: "arn:aws:iam::${AWS::AccountId}:role/stepbatch-ecs-task-role",
      statesRoleArn: "arn:aws:iam::${AWS::AccountId}:role/stepbatch-states-execution-role",
      launcherBucket: "stepbatch-launcher-${AWS::AccountId}",
      ecrRegistry: "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com",
    });
  });

  test("each STEPBATCH_ variable overrides its setting; an empty one counts as unset", () => {
    const settings = settingsFromEnv({
      STEPBATCH_INSTALLATION: "team",
      STEPBATCH_VERSION: "9.9.9",
      STEPBATCH_CHOOSER_LAMBDA_ARN: "arn:aws:lambda:us-east-1:1:function:c",
      STEPBATCH_ON_DEMAND_GPU_QUEUE_ARN: "arn:q",
      STEPBATCH_TASK_ROLE_ARN: "",
      STEPBATCH_ECR_REGISTRY: "registry.local",
    });
    expect(settings.lambdaArns.chooser).toBe("arn:aws:lambda:us-east-1:1:function:c");
    expect(settings.lambdaArns.gather).toBe("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:team-gather:live");
    expect(settings.queueArns.onDemandGpu).toBe("arn:q");
    expect(settings.taskRoleArn).toBe("arn:aws:iam::${AWS::AccountId}:role/team-ecs-task-role");
    expect(settings.runnerImage).toBe("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/team-runner:9.9.9");
    expect(settings.ecrRegistry).toBe("registry.local");
  });
});
