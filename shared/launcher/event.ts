import { isRecord } from "../stepLambdas";

/** What the launcher needs from EventBridge's "Object Created" event for the launcher bucket. */
export interface ObjectCreated {
  bucket: string;
  /** As the event carries it: possibly URL-encoded (see candidateKeys). */
  key: string;
  versionId?: string;
  sequencer?: string;
  /** Set in a hand-made event: work out what would start, and start nothing. */
  dryRun: boolean;
}

const OBJECT_CREATED = "Object Created";
/** The version id S3 gives objects written while versioning is suspended: it names no particular upload. */
const NULL_VERSION = "null";

/** The event is not an S3 "Object Created" event as EventBridge delivers it: the rule feeding the launcher is wrong. */
export class LauncherEventError extends Error {
  readonly code = "BadLauncherEvent";
  constructor(problem: string) {
    super(`not an EventBridge S3 "Object Created" event: ${problem}`);
    this.name = "BadLauncherEvent";
  }
}

/**
 * Reads the raw EventBridge event (`{"detail-type": "Object Created", detail: {bucket: {name},
 * object: {key, "version-id"?, sequencer?}}}`, plus `dry_run: true` to start nothing).
 */
export function parseObjectCreated(event: unknown): ObjectCreated {
  if (!isRecord(event)) throw new LauncherEventError("expected a JSON object");
  const detailType = event["detail-type"];
  if (detailType !== undefined && detailType !== OBJECT_CREATED) {
    throw new LauncherEventError(`detail-type is ${JSON.stringify(detailType)}`);
  }
  const detail = event.detail;
  if (!isRecord(detail) || !isRecord(detail.bucket) || !isRecord(detail.object)) {
    throw new LauncherEventError("expected detail.bucket and detail.object");
  }
  const bucket = detail.bucket.name;
  const { key, sequencer } = detail.object;
  const versionId = detail.object["version-id"];
  const dryRun = event.dry_run ?? false;
  if (typeof bucket !== "string" || bucket === "") throw new LauncherEventError("detail.bucket.name must be a bucket name");
  if (typeof key !== "string" || key === "") throw new LauncherEventError("detail.object.key must be a key");
  if (versionId !== undefined && typeof versionId !== "string") throw new LauncherEventError('detail.object["version-id"] must be text');
  if (sequencer !== undefined && typeof sequencer !== "string") throw new LauncherEventError("detail.object.sequencer must be text");
  if (typeof dryRun !== "boolean") throw new LauncherEventError("dry_run must be true or false");
  return {
    bucket,
    key,
    versionId: versionId === undefined || versionId === "" || versionId === NULL_VERSION ? undefined : versionId,
    sequencer: sequencer || undefined,
    dryRun,
  };
}

/**
 * The keys an event's key may stand for. EventBridge sends keys as they are, but S3's own
 * notifications (and events copied from them) URL-encode them with `+` for a space, and some
 * sources send `%20`; a `+` or `%` in a key cannot say which it is. So the key as given comes
 * first, then its percent-decoding, then its form-decoding; the launcher takes the first that
 * exists.
 */
export function candidateKeys(key: string): string[] {
  return [...new Set([key, decode(key), decode(key.replace(/\+/g, " "))])].filter((candidate): candidate is string => candidate !== undefined);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not percent-encoding (e.g. a literal "%" in the key): this reading does not apply.
    return undefined;
  }
}
