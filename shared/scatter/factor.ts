import { objectAddress, RepositoryError, type JobData, type Repository } from "../repository";
import { formatS3Uri, InvalidS3Uri, type ObjectStore } from "../store";
import { describeValue } from "./describeValue";
import { ScatterError } from "./errors";
import { fileSource } from "./fileSource";
import { isGlob } from "./glob";
import { globSource } from "./globSource";
import { parseSelector } from "./jsonPath";
import { resolveReferences } from "./reference";
import { placedError, placedSource, type Factor, type ItemSource } from "./source";

export interface SourceContext {
  store: ObjectStore;
  repo: Repository;
  jobData: JobData;
}

const S3_SCHEME = "s3://";

/**
 * A scatter variable's source (workflow-language.md a.4) as a Factor: a list is its items; a text is
 * first resolved against the job data (a lone `${job.x}` may name the list itself) and then read as
 * `@file[:selector]`, a glob, or one file name (one item, its full S3 URI). Nothing is read yet.
 */
export function resolveFactor(name: string, source: unknown, context: SourceContext): Factor {
  const where = `scatter variable ${JSON.stringify(name)} (${JSON.stringify(source)})`;
  try {
    if (Array.isArray(source)) return { name, where, values: source, nothing: "the list is empty" };
    if (typeof source !== "string") {
      throw new ScatterError("BadSource", `expected a list or a text, not ${describeValue(source)}`);
    }
    const resolved = resolveReferences(source, context.jobData);
    if (resolved.kind === "list") return { name, where, values: resolved.values, nothing: `${source} is an empty list` };
    const text = resolved.text;
    if (text === "") throw new ScatterError("BadSource", "the source is empty");
    if (text.startsWith("@")) return { name, where, source: placedSource(fileContents(text.slice(1), context), where) };
    if (isGlob(text)) return { name, where, source: placedSource(glob(text, context), where) };
    const { bucket, key } = objectAddress(context.repo, text);
    return { name, where, values: [formatS3Uri(bucket, key)], nothing: "" };
  } catch (error) {
    throw placedError(asScatterError(error), where);
  }
}

/** `path[:selector]`; the selector starts at the first `:` after the bucket, as in the reference. */
function fileContents(spec: string, { store, repo }: SourceContext): ItemSource {
  const colon = spec.indexOf(":", spec.startsWith(S3_SCHEME) ? S3_SCHEME.length : 0);
  const path = colon === -1 ? spec : spec.slice(0, colon);
  const selector = colon === -1 ? undefined : parseSelector(spec.slice(colon + 1));
  const { bucket, key } = objectAddress(repo, path);
  return fileSource(store, bucket, key, selector);
}

function glob(text: string, { store, repo }: SourceContext): ItemSource {
  const { bucket, key } = objectAddress(repo, text);
  // A relative glob is qualified with the repository's folder, which is literal even where it holds `*` or `[`.
  const literal = text.startsWith(S3_SCHEME) ? "" : key.slice(0, key.length - text.length);
  return globSource(store, bucket, literal, key.slice(literal.length));
}

/** Names that are not S3 URIs or paths inside the repository are the source's fault. */
function asScatterError(error: unknown): unknown {
  if (error instanceof RepositoryError || error instanceof InvalidS3Uri) {
    return new ScatterError("BadSource", error.message, { cause: error });
  }
  return error;
}
