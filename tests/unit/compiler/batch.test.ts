import { beforeAll, describe, expect, test } from "vitest";
import { RUNNER_COMMAND, STEPBATCH_VERSION, type CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, DEFAULT_OPTIONS, scatterStep, workflow } from "../../support/model";
import { compileValid, jobDefinitionOf, state } from "./helpers";

const LONG_NAME = "s".repeat(80);
const VERSION = STEPBATCH_VERSION;

// One workflow holds a step per feature: asl-validator takes ~150 ms a call, so compile once per file.
let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow(
      [
        batchStep({ name: "Align" }),
        batchStep({
          name: "Explicit",
          inputs: [
            { name: "reads", path: "${job.reads}", optional: false },
            { name: "notes", path: "notes.txt", optional: true },
          ],
          references: { genome: "s3://ref/hg38.fa" },
          outputs: [
            { name: "cleaned", path: "cleaned.txt", s3Tags: {} },
            { name: "log", path: "logs/run.log", s3Tags: {} },
            { name: "report", path: "logs/report-${job.id}.html", dest: "s3://reports/demo/", s3Tags: { keep: "short" } },
            { name: "parts", path: "out/**/*.part", dest: "s3://parts/", s3Tags: {} },
          ],
          skip: "rerun",
          commands: ["echo ${job.x} > ${cleaned}", "wc -l ${cleaned}"],
          qcCheck: [{ qcResultFile: "qc.json", stopEarlyIf: ["n < 10"] }],
          compute: { shell: "bash" },
          s3Tags: { project: "step", owner: "me" },
          jobTags: { project: "step" },
          taskRole: "arn:aws:iam::1:role/step",
        }),
        batchStep({ name: "NoInputs", inputs: [] }),
        batchStep({ name: "Retried", retry: { attempts: 2, intervalSeconds: 30, backoffRate: 2 } }),
        batchStep({ name: "NotRetried", retry: { attempts: 0 } }),
        batchStep({ name: "ZeroInterval", retry: { intervalSeconds: 0 } }),
        batchStep({ name: "Gpu", compute: { cpus: 8, memoryMiB: 16384, gpu: 2 } }),
        batchStep({ name: "AllGpus", compute: { gpu: "all" } }),
        batchStep({ name: "Short", timeoutSeconds: 30 }),
        batchStep({ name: "Floor", timeoutSeconds: 60 }),
        batchStep({ name: "Long", timeoutSeconds: 7200 }),
        batchStep({
          name: "Efs",
          filesystems: [
            { efsId: "fs-12ab", hostPath: "/mnt/shared", rootDir: "/" },
            { efsId: "fs-12ab", hostPath: "/mnt/other", rootDir: "/projects" },
          ],
        }),
        batchStep({ name: "Licensed", compute: { consumes: { licence: 2, db: 1 } } }),
        batchStep({ name: LONG_NAME }),
        scatterStep({ name: "Split", steps: [batchStep({ name: "Count" })] }),
      ],
      { options: { ...DEFAULT_OPTIONS, taskRole: "arn:aws:iam::1:role/wf", s3Tags: { project: "global", team: "x" }, jobTags: { team: "x", project: "global" } } },
    ),
  );
});

const taskParams = (name: string) => state(compiled, name).Parameters as Record<string, any>;
const runnerParams = (name: string) => taskParams(name).Parameters as Record<string, string>;
const container = (name: string) => jobDefinitionOf(compiled, name).ContainerProperties;

describe("batch step state", () => {
  test("submits the step's job definition and waits for the job", () => {
    const task = state(compiled, "Align");
    expect(task.Resource).toBe("arn:aws:states:::batch:submitJob.sync");
    expect(task.Parameters).toMatchObject({
      "JobName.$": "States.Format('{}__Align', $$.Execution.Name)",
      JobDefinition: "${AlignJobDef}",
      JobQueue: "${SpotQueueArn}",
      "ShareIdentifier.$": "$.share_id",
      Tags: { "stepbatch:execution.$": "$$.Execution.Name" },
    });
    expect(task.ResultPath).toBe("$.prev_outputs");
  });

  test("passes the run's identity to the runner through the environment", () => {
    expect(taskParams("Align").ContainerOverrides.Environment).toEqual([
      { Name: "BC_BRANCH_IDX", "Value.$": "$.index" },
      { Name: "BC_EXECUTION_ID", "Value.$": "$$.Execution.Name" },
      { Name: "BC_LAUNCH_BUCKET", "Value.$": "$.job_file.bucket" },
      { Name: "BC_LAUNCH_KEY", "Value.$": "$.job_file.key" },
      { Name: "BC_LAUNCH_VERSION", "Value.$": "$.job_file.version" },
    ]);
  });

  test("links to the next step, or ends the block", () => {
    expect(state(compiled, "Initialize").Next).toBe("Align");
    expect(state(compiled, "Align").Next).toBe("Explicit");
    expect(state(compiled, "Count").End).toBe(true);
  });

  test("a job name inside a scatter branch names the run (not the branch's child execution) and ends with the branch index", () => {
    expect(taskParams("Count")["JobName.$"]).toBe("States.Format('{}__Count__{}', $.run_execution, $.index)");
  });

  test("inside a scatter branch the runner, the job's tags and the Lambdas' logs name the run, so a QC check stops the whole run", () => {
    const params = taskParams("Count");
    expect(params.ContainerOverrides.Environment).toContainEqual({ Name: "BC_EXECUTION_ID", "Value.$": "$.run_execution" });
    expect(params.Tags).toEqual({ "stepbatch:execution.$": "$.run_execution" });
  });

  test("a long step name is cut in the job name, so execution + step + index fit Batch's 128 characters", () => {
    const stepPart = /'\{\}__([^']*)'/.exec(taskParams(LONG_NAME)["JobName.$"])?.[1] ?? "";
    expect(stepPart).toMatch(/^s+-[0-9a-f]{8}$/);
    expect(80 + 2 + stepPart.length + 2 + 10).toBeLessThanOrEqual(128);
  });

  test("auto-inputs take the previous step's outputs at run time", () => {
    expect(runnerParams("Align")["inputs.$"]).toBe("States.JsonToString($.prev_outputs)");
    expect(runnerParams("Align").inputs).toBeUndefined();
  });

  test("explicit inputs are fixed JSON, optional ones marked with '?'", () => {
    expect(JSON.parse(runnerParams("Explicit").inputs as string)).toEqual({ reads: "${job.reads}", "notes?": "notes.txt" });
    expect(runnerParams("Explicit")["inputs.$"]).toBeUndefined();
  });

  test("an empty inputs list means no inputs, not auto-inputs", () => {
    expect(runnerParams("NoInputs").inputs).toBe("{}");
  });

  test("references, outputs and skip mode go to the runner as its arguments", () => {
    const params = runnerParams("Explicit");
    expect(params["repo.$"]).toBe("$.repo.uri");
    expect(JSON.parse(params.references as string)).toEqual({ genome: "s3://ref/hg38.fa" });
    expect(JSON.parse(params.outputs as string)).toEqual({
      cleaned: { path: "cleaned.txt", s3Tags: {} },
      log: { path: "logs/run.log", s3Tags: {} },
      report: { path: "logs/report-${job.id}.html", dest: "s3://reports/demo/", s3Tags: { keep: "short" } },
      parts: { path: "out/**/*.part", dest: "s3://parts/", s3Tags: {} },
    });
    expect(params.skip).toBe("rerun");
  });

  test("the next step's auto-inputs name where the runner uploaded each output: repository or dest, by basename", () => {
    expect(state(compiled, "Explicit").ResultSelector).toEqual({
      cleaned: "cleaned.txt",
      log: "run.log",
      report: "s3://reports/demo/report-${job.id}.html",
      parts: "s3://parts/*.part",
    });
  });

  test("retries Batch throttling first, then the step's own retry on any error", () => {
    expect(state(compiled, "Retried").Retry).toEqual([
      { ErrorEquals: ["Batch.AWSBatchException"], IntervalSeconds: 30, MaxAttempts: 20, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: "FULL" },
      { ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 },
    ]);
  });

  test("retry attempts 0 leaves only the throttling rule", () => {
    expect((state(compiled, "NotRetried").Retry as any[]).map((r) => r.ErrorEquals)).toEqual([["Batch.AWSBatchException"]]);
  });

  test("a zero retry interval becomes the 1 s ASL allows", () => {
    expect((state(compiled, "ZeroInterval").Retry as any[])[1].IntervalSeconds).toBe(1);
  });
});

describe("batch step job definition", () => {
  test("runs the runner image with the runner command line", () => {
    const props = jobDefinitionOf(compiled, "Align");
    expect(props.Type).toBe("container");
    expect(props.JobDefinitionName).toBe("demo-wf_Align");
    expect(props.ContainerProperties.Image).toEqual({
      "Fn::Sub": `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/stepbatch-runner:${VERSION}`,
    });
    expect(props.ContainerProperties.Command).toEqual([...RUNNER_COMMAND]);
  });

  test("every Ref:: of the command line is filled: compile-time ones by the definition, run-time ones by the Task", () => {
    const refs = RUNNER_COMMAND.filter((arg) => arg.startsWith("Ref::")).map((arg) => arg.slice("Ref::".length));
    const defaults = Object.keys(jobDefinitionOf(compiled, "Align").Parameters);
    const atSubmit = Object.keys(runnerParams("Align")).map((k) => k.replace(/\.\$$/, ""));
    expect([...defaults, ...atSubmit].sort()).toEqual([...refs].sort());
  });

  test("compile-time runner arguments are the definition's parameter defaults; S3 tags merge the step's over the workflow's", () => {
    const params = jobDefinitionOf(compiled, "Explicit").Parameters;
    expect(JSON.parse(params.command)).toEqual(["echo ${job.x} > ${cleaned}", "wc -l ${cleaned}"]);
    expect(JSON.parse(params.qc)).toEqual([{ qcResultFile: "qc.json", stopEarlyIf: ["n < 10"] }]);
    expect(params.shell).toBe("bash");
    expect(JSON.parse(params.s3tags)).toEqual({ project: "step", team: "x", owner: "me" });
  });

  test("requests the step's CPUs, memory in MiB and GPUs, and tells the runner the GPU request", () => {
    expect(container("Gpu").ResourceRequirements).toEqual([
      { Type: "VCPU", Value: "8" },
      { Type: "MEMORY", Value: "16384" },
      { Type: "GPU", Value: "2" },
    ]);
    expect(container("Gpu").Environment).toContainEqual({ Name: "BC_GPUS", Value: "2" });
  });

  test("gpu: all reserves no count (Batch takes only numbers) and tells the runner through BC_GPUS", () => {
    expect(container("AllGpus").ResourceRequirements.map((r: any) => r.Type)).toEqual(["VCPU", "MEMORY"]);
    expect(container("AllGpus").Environment).toContainEqual({ Name: "BC_GPUS", Value: "all" });
  });

  test("sets the runner's environment; no GPU variable without GPUs", () => {
    expect(container("Align").ResourceRequirements).toEqual([
      { Type: "VCPU", Value: "1" },
      { Type: "MEMORY", Value: "1024" },
    ]);
    expect(container("Align").Environment).toEqual([
      { Name: "BC_WORKFLOW_NAME", Value: "demo-wf" },
      { Name: "BC_STEP_NAME", Value: "Align" },
      { Name: "BC_SCRATCH_PATH", Value: "/_bclaw_scratch" },
      { Name: "AWS_DEFAULT_REGION", Value: { Ref: "AWS::Region" } },
      { Name: "AWS_ACCOUNT_ID", Value: { Ref: "AWS::AccountId" } },
    ]);
  });

  test.each([
    ["Short", 60],
    ["Floor", 60],
    ["Long", 7200],
  ])("step %s gets an attempt timeout of %i s (Batch's floor is 60 s)", (name, seconds) => {
    expect(jobDefinitionOf(compiled, name).Timeout).toEqual({ AttemptDurationSeconds: seconds });
  });

  test("no timeout, no attempt timeout", () => {
    expect(jobDefinitionOf(compiled, "Align").Timeout).toBeUndefined();
  });

  test("Batch retries lost spot hosts itself and hands every other failure to Step Functions", () => {
    expect(jobDefinitionOf(compiled, "Align").RetryStrategy).toEqual({
      Attempts: 3,
      EvaluateOnExit: [
        { OnStatusReason: "Host EC2*", Action: "RETRY" },
        { OnReason: "*", Action: "EXIT" },
      ],
    });
  });

  test("mounts the docker socket, scratch space and each EFS file system read-write, EFS with transit encryption", () => {
    expect(container("Efs").Volumes).toEqual([
      { Name: "docker_socket", Host: { SourcePath: "/var/run/docker.sock" } },
      { Name: "scratch", Host: { SourcePath: "/scratch" } },
      { Name: "docker_scratch", Host: { SourcePath: "/docker_scratch" } },
      { Name: "efs-0-fs-12ab", EfsVolumeConfiguration: { FileSystemId: "fs-12ab", RootDirectory: "/", TransitEncryption: "ENABLED" } },
      { Name: "efs-1-fs-12ab", EfsVolumeConfiguration: { FileSystemId: "fs-12ab", RootDirectory: "/projects", TransitEncryption: "ENABLED" } },
    ]);
    expect(container("Efs").MountPoints).toEqual([
      { SourceVolume: "docker_socket", ContainerPath: "/var/run/docker.sock", ReadOnly: false },
      { SourceVolume: "scratch", ContainerPath: "/_bclaw_scratch", ReadOnly: false },
      { SourceVolume: "docker_scratch", ContainerPath: "/.scratch", ReadOnly: false },
      { SourceVolume: "efs-0-fs-12ab", ContainerPath: "/mnt/shared", ReadOnly: false },
      { SourceVolume: "efs-1-fs-12ab", ContainerPath: "/mnt/other", ReadOnly: false },
    ]);
  });

  test("consumable resources are declared only when the step consumes some", () => {
    expect(jobDefinitionOf(compiled, "Licensed").ConsumableResourceProperties).toEqual({
      ConsumableResourceList: [
        { ConsumableResource: "licence", Quantity: 2 },
        { ConsumableResource: "db", Quantity: 1 },
      ],
    });
    expect(jobDefinitionOf(compiled, "Align").ConsumableResourceProperties).toBeUndefined();
  });

  test("the job role is the step's, else the workflow's, else the installation's", () => {
    expect(container("Explicit").JobRoleArn).toBe("arn:aws:iam::1:role/step");
    expect(container("Align").JobRoleArn).toBe("arn:aws:iam::1:role/wf");
    const bare = compileValid(workflow([batchStep({ name: "C" })]));
    expect(jobDefinitionOf(bare, "C").ContainerProperties.JobRoleArn).toEqual({
      "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/stepbatch-ecs-task-role",
    });
  });

  test("tags: workflow job tags under the step's, then stepbatch's own; propagated to jobs", () => {
    const props = jobDefinitionOf(compiled, "Explicit");
    expect(props.Tags).toEqual({
      team: "x",
      project: "step",
      "stepbatch:workflow": "demo-wf",
      "stepbatch:step": "Explicit",
      "stepbatch:version": VERSION,
    });
    expect(props.PropagateTags).toBe(true);
  });

  test("user job tags and stepbatch's three definition tags all reach the job definition", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    const fits = compileValid(workflow([batchStep({ name: "A", jobTags: tags(46) })]));
    expect(Object.keys(jobDefinitionOf(fits, "A").Tags)).toHaveLength(49);
  });

  test("definitions outlive updates and deletes, so older state machine versions keep working", () => {
    const resource = compiled.template.Resources.AlignJobDef;
    expect(resource?.DeletionPolicy).toBe("Retain");
    expect(resource?.UpdateReplacePolicy).toBe("Retain");
    expect(resource?.Properties.ResourceRetentionPolicy).toEqual({ SkipDeregisterOnUpdate: true });
    expect(resource?.Properties.SchedulingPriority).toBe(1);
  });
});
