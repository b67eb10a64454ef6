// Timers of the claim life cycle, run in every bot instance: Approved claims whose opt-out window has passed
// become Official; "Partner action required" claims unanswered by their deadline are rejected ("No partner
// response"); notices still pending are delivered (the outbox's safety net).
// Several instances share one Cosmos account: a lease document lets one of them sweep at a time, and every change
// is an ETag-conditional transition that only one writer can win, with its notices in the same write — so a claim
// is promoted and announced exactly once, and a crash between the two loses nothing.
import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { AssociationStore, TransitionResult, WriteOptions } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { Claim, Notice } from '../../services/domain/claim';
import type { Logger } from '../../services/logger';
import type { NoticeDelivery } from './noticeDelivery';

import { SYSTEM_ACTOR } from '../../services/domain/rules';
export { SYSTEM_ACTOR };

export interface SchedulerDeps {
  claims: AssociationStore;
  delivery: NoticeDelivery;
  /** Writes the partner reminders now owed (answer due soon, idle Drafts); optional so tests can leave it out. */
  reminders?: { run(): Promise<number> };
  /** Holds the lease document (id "scheduler-lease"; partition key /id). */
  leases: Container;
  log: Logger;
  intervalMs: number;
  clock: Clock;
  /** No other process uses this store (the embedded store's locked data folder): another owner's lease is stale. */
  soleInstance?: boolean;
}

interface Lease {
  id: 'scheduler-lease';
  owner: string;
  until: string;
  _etag?: string;
}

type Apply = (claim: Claim, opts: WriteOptions) => Promise<TransitionResult>;

const LEASE_ID = 'scheduler-lease';
/** Claims of a page worked on at once (bounded, so the connector and the store see a steady load). */
const PARALLEL = 8;
const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

export interface PassResult {
  official: number;
  expired: number;
  delivered: number;
}

export class Scheduler {
  readonly owner = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<PassResult | undefined>;
  /** Set by stop(): the pass in progress takes no further claim. */
  private stopping = false;

  constructor(private readonly deps: SchedulerDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  /** Ends after the claims in hand (the caller bounds the wait), and gives the lease back. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
    await this.releaseLease();
  }

  /** One pass if this instance holds (or takes) the lease; overlapping ticks are not stacked. Undefined: not ours. */
  tick(): Promise<PassResult | undefined> {
    if (this.stopping) return Promise.resolve(undefined);
    this.running ??= (async () => {
      try {
        if (!(await this.takeLease())) return undefined;
        return await this.pass();
      } catch (err) {
        this.deps.log.error({ err }, 'scheduler pass failed');
        return undefined;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** The work of one pass, without the lease (tests call it directly to race instances). */
  async pass(): Promise<PassResult> {
    const official = await this.promoteApproved();
    const expired = await this.expirePartnerActions();
    await this.deps.reminders?.run();
    const delivered = await this.deps.delivery.sweep();
    if (official + expired + delivered > 0) this.deps.log.info({ official, expired, delivered }, 'scheduler pass');
    return { official, expired, delivered };
  }

  /** "Partner action required" with no answer by the deadline: rejected, reason "No partner response". */
  expirePartnerActions(): Promise<number> {
    return this.applyDue('PartnerActionRequired', (claim, opts) =>
      this.deps.claims.transition(claim, { action: 'expirePartnerAction', actor: SYSTEM_ACTOR, party: 'system' }, opts),
    );
  }

  /** Approved claims past their opt-out window: Official, or rejected if another partner's approval took the slot. */
  promoteApproved(): Promise<number> {
    return this.applyDue('Approved', (claim, opts) => this.deps.claims.promote(claim, SYSTEM_ACTOR, opts));
  }

  private async applyDue(status: 'Approved' | 'PartnerActionRequired', apply: Apply): Promise<number> {
    let applied = 0;
    for await (const page of this.deps.claims.dueBy(status, this.now().toISOString())) {
      // A few claims at a time: the work is mostly waiting on the store and the connector; memory stays a page.
      for (let i = 0; i < page.length && !this.stopping; i += PARALLEL) {
        const done = await Promise.all(page.slice(i, i + PARALLEL).map((ref) => this.applyOne(ref, apply)));
        applied += done.filter(Boolean).length;
      }
    }
    return applied;
  }

  /**
   * The transition from the claim as the page read it, with the lease of its first notice in the same write; then
   * its notices are sent, each outcome recorded in the write that leases the next (noticeDelivery.ts).
   */
  private async applyOne(claim: Claim, apply: Apply): Promise<boolean> {
    try {
      let first: Notice | undefined;
      const result = await apply(claim, { current: claim, alsoChange: (c) => (first = this.deps.delivery.lease(c)) });
      // Another instance (or a person) got there first, or the customer has not been told yet.
      if (result.kind !== 'done') return false;
      await this.deps.delivery.deliverPending(claim, first && { claim: result.claim, notice: first });
      return true;
    } catch (err) {
      this.deps.log.error({ err, claimId: claim.id }, 'scheduled transition failed; retried next pass');
      return false;
    }
  }

  /** Takes or renews the lease (twice the interval), with ETag conditions; false when another instance holds it. */
  private async takeLease(): Promise<boolean> {
    const now = this.now();
    const lease: Lease = { id: LEASE_ID, owner: this.owner, until: new Date(now.getTime() + 2 * this.deps.intervalMs).toISOString() };
    const { resource: held } = await this.deps.leases.item(LEASE_ID, LEASE_ID).read<Lease>();
    try {
      if (!held) {
        await this.deps.leases.items.create(lease);
        return true;
      }
      if (held.owner !== this.owner && Date.parse(held.until) > now.getTime() && !this.deps.soleInstance) return false;
      await this.deps.leases.item(LEASE_ID, LEASE_ID).replace(lease, { accessCondition: { type: 'IfMatch', condition: held._etag ?? '' } });
      return true;
    } catch (err) {
      if (statusOf(err) === 409 || statusOf(err) === 412) return false;
      throw err;
    }
  }

  private async releaseLease(): Promise<void> {
    const { resource: held } = await this.deps.leases.item(LEASE_ID, LEASE_ID).read<Lease>();
    if (held?.owner !== this.owner) return;
    try {
      await this.deps.leases.item(LEASE_ID, LEASE_ID).delete({ accessCondition: { type: 'IfMatch', condition: held._etag ?? '' } });
    } catch (err) {
      if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
    }
  }
}
