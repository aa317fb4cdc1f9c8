/**
 * Store requests a step Lambda keeps in flight at once (gather's HEADs, subpipe copies, chooser
 * reads). The SDK's HTTP agent holds 50 sockets by default; staying under that keeps requests from
 * queueing inside the agent, and S3 takes thousands of requests a second per prefix.
 */
export const STORE_REQUEST_CONCURRENCY = 48;

/**
 * `fn` over every item with at most `limit` calls in flight; results in item order. The first
 * failure rejects the whole, and no further calls start after it.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
