import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Store, createS3Client } from "../../../shared/store";
import { UPLOAD_PART_BYTES } from "../../../shared/store/s3Store";
import { MIN_BODY_CHUNK_BYTES } from "../../../shared/store/sizedBody";
import { startS3Server, type S3Server } from "../../support/s3server";
import { describeObjectStoreContract, failureOf } from "./contract";

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

  it("sends a stream of unknown length longer than one part as a multipart upload of UPLOAD_PART_BYTES parts", async () => {
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

  it("streams a body of known length in one request, whatever its size, then its tags", async () => {
    const store = new S3Store(server.client);
    const body = randomBytes(3 * UPLOAD_PART_BYTES + 5);
    sent.length = 0;
    const { etag } = await store.put("uploads", "sized.bin", Readable.from(chunksOf(body, 1024 * 1024)), {
      contentLength: body.length,
      tags: { kind: "sized" },
    });

    expect(sent).toEqual(["PutObjectCommand", "PutObjectTaggingCommand"]);
    expect(etag).toBe(createHash("md5").update(body).digest("hex"));
    expect((await store.getBytes("uploads", "sized.bin")).equals(body)).toBe(true);
    expect(await store.getTags("uploads", "sized.bin")).toEqual({ kind: "sized" });
  });

  it("fails a streamed put with the body's own error when reading it fails, and stores nothing", async () => {
    const store = new S3Store(server.client);
    async function* failingAfterOneChunk() {
      yield Buffer.alloc(MIN_BODY_CHUNK_BYTES, "x");
      throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
    }

    const error = await failureOf(store.put("uploads", "unreadable.bin", Readable.from(failingAfterOneChunk()), { contentLength: 1024 * 1024 }));

    expect(error).toMatchObject({ code: "EIO", message: "put s3://uploads/unreadable.bin failed: EIO: i/o error, read" });
    expect(await store.head("uploads", "unreadable.bin")).toBeNull();
  });

  it("aborts a multipart upload whose stream fails after some parts, with the stream's error", async () => {
    const store = new S3Store(server.client);
    async function* failingAfterTwoParts() {
      yield Buffer.alloc(2 * UPLOAD_PART_BYTES + 1, "x");
      throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
    }
    sent.length = 0;

    const error = await failureOf(store.put("uploads", "half.bin", Readable.from(failingAfterTwoParts())));

    expect(error).toMatchObject({ code: "EIO", message: "put s3://uploads/half.bin failed: EIO: i/o error, read" });
    expect(sent).toContain("UploadPartCommand");
    expect(sent.at(-1)).toBe("AbortMultipartUploadCommand");
    expect(await store.head("uploads", "half.bin")).toBeNull();
  });
});

describe("S3Store under the SDK's default checksums", () => {
  let server: S3Server;
  let client: S3Client;
  const headers: Array<Record<string, string>> = [];

  beforeAll(async () => {
    server = await startS3Server({ buckets: ["checksums"] });
    // No requestChecksumCalculation: WHEN_SUPPORTED, as in production.
    client = createS3Client({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    client.middlewareStack.add(
      (next) => (args) => {
        headers.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: "finalizeRequest" },
    );
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  // s3rver keeps an aws-chunked body as it came, framing and all, which lets the test read what S3 would decode.
  it("streams a body of known length aws-chunked, in chunks S3 accepts, with its CRC32 in the trailer", async () => {
    const body = randomBytes(3 * 1024 * 1024 + 7);
    await new S3Store(client).put("checksums", "sized.bin", Readable.from(chunksOf(body, 4096)), { contentLength: body.length });

    expect(headers.at(-1)).toMatchObject({
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": String(body.length),
      "x-amz-trailer": "x-amz-checksum-crc32",
    });
    const { chunks, trailer } = decodeAwsChunked(await new S3Store(server.client).getBytes("checksums", "sized.bin"));
    // S3 refuses aws-chunked chunks under 8 KiB but the last (InvalidChunkSizeError).
    expect(chunks.slice(0, -1).every((chunk) => chunk.length >= 8192)).toBe(true);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    expect(trailer).toBe(`x-amz-checksum-crc32:${crc32Base64(body)}`);
  });

  it("uploads a stream of unknown length in parts, each with its CRC32, declared as a CRC32 upload", async () => {
    const body = randomBytes(2 * UPLOAD_PART_BYTES + 7);
    headers.length = 0;
    await new S3Store(client).put("checksums", "parts.bin", Readable.from(chunksOf(body, 1024 * 1024)));

    expect(headers.map((sent) => sent["x-amz-checksum-algorithm"] ?? sent["x-amz-checksum-crc32"] ?? "-")).toEqual([
      "CRC32",
      ...[0, 1, 2].map((part) => crc32Base64(body.subarray(part * UPLOAD_PART_BYTES, (part + 1) * UPLOAD_PART_BYTES))),
      "-",
    ]);
    expect((await new S3Store(server.client).getBytes("checksums", "parts.bin")).equals(body)).toBe(true);
  });
});

function chunksOf(body: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size));
}

/** The chunks and the trailer line of an aws-chunked body: `<hex size>\r\n<bytes>\r\n`..., `0\r\n`, `<trailer>\r\n\r\n`. */
function decodeAwsChunked(framed: Buffer): { chunks: Buffer[]; trailer: string } {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = framed.indexOf("\r\n", at);
    const size = parseInt(framed.subarray(at, lineEnd).toString(), 16);
    at = lineEnd + 2;
    if (size === 0) return { chunks, trailer: framed.subarray(at, framed.indexOf("\r\n", at)).toString() };
    chunks.push(framed.subarray(at, at + size));
    at += size + 2;
  }
}

function crc32Base64(body: Buffer): string {
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return checksum.toString("base64");
}

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
