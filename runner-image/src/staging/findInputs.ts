import { OPTIONAL_INPUT_SUFFIX } from "../../../shared/spec/language";
import { objectAddress, type Repository } from "../../../shared/repository";
import { globRegExp, isGlob, literalPrefix } from "../../../shared/scatter";
import { formatS3Uri, isCommonPrefix, type ObjectStore } from "../../../shared/store";
import { StagingError } from "./errors";
import type { StoredObject } from "./download";
import { withRetries } from "./retry";
import { localNameOf } from "./workspacePath";

/** Keys per listing request: S3's most, so a glob over many keys takes the fewest round trips. */
const LIST_PAGE_KEYS = 1000;

/** One entry of `--inputs` and what it names in the store. */
export interface FoundInput {
  symbol: string;
  optional: boolean;
  /** The input as a full URI: the object, or the glob. */
  uri: string;
  /** What the commands see: the object's file name, or for a glob the pattern's last part, which the shell expands. */
  localName: string;
  glob: boolean;
  /** Empty when nothing matched. */
  objects: StoredObject[];
}

/**
 * Finds what the input `key: value` names. An exact name is looked up with a HEAD (one request,
 * however large its folder); a glob is listed from its longest literal prefix. A relative name is
 * a path in the repository, folders kept.
 */
export async function findInput(store: ObjectStore, repo: Repository, key: string, value: string): Promise<FoundInput> {
  const optional = key.endsWith(OPTIONAL_INPUT_SUFFIX);
  const symbol = optional ? key.slice(0, -OPTIONAL_INPUT_SUFFIX.length) : key;
  const { bucket, key: objectKey } = objectAddress(repo, value);
  const uri = formatS3Uri(bucket, objectKey);
  if (objectKey.endsWith("/")) {
    throw new StagingError("MissingInput", `input ${symbol}: ${uri} names a folder, not a file; a glob such as ${uri}* stages its files`);
  }
  const glob = isGlob(value);
  const found = { symbol, optional, uri, localName: localNameOf(objectKey, uri), glob };
  if (!glob) {
    const info = await withRetries(`look up input ${symbol} (${uri})`, () => store.head(bucket, objectKey));
    if (info === null) return { ...found, objects: [] };
    return { ...found, objects: [{ bucket, key: objectKey, size: info.size, etag: info.etag, versionId: info.versionId }] };
  }
  // The repository's own prefix is taken literally; only the input's name is a pattern.
  const literal = value.startsWith("s3://") ? "" : objectKey.slice(0, objectKey.length - value.length);
  const pattern = objectKey.slice(literal.length);
  const matcher = globMatcher(pattern, literal, symbol, uri);
  const objects = await withRetries(`list input ${symbol} (${uri})`, async () => {
    const matches: StoredObject[] = [];
    for await (const entry of store.list(bucket, { prefix: literal + literalPrefix(pattern), pageSize: LIST_PAGE_KEYS })) {
      // Folder objects (keys ending in `/`) are not files, and never match.
      if (isCommonPrefix(entry) || entry.key.endsWith("/") || !matcher.test(entry.key)) continue;
      matches.push({ bucket, key: entry.key, size: entry.size });
    }
    return matches;
  });
  return { ...found, objects };
}

function globMatcher(pattern: string, literal: string, symbol: string, uri: string): RegExp {
  try {
    return globRegExp(pattern, literal);
  } catch (error) {
    // Only a class like [z-a] makes an invalid expression.
    throw new StagingError("InvalidPattern", `input ${symbol}: the glob ${uri} is not valid: ${(error as Error).message}`);
  }
}
