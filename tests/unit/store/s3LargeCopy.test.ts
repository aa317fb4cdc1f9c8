import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { S3Store, StoreError } from "../../../shared/store";
import { COPY_PART_BYTES } from "../../../shared/store/partCopy";

// S3 refuses CopyObject for sources over 5 GiB; the local S3 server has no UploadPartCopy, so the
// multipart copy is checked here at the client boundary, with S3's own answers.

const GIB = 1024 ** 3;
const SIZE = 12 * GIB + 5;
const s3 = mockClient(S3Client);
const store = new S3Store(new S3Client({ region: "us-east-1" }));

function tooLarge(): Error {
  return Object.assign(new Error("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120"), {
    name: "InvalidRequest",
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  s3.reset();
  s3.on(CopyObjectCommand).rejects(tooLarge());
  s3.on(HeadObjectCommand).resolves({ ContentLength: SIZE, Metadata: { sample: "S1" }, ContentType: "application/octet-stream", ETag: '"e"' });
  s3.on(GetObjectTaggingCommand).resolves({ TagSet: [{ Key: "project", Value: "demo" }] });
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "up-1" });
  s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({ CopyPartResult: { ETag: `"p${input.PartNumber}"` } }));
  s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"whole-24"', VersionId: "v2" });
  s3.on(PutObjectTaggingCommand).resolves({});
});

describe("S3Store.copy of an object over CopyObject's 5 GiB", () => {
  it("copies it part by part, S3 moving the bytes, and keeps its metadata, content type and tags", async () => {
    const result = await store.copy({ bucket: "src", key: "big/reads.bam", versionId: "v1" }, { bucket: "dst", key: "sub/reads.bam" });

    expect(result).toEqual({ etag: "whole-24", versionId: "v2" });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input).toMatchObject({
      Bucket: "dst",
      Key: "sub/reads.bam",
      Metadata: { sample: "S1" },
      ContentType: "application/octet-stream",
    });
    const parts = s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input);
    expect(parts).toHaveLength(Math.ceil(SIZE / COPY_PART_BYTES));
    const ranges = parts.sort((a, b) => a.PartNumber! - b.PartNumber!).map((p) => p.CopySourceRange);
    expect(ranges[0]).toBe(`bytes=0-${COPY_PART_BYTES - 1}`);
    expect(ranges.at(-1)).toBe(`bytes=${(parts.length - 1) * COPY_PART_BYTES}-${SIZE - 1}`);
    expect(parts.every((p) => p.CopySource === "src/big/reads.bam?versionId=v1" && p.UploadId === "up-1")).toBe(true);
    const completed = s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input.MultipartUpload!.Parts!;
    expect(completed.map((p) => p.PartNumber)).toEqual(parts.map((_, i) => i + 1));
    expect(completed.map((p) => p.ETag)).toEqual(parts.map((_, i) => `"p${i + 1}"`));
    expect(s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input).toMatchObject({
      Bucket: "dst",
      Key: "sub/reads.bam",
      VersionId: "v2",
      Tagging: { TagSet: [{ Key: "project", Value: "demo" }] },
    });
  });

  it("uses the metadata and tags it is given instead of the source's", async () => {
    await store.copy({ bucket: "src", key: "big.bam" }, { bucket: "dst", key: "big.bam" }, { metadata: { step: "Align" }, tags: { keep: "yes" } });

    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input.Metadata).toEqual({ step: "Align" });
    expect(s3.commandCalls(GetObjectTaggingCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input.Tagging).toEqual({ TagSet: [{ Key: "keep", Value: "yes" }] });
  });

  it("aborts the upload when a part fails, and says which copy failed", async () => {
    s3.on(UploadPartCopyCommand, { PartNumber: 3 }).rejects(Object.assign(new Error("We encountered an internal error"), { name: "InternalError", $metadata: { httpStatusCode: 500 } }));

    const copy = store.copy({ bucket: "src", key: "big.bam" }, { bucket: "dst", key: "big.bam" });

    await expect(copy).rejects.toBeInstanceOf(StoreError);
    await expect(copy).rejects.toThrow(/big\.bam/);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0].args[0].input).toEqual({ Bucket: "dst", Key: "big.bam", UploadId: "up-1" });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it("copies an object CopyObject takes in one request, as before", async () => {
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"small"' }, VersionId: "v3" });

    expect(await store.copy({ bucket: "src", key: "small.txt" }, { bucket: "dst", key: "small.txt" })).toEqual({ etag: "small", versionId: "v3" });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });
});
