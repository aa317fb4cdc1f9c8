import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from "@aws-sdk/client-s3";
import { MAX_UPLOAD_PARTS } from "./partUpload";

/**
 * Parts of a multipart copy. S3 copies them on its side, so a large part costs no memory here;
 * 512 MiB keeps every object up to 4.8 TiB within 10,000 parts (larger ones get larger parts).
 */
export const COPY_PART_BYTES = 512 * 1024 * 1024;
/** Parts copied at once: each is a request S3 works on for seconds. */
export const COPY_PARTS_IN_FLIGHT = 8;

/**
 * S3's answer to a CopyObject whose source is over its 5 GiB limit: InvalidRequest, "The specified
 * copy source is larger than the maximum allowable size for a copy source: 5368709120".
 */
export function isCopySourceTooLarge(error: unknown): boolean {
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === "InvalidRequest" && typeof message === "string" && /copy source is larger than the maximum/i.test(message);
}

export interface PartCopy {
  /** `bucket/key[?versionId=…]`, URL-encoded, as CopyObject takes it. */
  copySource: string;
  size: number;
  to: { Bucket: string; Key: string };
  metadata: Record<string, string>;
  contentType?: string;
}

/**
 * Copies an object of any size as a multipart upload of UploadPartCopy ranges, S3 moving the bytes;
 * a failure aborts the upload, so no part is left behind (beyond the bucket's lifecycle rules).
 */
export async function copyInParts(client: S3Client, copy: PartCopy): Promise<{ ETag?: string; VersionId?: string }> {
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ ...copy.to, Metadata: copy.metadata, ...(copy.contentType !== undefined && { ContentType: copy.contentType }) }),
  );
  const address = { ...copy.to, UploadId };
  const partBytes = Math.max(COPY_PART_BYTES, Math.ceil(copy.size / MAX_UPLOAD_PARTS));
  const count = Math.max(1, Math.ceil(copy.size / partBytes));
  const parts: CompletedPart[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const first = index * partBytes;
      const last = Math.min(copy.size, first + partBytes) - 1;
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({ ...address, PartNumber: index + 1, CopySource: copy.copySource, CopySourceRange: `bytes=${first}-${last}` }),
      );
      parts[index] = { PartNumber: index + 1, ETag: CopyPartResult?.ETag };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(COPY_PARTS_IN_FLIGHT, count) }, worker));
    return await client.send(new CompleteMultipartUploadCommand({ ...address, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand(address)).catch(() => undefined);
    throw error;
  }
}
