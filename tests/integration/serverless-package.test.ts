import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { settingsFromEnv as handlerSettings } from "../../shared/aws/settings";
import { settingsFromEnv as compilerSettings } from "../../shared/compiler/settings";
import { stepbatch } from "../support/cli";
import {
  asList,
  createdResources,
  evaluateConditions,
  grantOf,
  PACKAGE_TIMEOUT_MS,
  packageInstallation,
  QUEUES,
  queueName,
  resolveIfs,
  roleName,
  statementsOf as roleStatements,
  type Resource,
  type Statement,
  type Template,
} from "./deploy/template";

const run = promisify(execFile);
/** `sls print` resolves the configuration without bundling anything. */
const PRINT_TIMEOUT_MS = 60_000;

const FUNCTIONS = ["compiler", "launcher", "initializer", "scatter", "scatter-init", "gather", "subpipes", "chooser", "notifications"];
/** What each function's role allows besides writing its own log group. */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  compiler: [],
  launcher: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "states:StartExecution"],
  initializer: [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectTagging",
    "s3:GetObjectVersionTagging",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:AbortMultipartUpload",
  ],
  scatter: repositoryReadWrite(),
  "scatter-init": repositoryReadWrite(),
  gather: repositoryReadWrite(),
  subpipes: repositoryReadWrite(),
  chooser: ["s3:GetObject", "s3:GetObjectTagging", "s3:ListBucket"],
  notifications: ["sns:Publish"],
};

function repositoryReadWrite(): string[] {
  return ["s3:GetObject", "s3:GetObjectTagging", "s3:ListBucket", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:AbortMultipartUpload"];
}

/** `CamelCase` logical-ID stem the framework gives a function (`scatter-init` → `ScatterDashinit`). */
const functionStem = (name: string) => name[0]!.toUpperCase() + name.slice(1).replace(/-/g, "Dash");
/** The roles are ours (serverless.yml), named plainly (`scatter-init` → `ScatterInitRole`). */
const roleId = (name: string) => name.replace(/(^|-)(\w)/g, (_, _dash, letter: string) => letter.toUpperCase()) + "Role";

describe("sls package --stage prod (the default installation)", () => {
  let out: string;
  let template: Template;
  let resources: Record<string, Resource>;
  const statementsOf = (role: string): Statement[] => roleStatements(resources, role);

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "stepbatch-sls-"));
    template = await packageInstallation("prod", {}, out);
    resources = template.Resources;
  }, PACKAGE_TIMEOUT_MS);
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  test("every function is bundled, on nodejs24.x, with its own role", async () => {
    const zip = await readFile(join(out, "stepbatch.zip"));
    for (const name of FUNCTIONS) {
      const fn = resources[`${functionStem(name)}LambdaFunction`]!.Properties;
      expect(fn).toMatchObject({
        FunctionName: `stepbatch-${name}`,
        Runtime: "nodejs24.x",
        Handler: `functions/${name}/handler.handler`,
        Role: { "Fn::GetAtt": [roleId(name), "Arn"] },
        Environment: { Variables: { STEPBATCH_INSTALLATION: "stepbatch" } },
      });
      // A zip stores file names uncompressed.
      expect(zip.includes(`functions/${name}/handler.cjs`), name).toBe(true);
    }
    expect(Object.values(resources).filter((resource) => resource.Type === "AWS::Lambda::Function")).toHaveLength(FUNCTIONS.length);
    // No role shared by all functions.
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
  });

  test("the Lambda ARNs a workflow compiled with the defaults calls are this installation's live aliases", () => {
    for (const arn of Object.values(compilerSettings({}).lambdaArns)) {
      const [, functionName, alias] = /:function:([^:]+):([^:]+)$/.exec(arn)!;
      const name = functionName!.replace(/^stepbatch-/, "");
      const stem = functionStem(name);
      expect(resources[`${stem}LambdaFunction`]?.Properties.FunctionName, arn).toBe(functionName);
      expect(resources[`${stem}LiveAlias`], arn).toMatchObject({
        Type: "AWS::Lambda::Alias",
        Properties: { Name: alias, FunctionName: { Ref: `${stem}LambdaFunction` } },
      });
      // On the version this deploy publishes, not on $LATEST.
      const [version] = resources[`${stem}LiveAlias`]!.Properties.FunctionVersion["Fn::GetAtt"];
      expect(resources[version]?.Type).toBe("AWS::Lambda::Version");
    }
  });

  test("the compiler macro answers to BC2_Compiler through its live alias", () => {
    expect(resources.CompilerMacro).toMatchObject({
      Type: "AWS::CloudFormation::Macro",
      Properties: { Name: "BC2_Compiler", FunctionName: { Ref: "CompilerLiveAlias" } },
    });
  });

  test("the launcher bucket: the compiler's name, versioned, encrypted, private, lifecycle rules, EventBridge on", () => {
    expect(resources.LauncherBucket!.Properties).toEqual({
      BucketName: { "Fn::Sub": compilerSettings({}).launcherBucket },
      VersioningConfiguration: { Status: "Enabled" },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LifecycleConfiguration: {
        Rules: [
          { Id: "AbortIncompleteUploads", Status: "Enabled", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          { Id: "ExpireTemporaryFiles", Status: "Enabled", Prefix: "__tmp__/", ExpirationInDays: 2, NoncurrentVersionExpiration: { NoncurrentDays: 2 } },
        ],
      },
    });
  });

  test("objects created in the launcher bucket, outside __tmp__/, invoke the launcher", () => {
    expect(resources.LauncherRule!.Properties).toMatchObject({
      EventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [{ Ref: "LauncherBucket" }] }, object: { key: [{ "anything-but": { prefix: "__tmp__/" } }] } },
      },
      Targets: [{ Arn: { Ref: "LauncherLiveAlias" } }],
    });
    expect(resources.LauncherInvokePermission!.Properties).toEqual({
      FunctionName: { Ref: "LauncherLiveAlias" },
      Action: "lambda:InvokeFunction",
      Principal: "events.amazonaws.com",
      SourceArn: { "Fn::GetAtt": ["LauncherRule", "Arn"] },
    });
  });

  test("execution status changes invoke the notifications function, which publishes to the topic it assumes", () => {
    const topicArn = handlerSettings({ AWS_REGION: "us-east-1", AWS_ACCOUNT_ID: "123456789012" }).topicArn;
    expect(topicArn).toBe("arn:aws:sns:us-east-1:123456789012:stepbatch-notifications");
    expect(resources.NotificationTopic).toMatchObject({ Type: "AWS::SNS::Topic", Properties: { TopicName: "stepbatch-notifications" } });
    expect(resources.NotificationsRule!.Properties).toMatchObject({
      EventPattern: { source: ["aws.states"], "detail-type": ["Step Functions Execution Status Change"] },
      Targets: [{ Arn: { Ref: "NotificationsLiveAlias" } }],
    });
    expect(resources.NotificationsInvokePermission!.Properties).toMatchObject({
      FunctionName: { Ref: "NotificationsLiveAlias" },
      SourceArn: { "Fn::GetAtt": ["NotificationsRule", "Arn"] },
    });
  });

  test("each role allows its function's actions and no others", () => {
    for (const name of FUNCTIONS) {
      const statements = statementsOf(roleId(name));
      expect(statements.every((statement) => statement.Effect === "Allow")).toBe(true);
      const [logs, ...rest] = statements;
      expect(logs, name).toEqual({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: { "Fn::Sub": `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/stepbatch-${name}:*` },
      });
      expect(rest.flatMap((statement) => asList(statement.Action)).sort(), name).toEqual([...EXPECTED_ACTIONS[name]!].sort());
    }
  });

  test("the launcher may start only this installation's state machines, and publish nothing", () => {
    const start = statementsOf("LauncherRole").find((statement) => statement.Action === "states:StartExecution");
    expect(start).toMatchObject({
      Resource: { "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*" },
      Condition: { StringEquals: { "aws:ResourceTag/stepbatch:installation": "stepbatch" } },
    });
    const publish = statementsOf("NotificationsRole").find((statement) => statement.Action === "sns:Publish");
    expect(publish?.Resource).toEqual({ Ref: "NotificationTopic" });
  });

  test("the four job queues carry the names compiled workflows submit to, each on an EC2 compute environment of its kind", () => {
    const created = createdResources(template);
    const { queueArns } = compilerSettings({});
    for (const [key, ids] of Object.entries(QUEUES)) {
      const arn = queueArns[key as keyof typeof queueArns];
      expect(created.has(ids.queue) && created.has(ids.computeEnvironment), key).toBe(true);
      expect(resources[ids.queue], key).toMatchObject({
        Type: "AWS::Batch::JobQueue",
        Properties: {
          JobQueueName: queueName(arn),
          // Every SubmitJob passes a share identifier, which only a fair-share queue accepts.
          SchedulingPolicyArn: { Ref: "FairSharePolicy" },
          ComputeEnvironmentOrder: [{ Order: 1, ComputeEnvironment: { Ref: ids.computeEnvironment } }],
        },
      });
      // EC2, not Fargate: the runner needs the host's Docker socket.
      expect(resources[ids.computeEnvironment], key).toMatchObject({
        Type: "AWS::Batch::ComputeEnvironment",
        Properties: {
          Type: "MANAGED",
          ComputeResources: {
            Type: ids.spot ? "SPOT" : "EC2",
            MinvCpus: 0,
            MaxvCpus: ids.gpu ? 64 : 256,
            Ec2Configuration: [{ ImageType: ids.gpu ? "ECS_AL2023_NVIDIA" : "ECS_AL2023" }],
            InstanceRole: { "Fn::GetAtt": ["BatchInstanceProfile", "Arn"] },
            LaunchTemplate: { LaunchTemplateId: { Ref: "ScratchLaunchTemplate" } },
          },
        },
      });
    }
    expect(resources.FairSharePolicy).toMatchObject({ Type: "AWS::Batch::SchedulingPolicy", Properties: { FairsharePolicy: { ShareDecaySeconds: 3600 } } });
    // No subnets given: the installation brings its own network.
    for (const id of ["BatchVpc", "BatchSubnetA", "BatchSubnetB", "BatchSecurityGroup", "BatchInternetRoute"]) expect(created.has(id), id).toBe(true);
    expect(resources.SpotComputeEnvironment!.Properties.ComputeResources.Subnets["Fn::If"][1]).toEqual([{ Ref: "BatchSubnetA" }, { Ref: "BatchSubnetB" }]);
  });

  test("every host mounts a scratch disk at each host path a compiled job definition binds", async () => {
    const { code, stdout } = await stepbatch(["compile", "examples/scatter/workflow.yaml", "--name", "scatter"]);
    expect(code).toBe(0);
    const jobDefinitions = Object.values(JSON.parse(stdout).Resources as Record<string, Resource>).filter((resource) => resource.Type === "AWS::Batch::JobDefinition");
    expect(jobDefinitions.length).toBeGreaterThan(0);
    const hostPaths = new Set<string>(
      jobDefinitions.flatMap((definition) =>
        (definition.Properties.ContainerProperties.Volumes as { Host?: { SourcePath: string } }[]).flatMap((volume) => (volume.Host ? [volume.Host.SourcePath] : [])),
      ),
    );
    // The engine's own socket is there already; every other path is a folder on the scratch disk.
    hostPaths.delete("/var/run/docker.sock");
    expect([...hostPaths].sort()).toEqual(["/docker_scratch", "/scratch"]);
    const { BlockDeviceMappings, UserData, MetadataOptions } = resources.ScratchLaunchTemplate!.Properties.LaunchTemplateData;
    expect(BlockDeviceMappings).toMatchObject([
      { DeviceName: "/dev/xvda", Ebs: { VolumeSize: 100, Encrypted: true } },
      { DeviceName: "/dev/sdh", Ebs: { VolumeSize: 1000, Encrypted: true } },
    ]);
    const script: string = UserData["Fn::Base64"];
    for (const path of hostPaths) expect(script, path).toMatch(new RegExp(`^mount (/dev/sdh|--bind \\S+) ${path}$`, "m"));
    // Batch merges its own part into a launch template's user data, which it accepts only as MIME multipart.
    expect(script).toMatch(/^Content-Type: multipart\/mixed; boundary="(.+)"$/m);
    // Containers cannot reach the instance role through the metadata service.
    expect(MetadataOptions).toEqual({ HttpTokens: "required", HttpPutResponseHopLimit: 1 });
  });

  test("the runner image repository and the two workflow roles have the names compiled templates use", () => {
    const settings = compilerSettings({});
    expect(settings.runnerImage.startsWith(`${settings.ecrRegistry}/`)).toBe(true);
    const repository = settings.runnerImage.slice(settings.ecrRegistry.length + 1, settings.runnerImage.lastIndexOf(":"));
    expect(resources.RunnerRepository).toMatchObject({ Type: "AWS::ECR::Repository", Properties: { RepositoryName: repository } });
    expect(resources.EcsTaskRole!.Properties.RoleName).toBe(roleName(settings.taskRoleArn));
    expect(resources.StatesExecutionRole!.Properties.RoleName).toBe(roleName(settings.statesRoleArn));
    expect(resources.EcsTaskRole!.Properties.AssumeRolePolicyDocument.Statement).toMatchObject([{ Principal: { Service: "ecs-tasks.amazonaws.com" } }]);
    expect(resources.StatesExecutionRole!.Properties.AssumeRolePolicyDocument.Statement).toMatchObject([{ Principal: { Service: "states.amazonaws.com" } }]);
  });

  test("the task role: the repositories, its own markers, stopping a run on QC failure, pulling step images, registry secrets", () => {
    const statements = statementsOf("EcsTaskRole");
    expect(statements.flatMap((statement) => asList(statement.Action)).sort()).toEqual(
      [
        ...repositoryReadWrite(),
        "s3:DeleteObject",
        "states:StopExecution",
        "ecr:GetAuthorizationToken",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "secretsmanager:GetSecretValue",
      ].sort(),
    );
    // Deletes only completion markers, at any depth of the repository.
    expect(grantOf(statements, "s3:DeleteObject").Resource).toEqual([
      { "Fn::Sub": "arn:${AWS::Partition}:s3:::*/_control_/*" },
      { "Fn::Sub": "arn:${AWS::Partition}:s3:::*/*/_control_/*" },
    ]);
    expect(grantOf(statements, "states:StopExecution").Resource).toEqual({
      "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:*",
    });
    expect(grantOf(statements, "ecr:BatchGetImage").Resource).toEqual({ "Fn::Sub": "arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*" });
  });

  test("the state machine role: the step Lambdas' live aliases, Batch .sync, subpipes and Distributed Maps of this installation", () => {
    const statements = statementsOf("StatesExecutionRole");
    expect(statements.flatMap((statement) => asList(statement.Action)).sort()).toEqual(
      [
        "lambda:InvokeFunction",
        "batch:SubmitJob",
        "batch:TagResource",
        "batch:TerminateJob",
        "batch:DescribeJobs",
        "events:PutTargets",
        "events:PutRule",
        "events:DescribeRule",
        "states:StartExecution",
        "states:DescribeExecution",
        "states:StopExecution",
        "states:RedriveExecution",
        "s3:GetObject",
      ].sort(),
    );
    const aliases = Object.values(compilerSettings({}).lambdaArns).map((arn) => ({ Ref: `${functionStem(/:function:stepbatch-([^:]+):/.exec(arn)![1]!)}LiveAlias` }));
    expect(grantOf(statements, "lambda:InvokeFunction").Resource).toEqual(aliases);
    const submit = resolveIfs(grantOf(statements, "batch:SubmitJob").Resource, evaluateConditions(template));
    expect(submit).toEqual([
      { "Fn::Sub": "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-definition/*" },
      ...Object.values(QUEUES).map(({ queue }) => ({ Ref: queue })),
      { "Fn::Sub": "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-*" },
    ]);
    expect(grantOf(statements, "events:PutRule").Resource).toEqual(
      ["StepFunctionsGetEventsForBatchJobsRule", "StepFunctionsGetEventsForStepFunctionsExecutionRule"].map((rule) => ({
        "Fn::Sub": `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${rule}`,
      })),
    );
    expect(grantOf(statements, "states:StartExecution")).toMatchObject({
      Resource: { "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*" },
      Condition: { StringEquals: { "aws:ResourceTag/stepbatch:installation": "stepbatch" } },
    });
  });

  test("no statement grants an action on every resource, except the two AWS allows no narrower resource for", () => {
    const ANY_RESOURCE_ONLY = ["batch:DescribeJobs", "ecr:GetAuthorizationToken"];
    let checked = 0;
    for (const [id, resource] of Object.entries(resources)) {
      const documents =
        resource.Type === "AWS::IAM::Role"
          ? (resource.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument)
          : resource.Type === "AWS::IAM::ManagedPolicy"
            ? [resource.Properties.PolicyDocument]
            : [];
      for (const statement of documents.flatMap((document: { Statement: Statement[] }) => document.Statement) as Statement[]) {
        checked++;
        const actions = asList(statement.Action);
        const resourceList = asList(statement.Resource);
        if (resourceList.includes("*")) {
          expect(resourceList, id).toEqual(["*"]);
          expect(actions.filter((action) => !ANY_RESOURCE_ONLY.includes(action)), id).toEqual([]);
        }
        // S3 and Step Functions actions always name their resources, and those of Step Functions stay in this account and region.
        for (const action of actions.filter((action) => /^(s3|states):/.test(action))) {
          for (const target of resourceList) {
            expect(JSON.stringify(target), `${id} ${action}`).not.toMatch(/^"?\*"?$/);
            if (action.startsWith("states:")) expect(JSON.stringify(target), `${id} ${action}`).toContain(":states:${AWS::Region}:${AWS::AccountId}:");
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** Queues of the lab's own, which the installation uses instead of creating its spot and on-demand GPU queues. */
const GIVEN_QUEUES = {
  spotQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/lab-spot",
  onDemandGpuQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/lab-gpu",
};
const NETWORK = { subnets: "subnet-0123456789abcdef0,subnet-0123456789abcdef1", securityGroupIds: "sg-0123456789abcdef0" };
const EVERY_QUEUE = {
  spotQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/a",
  onDemandQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/b",
  spotGpuQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/c",
  onDemandGpuQueueArn: "arn:aws:batch:us-east-1:123456789012:job-queue/d",
};
/** What exists only for compute environments the installation creates. */
const COMPUTE_SUPPORT = ["BatchInstanceRole", "BatchInstanceProfile", "ScratchLaunchTemplate", "FairSharePolicy"];
const NETWORK_RESOURCES = ["BatchVpc", "BatchInternetGateway", "BatchGatewayAttachment", "BatchRouteTable", "BatchInternetRoute", "BatchSubnetA", "BatchSubnetB", "BatchSecurityGroup"];

describe("sls package with existing queues, subnets and repository buckets given as params", () => {
  const outs: string[] = [];
  /** Stage `existing`: two queues given, subnets and security groups given, repositories in `my-lab-*`. */
  let some: Template;
  /** Stage `external`: every queue given. */
  let all: Template;

  beforeAll(async () => {
    outs.push(await mkdtemp(join(tmpdir(), "stepbatch-sls-some-")), await mkdtemp(join(tmpdir(), "stepbatch-sls-all-")));
    // One after the other: each package starts by emptying the .serverless folder the other writes to.
    some = await packageInstallation("existing", { ...GIVEN_QUEUES, ...NETWORK, dataBuckets: "my-lab-*" }, outs[0]!);
    all = await packageInstallation("external", EVERY_QUEUE, outs[1]!);
  }, 2 * PACKAGE_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(outs.map((out) => rm(out, { recursive: true, force: true })));
  });

  test("a queue given by ARN is neither created nor given a compute environment; the others are, under the compiler's names", () => {
    const created = createdResources(some);
    const { queueArns } = compilerSettings({ STEPBATCH_INSTALLATION: "stepbatch-existing" });
    for (const [key, ids] of Object.entries(QUEUES)) {
      const given = ids.param in GIVEN_QUEUES;
      expect(created.has(ids.queue), key).toBe(!given);
      expect(created.has(ids.computeEnvironment), key).toBe(!given);
      if (!given) expect(some.Resources[ids.queue]!.Properties.JobQueueName, key).toBe(queueName(queueArns[key as keyof typeof queueArns]));
    }
    for (const id of COMPUTE_SUPPORT) expect(created.has(id), id).toBe(true);
  });

  test("the stack's outputs name every queue to compile with: the given ARNs and the created queues", () => {
    const conditions = evaluateConditions(some);
    expect(resolveIfs(some.Outputs.SpotQueueArn!.Value, conditions)).toBe(GIVEN_QUEUES.spotQueueArn);
    expect(resolveIfs(some.Outputs.OnDemandGpuQueueArn!.Value, conditions)).toBe(GIVEN_QUEUES.onDemandGpuQueueArn);
    expect(resolveIfs(some.Outputs.OnDemandQueueArn!.Value, conditions)).toEqual({ Ref: "OnDemandQueue" });
    expect(resolveIfs(some.Outputs.SpotGpuQueueArn!.Value, conditions)).toEqual({ Ref: "SpotGpuQueue" });
  });

  test("the compute environments launch into the given subnets and security groups, and no network is created", () => {
    const created = createdResources(some);
    for (const id of NETWORK_RESOURCES) expect(created.has(id), id).toBe(false);
    const conditions = evaluateConditions(some);
    for (const id of ["OnDemandComputeEnvironment", "SpotGpuComputeEnvironment"]) {
      expect(resolveIfs(some.Resources[id]!.Properties.ComputeResources, conditions), id).toMatchObject({
        Subnets: { "Fn::Split": [",", NETWORK.subnets] },
        SecurityGroupIds: { "Fn::Split": [",", NETWORK.securityGroupIds] },
      });
    }
  });

  test("the state machine role submits to the given queues and the created ones", () => {
    const submit = grantOf(roleStatements(some.Resources, "StatesExecutionRole"), "batch:SubmitJob");
    expect(resolveIfs(submit.Resource, evaluateConditions(some))).toEqual([
      { "Fn::Sub": "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-definition/*" },
      GIVEN_QUEUES.spotQueueArn,
      { Ref: "OnDemandQueue" },
      { Ref: "SpotGpuQueue" },
      GIVEN_QUEUES.onDemandGpuQueueArn,
      { "Fn::Sub": "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-queue/stepbatch-existing-*" },
    ]);
  });

  test("the runner and the state machines reach S3 only in the dataBuckets buckets", () => {
    for (const role of ["EcsTaskRole", "StatesExecutionRole"]) {
      const s3 = roleStatements(some.Resources, role).filter((statement) => asList(statement.Action).some((action) => action.startsWith("s3:")));
      expect(s3.length, role).toBeGreaterThan(0);
      for (const target of s3.flatMap((statement) => asList(statement.Resource))) {
        expect((target as { "Fn::Sub": string })["Fn::Sub"], role).toMatch(/^arn:\$\{AWS::Partition\}:s3:::my-lab-\*(\/.*)?$/);
      }
    }
  });

  test("with every queue given, nothing of the compute side is created, but the runner repository and the workflow roles are", () => {
    const created = createdResources(all);
    for (const ids of Object.values(QUEUES)) {
      expect(created.has(ids.queue), ids.queue).toBe(false);
      expect(created.has(ids.computeEnvironment), ids.computeEnvironment).toBe(false);
    }
    for (const id of [...COMPUTE_SUPPORT, ...NETWORK_RESOURCES]) expect(created.has(id), id).toBe(false);
    for (const id of ["RunnerRepository", "EcsTaskRole", "StatesExecutionRole"]) expect(created.has(id), id).toBe(true);
    const submit = grantOf(roleStatements(all.Resources, "StatesExecutionRole"), "batch:SubmitJob");
    expect(resolveIfs(submit.Resource, evaluateConditions(all))).toEqual(expect.arrayContaining(Object.values(EVERY_QUEUE)));
  });
});

test(
  "any other stage is an installation of its own, and the repository buckets are a parameter",
  async () => {
    const { stdout } = await run(
      "node",
      ["node_modules/osls/bin/serverless.js", "print", "--stage", "test", "--param", "dataBuckets=my-lab-*", "--format", "json"],
      { timeout: PRINT_TIMEOUT_MS },
    );
    const config = JSON.parse(stdout);
    expect(config.provider.stackName).toBe("stepbatch-test");
    expect(config.provider.environment).toEqual({ STEPBATCH_INSTALLATION: "stepbatch-test" });
    expect(config.functions.initializer.name).toBe("stepbatch-test-initializer");
    expect(config.resources.Resources.CompilerMacro.Properties.Name).toBe("BC2_Compiler-test");
    expect(config.resources.Resources.RepositoryWritePolicy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
      "Fn::Sub": "arn:${AWS::Partition}:s3:::my-lab-*/*",
    });
  },
  PRINT_TIMEOUT_MS,
);
