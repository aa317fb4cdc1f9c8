import type { JobData, Repository } from "../repository";
import type { CopySpec } from "../spec/types";
import { STORE_REQUEST_CONCURRENCY, StepLambdaError, describeLocation, fileIn, mapConcurrently, substituteField } from "../stepLambdas";
import { NoSuchKey, type ObjectStore } from "../store";

export interface CopyPlan {
  specs: CopySpec[];
  /** Names in `from` are files of this repository (s3:// URIs are taken as they are). */
  source: Repository;
  /** Names in `to` are files of this repository. */
  destination: Repository;
  /** Fills `${job.x}` in both names: always the parent's job data, as in the reference. */
  jobData: JobData;
  step: string;
  /** The step field the specs come from, `submit` or `retrieve`. */
  field: string;
}

export interface CopiedFile {
  from: string;
  to: string;
}

/** Copies each `from -> to` inside the store, several at once; a missing source is an error naming both URIs. */
export async function copyFiles(store: ObjectStore, plan: CopyPlan): Promise<CopiedFile[]> {
  const copies = plan.specs.map((spec, i) => {
    const where = { step: plan.step, field: `${plan.field}[${i}]` };
    const from = fileIn(plan.source, substituteField(spec.from, plan.jobData, where), where);
    const to = fileIn(plan.destination, substituteField(spec.to, plan.jobData, where), where);
    return { where, from, to };
  });
  return mapConcurrently(copies, STORE_REQUEST_CONCURRENCY, async ({ where, from, to }) => {
    try {
      await store.copy({ bucket: from.bucket, key: from.key }, { bucket: to.bucket, key: to.key });
    } catch (error) {
      if (!(error instanceof NoSuchKey)) throw error;
      throw new StepLambdaError("MissingFile", `${describeLocation(where)}: cannot copy ${from.uri} to ${to.uri}: ${from.uri} does not exist`, {
        cause: error,
      });
    }
    return { from: from.uri, to: to.uri };
  });
}
