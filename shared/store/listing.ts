import type { CommonPrefix, ListEntry, ListOptions, ObjectStore } from "./types";

export function isCommonPrefix(entry: ListEntry): entry is CommonPrefix {
  return "commonPrefix" in entry;
}

export function entryKey(entry: ListEntry): string {
  return isCommonPrefix(entry) ? entry.commonPrefix : entry.key;
}

/** S3's key order: UTF-8 bytes (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Every entry of a listing, one page per request, fetched as the caller iterates. */
export async function* listAll(
  store: Pick<ObjectStore, "listPage">,
  bucket: string,
  options: ListOptions = {},
): AsyncGenerator<ListEntry> {
  const { prefix, delimiter, startAfter, pageSize } = options;
  let continuationToken: string | undefined;
  do {
    const page = await store.listPage(bucket, {
      prefix,
      delimiter,
      maxKeys: pageSize,
      ...(continuationToken === undefined ? { startAfter } : { continuationToken }),
    });
    yield* page.entries;
    continuationToken = page.nextContinuationToken;
  } while (continuationToken !== undefined);
}
