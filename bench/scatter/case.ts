// One bench/scatter case in a process of its own, so that its peak RSS is the expansion's alone.
// Usage: case.ts <endpoint> <bucket> <case> <runs>; prints one JSON line of figures.
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { repositoryFromUri } from "../../shared/repository";
import { expandScatter } from "../../shared/scatter";
import type { ScatterSource } from "../../shared/spec/types";
import { S3Store } from "../../shared/store";
import { s3serverClient } from "../../tests/support/s3serverClient";
import { median } from "../support/report";
import { CASES, GLOB_KEYS_PREFIX, type CaseName } from "./cases";

// Node.js and the bundled AWS SDK, loaded: what the process holds before it expands anything.
const startRss = process.memoryUsage().rss;
const [endpoint, bucket, caseName, runsText] = process.argv.slice(2);
const client = s3serverClient(endpoint);
const store = new S3Store(client);
const repo = repositoryFromUri(`s3://${bucket}/bench`);

/** The bare loop that (a) is compared with: list every key under the prefix, nothing else. */
async function bareListing(prefix: string): Promise<number> {
  let keys = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }));
    keys += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

async function runOnce(): Promise<{ items: number; seconds: number }> {
  const started = performance.now();
  let items: number;
  if (caseName === "bare") {
    items = await bareListing(GLOB_KEYS_PREFIX);
  } else {
    const scatter: Record<string, ScatterSource> = { item: CASES[caseName as CaseName].source };
    const itemFile = { bucket, key: `bench/${caseName}/items.jsonl` };
    ({ items } = await expandScatter({ store, repo, scatter, jobData: { job: {}, scatter: {}, parent: {} }, itemFile }));
  }
  return { items, seconds: (performance.now() - started) / 1000 };
}

const rates: number[] = [];
let items = 0;
for (let run = 0; run < Number(runsText); run++) {
  const result = await runOnce();
  items = result.items;
  rates.push(result.items / result.seconds);
}
client.destroy();
// maxRSS is in KiB: the process's peak, start-up included.
console.log(JSON.stringify({ items, items_per_s: median(rates), peak_rss_mb: process.resourceUsage().maxRSS / 1024, start_rss_mb: startRss / 2 ** 20 }));
