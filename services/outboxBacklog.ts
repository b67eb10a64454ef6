// How far behind the outbox is: the notices still owed and the age of the oldest. Readiness (/readyz) and the
// metrics both read it; one query over the claims' pending notices.
import type { AssociationStore } from './associationStore';

export interface OutboxBacklog {
  /** Notices neither delivered nor given up. */
  waiting: number;
  /** Age of the oldest of them, in ms; undefined when none waits. */
  oldestAgeMs?: number;
}

export async function outboxBacklog(claims: Pick<AssociationStore, 'pendingNoticeDates'>, now: Date): Promise<OutboxBacklog> {
  let waiting = 0;
  let oldest = Infinity;
  for await (const page of claims.pendingNoticeDates()) {
    waiting += page.length;
    for (const createdAt of page) oldest = Math.min(oldest, Date.parse(createdAt));
  }
  return waiting === 0 ? { waiting } : { waiting, oldestAgeMs: Math.max(0, now.getTime() - oldest) };
}
