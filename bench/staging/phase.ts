// One measured transfer phase, in a process of its own so that its peak RSS is its own. Prints
// {"seconds": n, "peak_rss_mb": n} as JSON. Arguments: <mode: staging|sdk> <direction: in|out>
// <endpoint> <bucket> <prefix> <folder>: "in" downloads the prefix's .bin files into the folder,
// "out" uploads the folder's .bin files under the prefix.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { createReadStream, createWriteStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { repositoryFromUri } from "../../shared/repository";
import { mapConcurrently } from "../../shared/stepLambdas";
import { S3Store } from "../../shared/store";
import { s3serverClient } from "../../tests/support/s3serverClient";
import { stageInputs, stageOutputs } from "../../runner-image/src/staging";

/** The ceiling: a plain SDK loop with this many transfers in flight. */
const SDK_CONCURRENCY = 16;

const [mode, direction, endpoint, bucket, prefix, folder] = process.argv.slice(2);
const client = s3serverClient(endpoint);
const store = new S3Store(client);
const quiet = () => undefined;

async function run(): Promise<void> {
  const repo = repositoryFromUri(`s3://${bucket}/${prefix}`);
  if (mode === "staging" && direction === "in") {
    await stageInputs({ store, repo, inputs: { files: "*.bin" }, workspace: folder, warn: quiet });
  } else if (mode === "staging") {
    const outputs = { files: { path: "*.bin", s3Tags: {} } };
    await stageOutputs({ store, repo, outputs, workspace: folder, tags: {}, executionId: "bench", warn: quiet });
  } else if (direction === "in") {
    await mapConcurrently(await listKeys(), SDK_CONCURRENCY, async (key) => {
      const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await pipeline(output.Body as Readable, createWriteStream(join(folder, key.slice(prefix.length + 1))));
    });
  } else {
    const names = (await readdir(folder)).filter((name) => name.endsWith(".bin"));
    await mapConcurrently(names, SDK_CONCURRENCY, async (name) => {
      const path = join(folder, name);
      const size = (await stat(path)).size;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${name}`, Body: createReadStream(path), ContentLength: size }));
    });
  }
}

async function listKeys(): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? "").filter((key) => key.endsWith(".bin")));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

const started = performance.now();
await run();
const seconds = (performance.now() - started) / 1000;
client.destroy();
process.stdout.write(JSON.stringify({ seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
