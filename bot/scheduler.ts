// Timers of the claim life cycle, run in every bot instance: deliver notices still pending (the outbox's safety
// net), and reject "Partner action required" claims whose 5-business-day answer window has passed. Safe with
// several instances: each change is an ETag-conditional transition that only one of them can win.
import type { AssociationStore } from '../services/associationStore';
import type { Logger } from '../services/logger';
import type { NoticeDelivery } from './noticeDelivery';

export const SYSTEM_ACTOR = { id: 'system', name: 'CPOR Assistant' };

export interface SchedulerDeps {
  claims: AssociationStore;
  delivery: NoticeDelivery;
  log: Logger;
  intervalMs: number;
  now?: () => Date;
}

export class Scheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; overlapping ticks are skipped (a slow pass is not stacked on). */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      await this.expirePartnerActions();
      await this.deps.delivery.sweep();
    } catch (err) {
      this.deps.log.error({ err }, 'scheduler pass failed');
    }
  }

  /** "Partner action required" with no answer by the deadline: rejected, reason "No partner response". */
  async expirePartnerActions(): Promise<number> {
    const now = (this.deps.now ?? (() => new Date()))().toISOString();
    let expired = 0;
    for (const ref of await this.deps.claims.partnerActionsDueBy(now)) {
      const result = await this.deps.claims.transition(ref, {
        action: 'expirePartnerAction',
        actor: SYSTEM_ACTOR,
        reason: 'No partner response',
      });
      if (result.kind === 'done') {
        expired++;
        await this.deps.delivery.deliverPending(ref);
      }
    }
    return expired;
  }
}
