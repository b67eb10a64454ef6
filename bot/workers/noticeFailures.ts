// How a failed send of a notice is judged: retried now (throttled, a passing fault), left for a later sweep (a peer
// that timed out, nowhere to send yet), or given up (the peer refused it for good).
import type { Notice } from '../../services/domain/claim';
import { isTimeout } from '../../services/deadline';

const MAX_ATTEMPTS_PER_RUN = 3;
/**
 * One delivery run's retries must end well inside the lease, or another instance could lease the notice and send
 * it again while this one is still trying: Retry-After waits are capped, and so are the attempts and their time.
 */
const MAX_RETRY_AFTER_MS = 15_000;

export class PermanentFailure extends Error {
  /** The peer may have acted on it all the same (a 504 after the mail service accepted the request). */
  mayHaveArrived = false;
}
/** Nothing to send to yet (e.g. no review channel): wait for the sweep, no retries now, never given up. */
export class NotYet extends Error {}

interface ConnectorError {
  /** Bot Connector errors (RestError). */
  statusCode?: number;
  /** Graph errors (GraphRequestError). */
  status?: number;
  response?: { headers?: { get?(name: string): string | undefined } & Record<string, unknown> };
}

/** The Bot Connector answered 403 or 404: the message or the chat is gone, or the app was removed from it. */
export function isGone(err: unknown): boolean {
  const status = (err as ConnectorError).statusCode;
  return status === 403 || status === 404;
}

/** Retry-After in ms from a connector error (seconds or an HTTP date), if any. */
function retryAfterMs(err: ConnectorError, now: number): number | undefined {
  const headers = err.response?.headers;
  const raw = headers?.get?.('retry-after') ?? (headers?.['retry-after'] as string | undefined);
  if (!raw) return undefined;
  const seconds = Number(raw);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

export interface RetryTiming {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** Sends, retrying what may pass within this run; `beforeRetry` renews the lease: it covers one attempt. */
export async function withRetry(send: () => Promise<void>, kind: Notice['kind'], beforeRetry: () => Promise<void>, timing: RetryTiming): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      // A peer that did not answer in time is not waited for again now: the notice stays pending (backoff) and a
      // later sweep retries it, while this run goes on to the claim's other notices.
      if (err instanceof NotYet || isTimeout(err)) throw err;
      const e = err as ConnectorError;
      const status = e.statusCode ?? e.status;
      if (status === 403 || status === 404) throw new PermanentFailure(`answered ${status}: the app is not in that chat any more, or may not send`);
      // A 504 from Graph may come after the mail was sent: resending could e-mail the customer twice.
      if (kind === 'customer' && status === 504) {
        const failure = new PermanentFailure('mail service timed out after accepting the request (504): not resent');
        failure.mayHaveArrived = true;
        throw failure;
      }
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) throw new PermanentFailure(`answered ${status}`);
      if (attempt >= MAX_ATTEMPTS_PER_RUN) throw err;
      await timing.sleep(retryAfterMs(e, timing.now().getTime()) ?? Math.min(500 * 2 ** attempt, 8000));
      await beforeRetry();
    }
  }
}
