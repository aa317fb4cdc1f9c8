import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { settingsFromEnv as handlerSettings } from "../../shared/aws/settings";
import { settingsFromEnv as compilerSettings } from "../../shared/compiler/settings";

const run = promisify(execFile);
/** Packaging bundles every function with esbuild; on a 2-core machine that takes a while. */
const PACKAGE_TIMEOUT_MS = 180_000;
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

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** `CamelCase` logical-ID stem the framework gives a function (`scatter-init` → `ScatterDashinit`). */
const functionStem = (name: string) => name[0]!.toUpperCase() + name.slice(1).replace(/-/g, "Dash");
/** The roles are ours (serverless.yml), named plainly (`scatter-init` → `ScatterInitRole`). */
const roleId = (name: string) => name.replace(/(^|-)(\w)/g, (_, _dash, letter: string) => letter.toUpperCase()) + "Role";
const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe("sls package --stage prod (the default installation)", () => {
  let out: string;
  let resources: Record<string, Resource>;

  /** Every statement a role grants: its inline policies and the managed policies of this template it attaches. */
  const statementsOf = (role: string): Statement[] => {
    const { Policies = [], ManagedPolicyArns = [] } = resources[role]!.Properties;
    const managed = (ManagedPolicyArns as { Ref: string }[]).map(({ Ref }) => resources[Ref]!.Properties.PolicyDocument);
    return [...Policies.map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument), ...managed].flatMap((document) => document.Statement);
  };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "stepbatch-sls-"));
    await run("node", ["node_modules/osls/bin/serverless.js", "package", "--stage", "prod", "--package", out], { timeout: PACKAGE_TIMEOUT_MS });
    resources = JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8")).Resources;
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
