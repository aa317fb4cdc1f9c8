import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobData } from "../../shared/repository";

/** Random bytes in the file's name: like the reference's temp-file name, so commands find it only through BC_JOB_DATA_FILE. */
const NAME_RANDOM_BYTES = 4;

/** Writes the whole job data `{job, scatter, parent}` as `job_data_<random>.json` in the workspace; returns the file's name. */
export async function writeJobDataFile(workspace: string, data: JobData): Promise<string> {
  const name = `job_data_${randomBytes(NAME_RANDOM_BYTES).toString("hex")}.json`;
  await writeFile(join(workspace, name), JSON.stringify(data));
  return name;
}
