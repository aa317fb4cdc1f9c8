import { beforeAll, describe, expect, test } from "vitest";
import { hasRegistryHost, type CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, workflow } from "../../support/model";
import { compileValid, jobDefinitionOf, SETTINGS, state } from "./helpers";

describe("job queue routing", () => {
  let compiled: CompiledWorkflow;
  beforeAll(() => {
    compiled = compileValid(
      workflow([
        batchStep({ name: "Spot", compute: { spot: true } }),
        batchStep({ name: "OnDemand", compute: { spot: false } }),
        batchStep({ name: "SpotGpu", compute: { spot: true, gpu: 1 } }),
        batchStep({ name: "OnDemandGpu", compute: { spot: false, gpu: "all" } }),
        batchStep({ name: "Custom", compute: { spot: false, gpu: 4, queueName: "big-memory" } }),
      ]),
    );
  });

  test.each([
    ["Spot", "${SpotQueueArn}"],
    ["OnDemand", "${OnDemandQueueArn}"],
    ["SpotGpu", "${SpotGpuQueueArn}"],
    ["OnDemandGpu", "${OnDemandGpuQueueArn}"],
    ["Custom", "arn:aws:batch:${AWSRegion}:${AWSAccountId}:job-queue/big-memory"],
  ])("%s runs on %s", (name, queue) => {
    expect((state(compiled, name).Parameters as any).JobQueue).toBe(queue);
  });

  test("a named queue wins over spot and GPU settings", () => {
    expect((state(compiled, "Custom").Parameters as any).JobQueue).not.toMatch(/GpuQueueArn|OnDemand/);
  });
});

describe("image names", () => {
  test.each([
    ["docker.io/library/ubuntu:22.04", true],
    ["public.ecr.aws/ubuntu/ubuntu:latest", true],
    ["localhost:5000/tool", true],
    ["registry.example.com/analyzer:${job.tag}", true],
    ["ubuntu", false],
    ["ubuntu:22.04", false],
    ["tools/aligner:1.2", false],
    ["aligner:v1.2.3", false],
    ["my.tool", false],
    ["org/my.tool:1", false],
  ])("%s has a registry host: %s", (name, qualified) => {
    expect(hasRegistryHost(name)).toBe(qualified);
  });

  let compiled: CompiledWorkflow;
  beforeAll(() => {
    compiled = compileValid(
      workflow([
        batchStep({ name: "Hub", image: { name: "docker.io/library/python:3.12-slim", auth: "hub-creds" } }),
        batchStep({ name: "Short", image: { name: "tools/aligner:${job.tag}", auth: "ecr-creds" } }),
      ]),
    );
  });

  test("a fully qualified image is passed as written, with its credentials secret", () => {
    expect(JSON.parse(jobDefinitionOf(compiled, "Hub").Parameters.image)).toEqual({
      name: "docker.io/library/python:3.12-slim",
      auth: "hub-creds",
    });
  });

  test("a short name is expanded to the installation's ECR registry, its ${job.x} kept for the runner", () => {
    expect(jobDefinitionOf(compiled, "Short").Parameters.image).toEqual({
      "Fn::Sub": '{"name":"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/tools/aligner:${!job.tag}","auth":"ecr-creds"}',
    });
  });

  test("with a literal registry setting the expanded name is plain JSON", () => {
    const settings = { ...SETTINGS, ecrRegistry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com" };
    const literal = compileValid(workflow([batchStep({ name: "Short", image: { name: "ubuntu:${job.v}" } })]), { settings });
    expect(JSON.parse(jobDefinitionOf(literal, "Short").Parameters.image)).toEqual({
      name: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ubuntu:${job.v}",
    });
  });
});
