import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { QueueArns } from "../../../shared/compiler/settings";

const run = promisify(execFile);
/** Packaging bundles every function with esbuild; on a 2-core machine that takes a while. */
export const PACKAGE_TIMEOUT_MS = 180_000;

export type Resource = { Type: string; Condition?: string; Properties: Record<string, any>; DependsOn?: string | string[] };
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
export interface Template {
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
  Conditions: Record<string, unknown>;
}

/**
 * `sls package` of serverless.yml into `out`, offline: the CloudFormation template a deploy would
 * send. Never two at once: each starts by emptying the project's .serverless folder, where the other
 * writes its state, so every test that packages lives in one file and awaits each package in turn.
 */
export async function packageInstallation(stage: string, params: Record<string, string>, out: string): Promise<Template> {
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ["--param", `${name}=${value}`]);
  await run("node", ["node_modules/osls/bin/serverless.js", "package", "--stage", stage, ...paramArgs, "--package", out], {
    timeout: PACKAGE_TIMEOUT_MS,
  });
  return JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8")) as Template;
}

/**
 * Whether each condition holds. The installation's conditions compare values the framework filled in
 * at package time (its params), so they can be decided here, as CloudFormation will decide them.
 */
export function evaluateConditions(template: Template): Record<string, boolean> {
  const results: Record<string, boolean> = {};
  const evaluate = (expression: unknown): boolean => {
    const [[fn, args]] = Object.entries(expression as Record<string, any>);
    switch (fn) {
      case "Condition":
        return (results[args] ??= evaluate(template.Conditions[args]));
      case "Fn::Equals":
        if (typeof args[0] !== "string" || typeof args[1] !== "string") throw new Error(`not a comparison of literals: ${JSON.stringify(args)}`);
        return args[0] === args[1];
      case "Fn::Not":
        return !evaluate(args[0]);
      case "Fn::And":
        return (args as unknown[]).every(evaluate);
      case "Fn::Or":
        return (args as unknown[]).some(evaluate);
      default:
        throw new Error(`unexpected condition function ${fn}`);
    }
  };
  for (const name of Object.keys(template.Conditions)) evaluate({ Condition: name });
  return results;
}

/** The logical IDs of the resources a deploy of this template creates. */
export function createdResources(template: Template): Set<string> {
  const conditions = evaluateConditions(template);
  return new Set(Object.entries(template.Resources).filter(([, resource]) => resource.Condition === undefined || conditions[resource.Condition]).map(([id]) => id));
}

const NO_VALUE = Symbol("AWS::NoValue");

/** `value` with each `Fn::If` replaced by the branch CloudFormation takes (and `AWS::NoValue` dropped from lists). */
export function resolveIfs(value: unknown, conditions: Record<string, boolean>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIfs(item, conditions)).filter((item) => item !== NO_VALUE);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === "Fn::If") {
    const [condition, whenTrue, whenFalse] = entries[0]![1] as [string, unknown, unknown];
    return resolveIfs(conditions[condition] ? whenTrue : whenFalse, conditions);
  }
  if (entries.length === 1 && entries[0]![0] === "Ref" && entries[0]![1] === "AWS::NoValue") return NO_VALUE;
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIfs(item, conditions)]));
}
/** Every statement a role grants: its inline policies and the managed policies of this template it attaches. */
export function statementsOf(resources: Record<string, Resource>, role: string): Statement[] {
  const { Policies = [], ManagedPolicyArns = [] } = resources[role]!.Properties;
  const managed = (ManagedPolicyArns as { Ref: string }[]).map(({ Ref }) => resources[Ref]!.Properties.PolicyDocument);
  return [...Policies.map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument), ...managed].flatMap((document) => document.Statement);
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The statement of a role that grants `action`; the test fails when there is not exactly one. */
export function grantOf(statements: Statement[], action: string): Statement {
  const matching = statements.filter((statement) => asList(statement.Action).includes(action));
  if (matching.length !== 1) throw new Error(`${matching.length} statements grant ${action}`);
  return matching[0]!;
}

/** The queue name at the end of a job queue ARN the compiler writes. */
export const queueName = (arn: string): string => arn.slice(arn.indexOf(":job-queue/") + ":job-queue/".length);
/** The role name at the end of a role ARN the compiler writes. */
export const roleName = (arn: string): string => arn.slice(arn.indexOf(":role/") + ":role/".length);

/** Each queue the compiler routes batch steps to (its `queueArns` key): the logical IDs serverless.yml gives it, and the param that names an existing queue instead. */
export const QUEUES: Record<keyof QueueArns, { queue: string; computeEnvironment: string; param: string; spot: boolean; gpu: boolean }> = {
  spot: { queue: "SpotQueue", computeEnvironment: "SpotComputeEnvironment", param: "spotQueueArn", spot: true, gpu: false },
  onDemand: { queue: "OnDemandQueue", computeEnvironment: "OnDemandComputeEnvironment", param: "onDemandQueueArn", spot: false, gpu: false },
  spotGpu: { queue: "SpotGpuQueue", computeEnvironment: "SpotGpuComputeEnvironment", param: "spotGpuQueueArn", spot: true, gpu: true },
  onDemandGpu: { queue: "OnDemandGpuQueue", computeEnvironment: "OnDemandGpuComputeEnvironment", param: "onDemandGpuQueueArn", spot: false, gpu: true },
};
