import { createHash } from "node:crypto";

/** Step Functions allows execution names of up to 80 characters. */
export const MAX_EXECUTION_NAME_LENGTH = 80;
/** The reference's split of those 80: the job file's name, "_", then a tag for the upload. */
const NAME_PART_LENGTH = 71;
const UPLOAD_TAG_LENGTH = 8;
/** The reference's tag for an upload it could not tell apart from others (no version id). */
const UNKNOWN_UPLOAD = "NULL";

/** What tells one upload of a key from another. */
export interface Upload {
  /** The S3 version id; absent where the bucket keeps no versions. */
  versionId?: string;
  /** S3's sequencer of the write: differs between writes of one key, even unversioned ones. */
  sequencer?: string;
}

/**
 * The execution name for a job file, as in the reference: the key after the workflow folder with
 * its last extension removed and every run of characters other than letters and digits turned
 * into `-` (trimmed at both ends), cut to 71 characters; `_`; then the upload's tag, cut to 8:
 * the version id treated the same way. So a repeated event for one upload gets the same name
 * (Step Functions then refuses the duplicate) and a new upload of the same key gets a new one.
 *
 * Without a version id (versioning suspended) the reference wrote `NULL`, so every re-upload of a
 * key was refused as a duplicate for 90 days. Here the tag is then the first 8 hex digits of the
 * SHA-256 of the event's sequencer, which S3 makes different for each write of a key; only an
 * event with neither (a hand-written one) gets `NULL`.
 */
export function executionName(remainder: string, upload: Upload): string {
  const name = normalise(stripExtension(remainder)).slice(0, NAME_PART_LENGTH);
  return `${name}_${uploadTag(upload)}`;
}

function uploadTag({ versionId, sequencer }: Upload): string {
  const version = normalise(versionId ?? "").slice(0, UPLOAD_TAG_LENGTH);
  if (version !== "") return version;
  if (sequencer) return createHash("sha256").update(sequencer).digest("hex").slice(0, UPLOAD_TAG_LENGTH);
  return UNKNOWN_UPLOAD;
}

function normalise(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Python's os.path.splitext: the extension is the last `.` of the last path segment, unless only dots precede it there. */
function stripExtension(path: string): string {
  const segmentStart = path.lastIndexOf("/") + 1;
  const dot = path.lastIndexOf(".");
  if (dot <= segmentStart) return path;
  if (/^\.*$/.test(path.slice(segmentStart, dot))) return path;
  return path.slice(0, dot);
}
