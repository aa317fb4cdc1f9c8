import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { InvalidInput } from "./errors";

/** S3's limit on the parts of one multipart upload. */
export const MAX_UPLOAD_PARTS = 10_000;

export interface PartUploadOptions {
  /** Every part but the last holds exactly this many bytes. */
  partBytes: number;
  /** Parts sent at once. */
  partsInFlight: number;
}

type Output = { ETag?: string; VersionId?: string };

/**
 * Part buffers kept for the next upload, at most this many (16 MiB of 8 MiB parts). Each upload's
 * own buffers would live as long as it runs, and once it ends wait for a full GC: a process that
 * uploads again and again, as a warm Lambda does, would hold several uploads' worth of them.
 */
const SPARE_PARTS_KEPT = 2;
const spareParts: Buffer[] = [];

function takePart(bytes: number): Buffer {
  const at = spareParts.findIndex((spare) => spare.length === bytes);
  // Uninitialised: the pages of a new buffer mostly count in memory once written, so a short stream costs about what it fills.
  return at === -1 ? Buffer.allocUnsafeSlow(bytes) : spareParts.splice(at, 1)[0];
}

function giveBack(part: Buffer): void {
  if (spareParts.length < SPARE_PARTS_KEPT) spareParts.push(part);
}

/**
 * Puts a stream as a multipart upload, or as one PutObject where it ends within the first part.
 * Each chunk read is copied at once into a part buffer, and a buffer is filled again once its part
 * has gone, so the upload holds `partsInFlight + 1` buffers and nothing more, however long the
 * stream. (lib-storage's Upload keeps a part's chunks until the part is full, then joins them: it
 * holds each part twice, and the chunks, grown old by then, wait for a full GC.)
 */
export async function putInParts(client: S3Client, params: PutObjectCommandInput, body: Readable, options: PartUploadOptions & { uri: string }): Promise<Output> {
  const { partBytes, partsInFlight, uri } = options;
  let part = takePart(partBytes);
  let filled = 0;
  let upload: MultipartUpload | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < bytes.length; ) {
        // A full part goes only once more bytes come, so that a stream of one part is one PutObject.
        if (filled === partBytes) {
          upload ??= await MultipartUpload.create(client, params, partsInFlight);
          if (upload.partsSent >= MAX_UPLOAD_PARTS - 1) {
            throw new InvalidInput(`the body for ${uri} is longer than ${MAX_UPLOAD_PARTS} parts of ${partBytes} bytes, the most one upload may carry`);
          }
          await upload.send(part, filled);
          part = takePart(partBytes);
          filled = 0;
        }
        const copied = bytes.copy(part, filled, at);
        filled += copied;
        at += copied;
      }
    }
    if (upload === undefined) {
      const output = await client.send(new PutObjectCommand({ ...params, Body: part.subarray(0, filled), ContentLength: filled }));
      giveBack(part);
      return output;
    }
    await upload.send(part, filled);
    return await upload.complete();
  } catch (error) {
    body.destroy();
    await upload?.abort();
    throw error;
  }
}

/** The parts of one multipart upload: sends them a few at a time, then completes or aborts it. */
class MultipartUpload {
  private readonly parts: CompletedPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  private constructor(
    private readonly client: S3Client,
    private readonly address: { Bucket: string | undefined; Key: string | undefined; UploadId: string | undefined },
    private readonly partsInFlight: number,
  ) {}

  static async create(client: S3Client, params: PutObjectCommandInput, partsInFlight: number): Promise<MultipartUpload> {
    // As lib-storage's Upload does: where the client adds checksums wherever S3 takes them (the
    // SDK's default), the upload is declared CRC32, and the parts' checksums go into the completion.
    const checksummed = (await client.config.requestChecksumCalculation()) === "WHEN_SUPPORTED";
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ ...params, ...(checksummed ? { ChecksumAlgorithm: ChecksumAlgorithm.CRC32 } : {}) }),
    );
    return new MultipartUpload(client, { Bucket: params.Bucket, Key: params.Key, UploadId }, partsInFlight);
  }

  get partsSent(): number {
    return this.parts.length;
  }

  /** Sends the first `bytes` of `buffer` as the next part once a place in flight is free; the buffer is given back once sent. */
  async send(buffer: Buffer, bytes: number): Promise<void> {
    while (this.inFlight.size >= this.partsInFlight) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const PartNumber = this.parts.push({});
    const sending: Promise<void> = this.client
      .send(new UploadPartCommand({ ...this.address, PartNumber, Body: buffer.subarray(0, bytes), ContentLength: bytes }))
      .then(
        ({ ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256 }) => {
          this.parts[PartNumber - 1] = { PartNumber, ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256 };
          giveBack(buffer);
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  async complete(): Promise<Output> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    return this.client.send(new CompleteMultipartUploadCommand({ ...this.address, MultipartUpload: { Parts: this.parts } }));
  }

  /** Drops the parts sent. Failing that, they wait for the bucket's lifecycle rules; the failure that led here is the one to report. */
  async abort(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.client.send(new AbortMultipartUploadCommand(this.address)).catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
