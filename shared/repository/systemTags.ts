/**
 * Tags on every file the system writes into a repository (job data, job file copy, markers, item
 * files, manifests), the reference's name kept so that users' S3 lifecycle rules go on matching them.
 */
export const SYSTEM_TAGS: Readonly<Record<string, string>> = Object.freeze({ "bclaw.system": "true" });
