import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startS3Server, type S3Server } from "../support/s3server";

const run = promisify(execFile);
/** Bundling one function and running it takes a few seconds; a minute means something hangs. */
const INVOKE_TIMEOUT_MS = 60_000;
/** The account the sample events name (their launcher bucket is `stepbatch-launcher-<account>`). */
const SAMPLE_ACCOUNT = "123456789012";
const LAUNCHER_BUCKET = `stepbatch-launcher-${SAMPLE_ACCOUNT}`;
const DATA_BUCKET = "stepbatch-demo";

/**
 * `sls invoke local -f <name> -p functions/<name>/events/<event>.json`, as docs/deploy.md shows it,
 * with the S3 calls going to `endpoint`; the handler's result as the command prints it last.
 */
async function invokeLocal(name: string, event: string, endpoint: string): Promise<unknown> {
  const invoked = run("node", ["node_modules/osls/bin/serverless.js", "invoke", "local", "-f", name, "-p", `functions/${name}/events/${event}.json`], {
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_ACCOUNT_ID: SAMPLE_ACCOUNT,
      // The local S3 server stores streamed uploads with their checksum framing otherwise.
      AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
      AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    },
    timeout: INVOKE_TIMEOUT_MS,
  });
  // A handler's error goes to stdout, where execFile's message would not show it.
  const { stdout } = await invoked.catch((error: { message: string; stdout?: string }) => {
    throw new Error(`${error.message}\n${error.stdout ?? ""}`);
  });
  return lastJsonValue(stdout);
}

/** The handler's own log lines come first; the result is the JSON document that ends the output. */
function lastJsonValue(stdout: string): unknown {
  const lines = stdout.trimEnd().split("\n");
  for (let start = lines.length - 1; start >= 0; start--) {
    try {
      return JSON.parse(lines.slice(start).join("\n"));
    } catch {
      // not yet the whole document
    }
  }
  throw new Error(`no JSON result in the output:\n${stdout}`);
}

describe("sls invoke local with the sample events", () => {
  let s3: S3Server;
  const read = async (bucket: string, key: string) =>
    (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  const write = (bucket: string, key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: [LAUNCHER_BUCKET, DATA_BUCKET] });
  });
  afterAll(async () => {
    await s3?.stop();
  });

  test(
    "compiler: the macro compiles the sample workflow",
    async () => {
      const result = (await invokeLocal("compiler", "linear", s3.endpoint)) as { status: string; fragment: { Resources: Record<string, unknown> } };
      expect(result.status).toBe("success");
      expect(Object.keys(result.fragment.Resources)).toEqual(expect.arrayContaining(["CountJobDef", "ReportJobDef"]));
    },
    INVOKE_TIMEOUT_MS,
  );

  test(
    "initializer: the job file becomes the run's repository, job data and job object",
    async () => {
      await write(LAUNCHER_BUCKET, "demo/batch-7/sample1.json", JSON.stringify({ sample: "sample1", reads: "s3://reads/sample1.fq" }));

      const result = await invokeLocal("initializer", "job-file", s3.endpoint);

      expect(result).toEqual({
        index: "main",
        job_file: { bucket: LAUNCHER_BUCKET, key: "demo/batch-7/sample1.json", version: "" },
        repo: { bucket: DATA_BUCKET, prefix: "demo/sample1", uri: `s3://${DATA_BUCKET}/demo/sample1` },
        prev_outputs: {},
        share_id: "demo",
      });
      expect(JSON.parse(await read(DATA_BUCKET, "demo/sample1/_JOB_DATA_"))).toEqual({
        job: { sample: "sample1", reads: "s3://reads/sample1.fq" },
        scatter: {},
        parent: {},
      });
      expect(JSON.parse(await read(DATA_BUCKET, "demo/sample1/sample1.json"))).toMatchObject({ sample: "sample1" });
    },
    INVOKE_TIMEOUT_MS,
  );

  test(
    "chooser: the first true expression over the run's job data",
    async () => {
      await write(DATA_BUCKET, "scatter/run1/_JOB_DATA_", JSON.stringify({ job: { run_id: "run1", samples: ["S1", "S2"] }, scatter: {}, parent: {} }));

      expect(await invokeLocal("chooser", "choices", s3.endpoint)).toBe("job.run_id == 'run1'");
    },
    INVOKE_TIMEOUT_MS,
  );
});
