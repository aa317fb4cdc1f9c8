import { S3Store } from "../../../shared/store";
import { startS3Server } from "../../support/s3server";
import { BUCKET, OTHER_BUCKET, describeExpandScatter } from "./expand-suite";

describeExpandScatter("S3Store on s3rver", async () => {
  const server = await startS3Server({ buckets: [BUCKET, OTHER_BUCKET] });
  return { store: new S3Store(server.client), stop: server.stop };
});
