/**
 * Tags on the bookkeeping files stepbatch writes into a repository (job data, the job file's copy,
 * markers), the reference's name kept so that users' S3 lifecycle rules go on matching them. Gather
 * manifests are a step's output, read by the next step, and stay untagged as in the reference.
 */
export const SYSTEM_TAGS: Readonly<Record<string, string>> = Object.freeze({ "bclaw.system": "true" });
