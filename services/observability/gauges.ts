// The gauges an operator watches, read from the store when the metrics are collected (every export interval,
// OTEL_METRIC_EXPORT_INTERVAL, 60 s by default; never without an SDK): the outbox's backlog, the reviewers' queue
// and how late the scheduler is. Every instance reports the same shared values: aggregate them with max or last.
import type { BatchObservableCallback } from '@opentelemetry/api';
import type { AssociationStore, Backlog } from '../associationStore';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { meter } from './metrics';
import { withoutSpans } from './spans';

/** Where each reading comes from: one place to point elsewhere. */
export interface GaugeSources {
  /** Notices waiting for delivery, and the oldest one's creation. */
  notices(): Promise<Backlog>;
  /** Claims waiting for a reviewer, and since when the longest has. */
  reviewQueue(): Promise<Backlog>;
  /** The earliest deadline passed that the scheduler has not acted on yet. */
  oldestOverdueTimer(now: Date): Promise<string | undefined>;
}

export function storeGaugeSources(claims: AssociationStore): GaugeSources {
  return {
    notices: () => claims.outboxBacklog(),
    reviewQueue: () => claims.reviewBacklog(),
    oldestOverdueTimer: (now) => claims.oldestOverdueTimer(now.toISOString()),
  };
}

/** Seconds from `since` to `now`; 0 when nothing waits. */
const ageOf = (since: string | undefined, now: Date): number => (since ? Math.max(0, now.getTime() - Date.parse(since)) / 1000 : 0);

/** Registers the gauges on the current meter; returns their unregistration (at shutdown). */
export function registerGauges(sources: GaugeSources, clock: Clock, log: Logger): () => void {
  const m = meter();
  const gauge = (name: string, unit: string, description: string) => m.createObservableGauge(name, { unit, description });
  const noticesWaiting = gauge('cpor.notices.waiting', '{notice}', 'Notices not yet delivered nor given up');
  const oldestNotice = gauge('cpor.notices.oldest_age', 's', 'Age of the oldest notice waiting');
  const queueSize = gauge('cpor.review_queue.size', '{claim}', 'Claims waiting for a reviewer');
  const oldestInQueue = gauge('cpor.review_queue.oldest_age', 's', 'How long the longest-waiting claim has waited for a reviewer');
  const schedulerLag = gauge('cpor.scheduler.lag', 's', 'How long ago the earliest deadline the scheduler has not acted on passed');
  const observed = [noticesWaiting, oldestNotice, queueSize, oldestInQueue, schedulerLag];

  const observe: BatchObservableCallback = async (result) => {
    const now = clock.now();
    try {
      const [notices, queue, overdue] = await withoutSpans(() => Promise.all([sources.notices(), sources.reviewQueue(), sources.oldestOverdueTimer(now)]));
      result.observe(noticesWaiting, notices.count);
      result.observe(oldestNotice, ageOf(notices.oldest, now));
      result.observe(queueSize, queue.count);
      result.observe(oldestInQueue, ageOf(queue.oldest, now));
      result.observe(schedulerLag, ageOf(overdue, now));
    } catch (err) {
      // No reading rather than a wrong one; the store's own health is /healthz's business.
      log.warn({ err }, 'operational gauges could not be read from the store');
    }
  };
  m.addBatchObservableCallback(observe, observed);
  return () => m.removeBatchObservableCallback(observe, observed);
}
