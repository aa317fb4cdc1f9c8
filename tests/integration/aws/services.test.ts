import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServices } from "../../../shared/aws";
import { startS3Server, type S3Server } from "../../support/s3server";

describe("createServices' store", () => {
  let server: S3Server;

  beforeAll(async () => {
    server = await startS3Server({ buckets: ["endpoint-test"] });
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.stop();
  });

  it("uses the S3-compatible server at AWS_ENDPOINT_URL_S3, addressing buckets by path (no DNS name per bucket)", async () => {
    // A host name rather than an IP address: the SDK alone would send this to endpoint-test.localhost.
    const endpoint = server.endpoint.replace("127.0.0.1", "localhost");
    const { store } = createServices({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_S3: endpoint });

    await store.put("endpoint-test", "a/b.json", '{"x": 1}');

    expect((await store.getBytes("endpoint-test", "a/b.json")).toString()).toBe('{"x": 1}');
  });
});
