import type { S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "../../shared/store";

/**
 * A client for the test S3 server (s3rver): path-style, its dummy credentials, us-east-1. With the
 * SDK's default (WHEN_SUPPORTED), streamed uploads carry their checksums in an aws-chunked body,
 * which s3rver stores as it came, framing and all; so checksums only where S3 requires them.
 * (A module of its own, free of the server's process handling, for the benchmarks' child scripts.)
 */
export function s3serverClient(endpoint: string): S3Client {
  return createS3Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
