// Background work that leaves room for chat turns: an export, a download, runs at most about half the time.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The items of `source`, each followed by a pause as long as it took to make (a page of claims: the store's query,
 * the CSV): a chat turn arriving meanwhile finds the store and the event loop free half the time instead of queued
 * behind the next page. Turns are interactive; a download taking twice as long is not noticed. `now` and `wait`
 * are the clock's, given by tests.
 */
export async function* paced<T>(
  source: AsyncIterable<T>,
  { now = () => performance.now(), wait = sleep }: { now?: () => number; wait?: (ms: number) => Promise<void> } = {},
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const started = now();
      const next = await iterator.next();
      if (next.done) return;
      const took = now() - started;
      yield next.value;
      await wait(took);
    }
  } finally {
    await iterator.return?.();
  }
}
