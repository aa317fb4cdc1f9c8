import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { OutputsArgument } from "../../../shared/compiler/runner";
import { objectAddress, type Repository } from "../../../shared/repository";
import { mapConcurrently } from "../../../shared/stepLambdas";
import { formatS3Uri, parseS3Uri, type ObjectStore } from "../../../shared/store";
import { ByteBudget } from "./byteBudget";
import { StagingError } from "./errors";
import { findOutputFiles } from "./findOutputs";
import { TRANSFER_CONCURRENCY } from "./limits";
import { uploadBufferBytes, uploadFile } from "./upload";

/**
 * The memory uploads may hold at once (see uploadBufferBytes): every one of TRANSFER_CONCURRENCY
 * streamed uploads (3 MiB each), or a multipart upload of a file over 5 GiB (43 MiB) beside a few
 * of them. It keeps the runner within a small instance's memory whatever the outputs' sizes.
 */
const UPLOAD_BUFFER_BUDGET_BYTES = 64 * 1024 * 1024;

export interface StageOutputsOptions {
  store: ObjectStore;
  repo: Repository;
  /** `--outputs`, with `${job.x}` etc. already substituted by the caller. */
  outputs: OutputsArgument;
  workspace: string;
  /** The step's tags (`--tags`); each output's own tags override them. */
  tags: Record<string, string>;
  /** Recorded on every upload as the metadata `execution_id`. */
  executionId: string;
  /** Transfers in flight at once; TRANSFER_CONCURRENCY by default. */
  concurrency?: number;
  /** Where warnings go (an output that matched nothing); stderr by default. */
  warn?: (line: string) => void;
}

export interface Upload {
  symbol: string;
  /** The file's path relative to the workspace. */
  local: string;
  uri: string;
  bytes: number;
}

export interface StagedOutputs {
  uploaded: Upload[];
  /** The output paths (patterns) that matched no file: a warning, not an error. */
  missing: string[];
}

interface PlannedUpload {
  symbol: string;
  local: string;
  bucket: string;
  key: string;
  tags: Record<string, string>;
}

/**
 * Uploads every file the outputs name, in parallel, each to `<repo>/<file name>` or
 * `<dest><file name>`. Two different files bound for one destination are a NameClash, found before
 * anything is uploaded; so are paths that would leave the workspace (EscapesWorkspace).
 */
export async function stageOutputs(options: StageOutputsOptions): Promise<StagedOutputs> {
  const { store, repo, outputs, workspace, executionId } = options;
  const concurrency = options.concurrency ?? TRANSFER_CONCURRENCY;
  const warn = options.warn ?? ((line: string) => console.warn(line));

  const missing: string[] = [];
  const planned = new Map<string, PlannedUpload>();
  for (const [symbol, spec] of Object.entries(outputs)) {
    const files = await findOutputFiles(workspace, spec.path, symbol);
    if (files.length === 0) {
      missing.push(spec.path);
      warn(`no file matching '${spec.path}' found in workspace`);
    }
    for (const local of files) {
      const name = local.slice(local.lastIndexOf("/") + 1);
      const { bucket, key } = spec.dest === undefined ? objectAddress(repo, name) : parseS3Uri(folderUri(spec.dest) + name);
      const uri = formatS3Uri(bucket, key);
      const other = planned.get(uri);
      if (other !== undefined && other.local !== local) {
        throw new StagingError(
          "NameClash",
          `${other.local} (output ${other.symbol}) and ${local} (output ${symbol}) would both be uploaded to ${uri}; rename one of them`,
        );
      }
      planned.set(uri, { symbol, local, bucket, key, tags: { ...options.tags, ...spec.s3Tags } });
    }
  }

  const budget = new ByteBudget(UPLOAD_BUFFER_BUDGET_BYTES);
  const uploaded = await mapConcurrently([...planned.entries()], concurrency, async ([uri, plan]) => {
    const path = join(workspace, plan.local);
    const target = { bucket: plan.bucket, key: plan.key, metadata: { execution_id: executionId }, tags: plan.tags };
    const { size } = await stat(path);
    await budget.use(uploadBufferBytes(size), () => uploadFile(store, path, size, target));
    return { symbol: plan.symbol, local: plan.local, uri, bytes: size };
  });
  return { uploaded, missing };
}

/** A destination folder, `/`-terminated however it was written. */
function folderUri(dest: string): string {
  return dest.endsWith("/") ? dest : `${dest}/`;
}
