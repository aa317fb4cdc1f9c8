import { S3Store } from "../../../shared/store";
import { startS3Server } from "../../support/s3server";
import { BUCKET, describeRepositoryOnStore } from "./repository-store";

describeRepositoryOnStore("S3Store on s3rver", async () => {
  const server = await startS3Server({ buckets: [BUCKET] });
  return { store: new S3Store(server.client), stop: server.stop };
});
