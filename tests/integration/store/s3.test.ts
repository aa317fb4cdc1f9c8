import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Store, createS3Client } from "../../../shared/store";
import { UPLOAD_PART_BYTES } from "../../../shared/store/s3Store";
import { startS3Server, type S3Server } from "../../support/s3server";
import { describeObjectStoreContract } from "./contract";

describeObjectStoreContract("S3Store on s3rver", async () => {
  const server = await startS3Server({ buckets: ["contract"] });
  return {
    store: new S3Store(server.client),
    bucket: "contract",
    missingBucket: "no-such-bucket",
    // s3rver keeps no versions (it answers PutBucketVersioning with NotImplemented), so puts carry no versionId.
    versionsEveryPut: false,
    stop: server.stop,
  };
});

describe("S3Store uploads", () => {
  let server: S3Server;
  const sent: string[] = [];

  beforeAll(async () => {
    server = await startS3Server({ buckets: ["uploads"] });
    server.client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize" },
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("sends a stream longer than one part as a multipart upload of UPLOAD_PART_BYTES parts", async () => {
    const store = new S3Store(server.client);
    const body = Buffer.alloc(UPLOAD_PART_BYTES + 1024, "x");
    sent.length = 0;
    await store.put("uploads", "two-parts.bin", Readable.from([body]));

    expect(sent).toEqual([
      "CreateMultipartUploadCommand",
      "UploadPartCommand",
      "UploadPartCommand",
      "CompleteMultipartUploadCommand",
    ]);
    expect((await store.getBytes("uploads", "two-parts.bin")).equals(body)).toBe(true);
  });

  it("sends a small body in one request, then its tags", async () => {
    const store = new S3Store(server.client);
    sent.length = 0;
    await store.put("uploads", "small.txt", "small", { tags: { kind: "small" } });
    expect(sent).toEqual(["PutObjectCommand", "PutObjectTaggingCommand"]);
  });
});

describe("createS3Client", () => {
  /** The URL a client would send a PutObject to, stopped before it leaves the process. */
  async function requestUrlOf(client: ReturnType<typeof createS3Client>): Promise<string> {
    client.middlewareStack.add(
      () => (args) => {
        const request = args.request as { protocol: string; hostname: string; port?: number; path: string };
        throw new Error(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path}`);
      },
      { step: "finalizeRequest" },
    );
    const error = await client.send(new PutObjectCommand({ Bucket: "bucket", Key: "a/b.txt", Body: "x" })).catch((e: Error) => e);
    return (error as Error).message;
  }
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };

  it("puts the bucket in the path for a custom endpoint", async () => {
    const client = createS3Client({ endpoint: "http://localhost:9000", region: "us-east-1", credentials });
    expect(await requestUrlOf(client)).toBe("http://localhost:9000/bucket/a/b.txt");
  });

  it("puts the bucket in the host name for AWS", async () => {
    const client = createS3Client({ region: "eu-west-1", credentials });
    expect(await requestUrlOf(client)).toBe("https://bucket.s3.eu-west-1.amazonaws.com/a/b.txt");
  });
});
