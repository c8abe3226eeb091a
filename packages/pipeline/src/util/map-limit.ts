/**
 * Maps with at most `limit` promises in flight, preserving order. Cell reads and encodes go
 * through libuv's small thread pool (4 by default, on a 2-core machine); queueing a whole
 * edge's worth at once only adds memory, not speed.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const IO_CONCURRENCY = 4;
