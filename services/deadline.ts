// A bound on how long the bot waits for a peer (Bot Connector, Graph, token endpoints). A peer that accepts the
// connection and never answers must cost a known, configured time, never the bot's progress: the caller's work
// is rejected with a TimeoutError and its AbortSignal fires, so a client that honours it closes the request.

export class TimeoutError extends Error {
  constructor(
    readonly operation: string,
    readonly ms: number,
  ) {
    super(`${operation} did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * True for a call that ran out of time: our TimeoutError, a gateway's error with code "Timeout" (graph.ts), or the
 * AbortError a client raises when its own request timeout fires (Bot Connector).
 */
export function isTimeout(err: unknown): boolean {
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  return err instanceof TimeoutError || name === 'AbortError' || name === 'TimeoutError' || code === 'Timeout';
}

/**
 * Runs `work` and settles within `ms`: with its result, or with a TimeoutError (and `signal` aborted). The work is
 * not awaited past the deadline; give it the signal so it stops too.
 */
export async function withDeadline<T>(ms: number, operation: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(operation, ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
