// The bot's metric instruments, through @opentelemetry/api only (no-op without an SDK). Instruments are made from
// the meter provider registered when they are first used after a change of provider: the API gives no-op meters
// for good to whoever asks before an SDK is registered, and tests register a provider of their own.
import { metrics, type Attributes, type Counter, type Histogram, type Meter, type MeterProvider } from '@opentelemetry/api';
import { SCOPE } from './spans';

/** Seconds: from a store point read to an invoke answered at its deadline (INVOKE_DEADLINE_MS is at most 14 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

export interface Instruments {
  /** Every turn (message, invoke, conversation update, proactive), by activity type and card verb. */
  turnDuration: Histogram;
  /** An invoke from its request's arrival to its answer (the clicker's wait), by whether the deadline answered it. */
  invokeDuration: Histogram;
  /** Every HTTP request the bot serves, by route and status. */
  httpDuration: Histogram;
  /** Every request to the store (each retry included), by container, operation and status. */
  storeDuration: Histogram;
  /** Notices by kind (partner, reviewCard, customer: the e-mail, competitors) and outcome (delivered, failed, given_up). */
  notices: Counter;
}

function create(meter: Meter): Instruments {
  const latency = (name: string, description: string): Histogram =>
    meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: LATENCY_BUCKETS } });
  return {
    turnDuration: latency('cpor.turn.duration', 'Duration of a bot turn'),
    invokeDuration: latency('cpor.invoke.duration', 'Time from an invoke request to its answer'),
    httpDuration: latency('http.server.request.duration', 'Duration of HTTP server requests'),
    storeDuration: latency('db.client.operation.duration', 'Duration of store (Cosmos DB) requests'),
    notices: meter.createCounter('cpor.notices', { description: 'Notice deliveries by kind and outcome' }),
  };
}

let bound: { provider: MeterProvider; meter: Meter; instruments: Instruments } | undefined;

function current(): NonNullable<typeof bound> {
  const provider = metrics.getMeterProvider();
  if (bound?.provider !== provider) {
    const meter = provider.getMeter(SCOPE);
    bound = { provider, meter, instruments: create(meter) };
  }
  return bound;
}

export const instruments = (): Instruments => current().instruments;
export const meter = (): Meter => current().meter;

/** Seconds since a `process.hrtime.bigint()` reading. */
export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

export type NoticeOutcome = 'delivered' | 'failed' | 'given_up';

export function countNotice(kind: string, outcome: NoticeOutcome): void {
  instruments().notices.add(1, { 'cpor.notice.kind': kind, 'cpor.notice.outcome': outcome } satisfies Attributes);
}
