import { formatS3Uri, isCommonPrefix, type ListPage, type ObjectStore } from "../store";
import { ScatterError } from "./errors";
import { globRegExp, literalPrefix } from "./glob";
import type { ItemSource } from "./source";

/** Keys per listing request: S3's most, so a glob over many keys takes the fewest round trips. */
const LIST_PAGE_KEYS = 1000;

/**
 * The objects of `bucket` whose keys are `literal` followed by a match of `pattern` (see glob.ts),
 * as full S3 URIs in key order. The listing starts at the longest literal prefix. Folder objects
 * (keys ending in `/`) are not files, and never match.
 */
export function globSource(store: ObjectStore, bucket: string, literal: string, pattern: string): ItemSource {
  const uri = formatS3Uri(bucket, literal + pattern);
  let matcher: RegExp;
  try {
    matcher = globRegExp(pattern, literal);
  } catch (error) {
    // Only a class like [z-a] makes an invalid expression.
    throw new ScatterError("BadSource", `the glob ${uri} is not valid: ${(error as Error).message}`);
  }
  const prefix = literal + literalPrefix(pattern);
  return {
    nothing: `the glob ${uri} matches no objects`,
    async *batches() {
      const listFrom = (continuationToken?: string) => store.listPage(bucket, { prefix, continuationToken, maxKeys: LIST_PAGE_KEYS });
      // The next page is asked for as soon as a page arrives, so that the server lists while this
      // page's items are written: a long listing then takes as long as the server's listing alone.
      let next: Promise<ListPage> | undefined = listFrom();
      try {
        while (next !== undefined) {
          const page: ListPage = await next;
          next = page.nextContinuationToken === undefined ? undefined : listFrom(page.nextContinuationToken);
          const uris: string[] = [];
          for (const entry of page.entries) {
            if (isCommonPrefix(entry) || entry.key.endsWith("/") || !matcher.test(entry.key)) continue;
            uris.push(formatS3Uri(bucket, entry.key));
          }
          if (uris.length > 0) yield uris;
        }
      } finally {
        // A reader that stops early leaves a request running; its failure is of no interest then.
        next?.catch(() => undefined);
      }
    },
  };
}
