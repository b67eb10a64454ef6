// Delivers the notices a claim owes (its outbox, kept in the claim document): proactive messages to the partner
// and the review card, posted once and then updated in place for everyone. Each notice is leased with an ETag
// write before it is sent, so two instances never send the same one, and marked delivered in the write right after
// the send; a failed send stays pending and the sweep retries it. The guarantee is at least once: a notice goes out
// twice only when the process dies between sending it and recording it, and the send gate (sendGate.ts) keeps one
// notice per process in that window. The lease covers one send attempt (renewed before a retry), so after a crash
// another instance takes the notice over within one attempt's time; with the embedded store (one process per data
// folder) a restarted bot takes over its dead predecessor's leases at once, and a clean stop releases them
// (noticeLeases.ts). Throttling (429) is honoured with Retry-After (noticeFailures.ts). Each send attempt has a
// deadline (OUTBOUND_TIMEOUT_MS): a peer that never answers fails that notice, which stays pending for a later
// sweep, and the sweep works on a few claims at a time, so one stuck chat never holds up the others. This file runs
// the deliveries; partnerNotices.ts and reviewCardNotices.ts send.
import type { ClaimRef } from '../../services/associationStore';
import type { Claim, Notice } from '../../services/domain/claim';
import { customerNotified } from '../../services/domain/rules';
import { isTimeout, withDeadline } from '../../services/deadline';
import { countNotice } from '../../services/observability/metrics';
import { withSpan } from '../../services/observability/spans';
import type { ProactiveAdapter } from './proactiveTurn';
import { SendGate } from './sendGate';
import { NoticeLeases, type Leased, type NoticeLeasesDeps } from './noticeLeases';
import { NotYet, PermanentFailure, withRetry, type RetryTiming } from './noticeFailures';
import { PartnerNotices, type PartnerNoticesDeps } from './partnerNotices';
import { ReviewCardNotices, type ReviewCardNoticesDeps } from './reviewCardNotices';

// Its callers (the app, the tests) name the adapter they hand in, and a leased notice, by this module.
export type { Leased, ProactiveAdapter };

/** What the senders (partnerNotices.ts, reviewCardNotices.ts) and the leases (noticeLeases.ts) need, and: */
export interface NoticeDeliveryDeps extends PartnerNoticesDeps, Omit<ReviewCardNoticesDeps, 'adapter'>, NoticeLeasesDeps {
  /**
   * Sends the customer the notice of an approved claim (e-mail with the opt-out link), sent at `at`: the window it
   * states is the one recorded when it has left (see customerNotified).
   */
  mailCustomer(claim: Claim, at: Date): Promise<void>;
  /** Settles other organisations' claims on the claim's slots after its approval or promotion (idempotent). */
  settleCompetitors(claim: Claim): Promise<void>;
  /**
   * Resolves when the turn in progress (if any) is over and no other is running (or after a bounded wait):
   * scheduled deliveries start, claim by claim, in the gaps between turns.
   */
  afterTurn?: () => Promise<void>;
  /** Claims delivered at once by scheduled deliveries (default 4). */
  concurrency?: number;
  /** Waits between retries (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/** Claims whose notices are delivered at once after turns (schedule). */
const DELIVERY_CONCURRENCY = 4;
/** Notices that reach a person as a new message: one at a time between sending and recording (sendGate.ts). */
const GATED: ReadonlySet<Notice['kind']> = new Set(['partner', 'customer']);
/** A send slower than this (a hung peer) lets the next notice through the gate. */
const GATE_HOLD_MS = 2_000;
/** Claims of a sweep page delivered at once: a stuck one costs its timeout, not the others' turn. */
const SWEEP_PARALLEL = 8;
/** After this many leases a notice is given up (recorded as failed), not retried forever. */
const MAX_ATTEMPTS = 10;

export class NoticeDelivery {
  private readonly now: () => Date;
  /** The clock and the waits between retries (tests shorten them). */
  private readonly timing: RetryTiming;
  private readonly leases: NoticeLeases;
  private readonly gate = new SendGate();
  private readonly toPartner: PartnerNotices;
  private readonly reviewCards: ReviewCardNotices;
  /** Set by stop(): no new lease is taken, runs end after the notice in hand. */
  private stopping = false;

  constructor(private readonly deps: NoticeDeliveryDeps) {
    this.now = () => deps.clock.now();
    this.leases = new NoticeLeases(deps);
    this.timing = { now: this.now, sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) };
    this.toPartner = new PartnerNotices(deps);
    this.reviewCards = new ReviewCardNotices(deps, () => this.gate.acquire(GATE_HOLD_MS));
  }

  private readonly inFlight = new Map<string, Promise<number>>();
  /** Claims waiting for delivery (schedule), in order; a claim scheduled twice waits once. */
  private readonly queue = new Map<string, ClaimRef>();
  private workers = 0;
  private drained: (() => void)[] = [];

  /**
   * Delivers the claim's notices later: once the turn that asked is over (a click is answered first), a few
   * claims at a time, so a burst of approvals does not make each click wait for the deliveries before it.
   */
  schedule(ref: ClaimRef): void {
    if (this.stopping) return; // still pending in the store: the next start's sweep delivers it
    const key = `${ref.partnerTenantId}/${ref.id}`;
    if (!this.queue.has(key)) this.queue.set(key, { partnerTenantId: ref.partnerTenantId, id: ref.id });
    // Workers wait for the turns (afterTurn) before each claim they take.
    while (this.workers < (this.deps.concurrency ?? DELIVERY_CONCURRENCY)) {
      this.workers++;
      void this.work();
    }
  }

  /**
   * Delivers the claim's notices now, and again when the first of those held back (an Undo grace) comes due; the
   * scheduler's sweep is the safety net for a restart in between.
   */
  scheduleWithDue(claim: ClaimRef & Partial<Pick<Claim, 'notices'>>): void {
    this.schedule(claim);
    const now = this.now().getTime();
    const due = (claim.notices ?? [])
      .filter((n) => !n.deliveredAt && !n.failedAt && n.notBefore && Date.parse(n.notBefore) > now)
      .map((n) => Date.parse(n.notBefore ?? ''))
      .sort((a, b) => a - b)[0];
    if (due === undefined) return;
    const ref = { partnerTenantId: claim.partnerTenantId, id: claim.id };
    setTimeout(() => this.schedule(ref), due - now + 50).unref();
  }

  private async work(): Promise<void> {
    for (;;) {
      await this.deps.afterTurn?.();
      const next = this.queue.entries().next();
      if (next.done || this.stopping) {
        // In the same step as the check: a claim scheduled from now on finds one worker fewer and starts one.
        this.workers--;
        if (this.workers === 0) for (const done of this.drained.splice(0)) done();
        return;
      }
      const [key, ref] = next.value;
      this.queue.delete(key);
      await this.deliverPending(ref, undefined, { yieldToTurns: true }).catch((err: unknown) =>
        this.deps.log.error({ err, claimId: ref.id }, 'notice delivery failed'),
      );
    }
  }

  /**
   * Delivers every deliverable notice of one claim, oldest first; returns how many were delivered. Calls for
   * the same claim in this process run one after the other (across instances the leases keep them apart).
   * `leased`: the claim as just written with its first notice leased in that same write (see `lease`), so the
   * run starts sending at once. `yieldToTurns`: wait for the turns in progress between notices (deliveries a turn
   * asked for); a scheduler pass and the sweep do not.
   */
  deliverPending(ref: ClaimRef, leased?: Leased, opts: { yieldToTurns?: boolean } = {}): Promise<number> {
    const key = `${ref.partnerTenantId}/${ref.id}`;
    // A trace of its own: deliveries run after (and outlive) the turn or pass that asked for them.
    const deliver = () =>
      withSpan('notices.deliver', { root: true, attributes: { 'cpor.claim.id': ref.id } }, () => this.deliverNow(ref, leased, opts.yieldToTurns === true));
    const run = (this.inFlight.get(key) ?? Promise.resolve(0)).catch(() => 0).then(deliver);
    this.inFlight.set(key, run);
    void run
      .finally(() => {
        if (this.inFlight.get(key) === run) this.inFlight.delete(key);
      })
      .catch(() => undefined);
    return run;
  }

  /**
   * Leases the claim's next deliverable notice in `claim` itself (oldest first; the newest pending review card,
   * which settles the older ones), for a write the caller makes anyway: returns a copy of the notice leased, or
   * undefined when none is free.
   */
  lease(claim: Claim, skipKinds?: ReadonlySet<Notice['kind']>): Notice | undefined {
    return this.leases.lease(claim, skipKinds);
  }

  /**
   * A clean stop: no new lease, no new run; the runs in progress finish the notice in hand, record it, and release
   * the next one instead of leasing it. Resolves once they have (the caller bounds the wait).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.leases.stop();
    this.queue.clear();
    await this.settled();
  }

  /** Resolves when every delivery started in this process has finished (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
      else if (this.workers > 0 || this.queue.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      else return;
    }
  }

  private async deliverNow(ref: ClaimRef, first: Leased | undefined, yieldToTurns: boolean): Promise<number> {
    // Leased in a transition's write while stopping: given back, so the next instance need not wait out the lease.
    if (first && this.stopping) {
      await this.leases.release(first);
      return 0;
    }
    let delivered = 0;
    // A peer that timed out in this run (the partner's chat, the reviewers', the mail service) is not tried again
    // for this claim's other notices of that kind until a later sweep: one timeout per peer, not one per notice.
    const hung = new Set<Notice['kind']>();
    // Each outcome is recorded in the write that leases the next notice, starting from the claim as last written
    // (no read unless someone else wrote in between): one write per notice.
    let leased = first ?? (await this.leases.leaseNext(ref, hung));
    for (let step = 0; leased; step++) {
      // Between a claim's notices too, turns go first: a burst of clicks does not wait behind the notices of the
      // approvals before it (an approval has three or four).
      if (step > 0 && yieldToTurns) await this.deps.afterTurn?.();
      if (step > 0 && yieldToTurns && this.stopping) {
        await this.leases.release(leased);
        break;
      }
      // The gate is held from the send to the write that records it: the window in which a crash repeats a notice.
      const release = GATED.has(leased.notice.kind) ? await this.gate.acquire(GATE_HOLD_MS) : () => undefined;
      try {
        const outcome = await this.deliverOne(leased, hung);
        if (outcome.sent) delivered++;
        leased = outcome.next;
      } finally {
        release();
      }
    }
    return delivered;
  }

  /** Sends one leased notice and records the outcome in the write that leases the claim's next notice. */
  private async deliverOne(leased: Leased, hung: Set<Notice['kind']>): Promise<{ sent: boolean; next?: Leased }> {
    const { notice } = leased;
    const at = this.now();
    try {
      const attributes = { 'cpor.claim.id': leased.claim.id, 'cpor.notice.kind': notice.kind, 'cpor.notice.attempt': notice.attempts };
      await withSpan(`notice.send ${notice.kind}`, { attributes }, () =>
        withRetry(
          () => withDeadline(this.deps.sendTimeoutMs, `${notice.kind} notice`, () => this.send(leased, at)),
          notice.kind,
          async () => {
            leased = await this.leases.renew(leased);
          },
          this.timing,
        ),
      );
    } catch (err) {
      // Settling competitors is the store's own work: it is retried until done, never given up.
      const permanent = notice.kind !== 'competitors' && (err instanceof PermanentFailure || (!(err instanceof NotYet) && notice.attempts >= MAX_ATTEMPTS));
      countNotice(notice.kind, permanent ? 'given_up' : 'failed');
      this.deps.log.warn({ err, claimId: leased.claim.id, notice: notice.id, permanent }, 'notice not delivered');
      if (isTimeout(err)) hung.add(notice.kind);
      // A 504 from the mail service: the e-mail probably left; the window runs from now, never resent.
      const mayHaveArrived = err instanceof PermanentFailure && err.mayHaveArrived;
      // The failed notice waits out its backoff (leased); the claim's other notices still go now.
      const next = await this.leases.settle(
        leased,
        (n) => {
          n.lastError = (err as Error).message?.slice(0, 300);
          if (permanent) n.failedAt = this.now().toISOString();
          else {
            // A timed-out send may still be finishing its last request (each ends within the send timeout): the
            // notice stays leased past that, so a retry never sends it a second time beside it.
            const backoff = Math.min(2 ** n.attempts * 1000, this.leases.leaseMs);
            const wait = isTimeout(err) ? Math.max(backoff, 2 * this.deps.sendTimeoutMs) : backoff;
            n.leaseUntil = new Date(this.now().getTime() + wait).toISOString();
          }
        },
        hung,
        false,
        mayHaveArrived ? (c) => customerNotified(c, at, this.deps.claims.policy) : undefined,
      );
      return { sent: false, next };
    }
    // Sent: record it at once. (Outside the send's try: a failure to record is not a failed send to be retried.)
    countNotice(notice.kind, 'delivered');
    const next = await this.leases.settle(
      leased,
      (n) => {
        n.deliveredAt = at.toISOString();
        delete n.leaseUntil;
        delete n.leaseOwner;
      },
      hung,
      notice.kind === 'reviewCard',
      (c) => (notice.kind === 'customer' ? customerNotified(c, at, this.deps.claims.policy) : c),
    );
    return { sent: true, next };
  }

  /** Every claim with pending notices (all organisations), page by page: the periodic safety net. */
  async sweep(): Promise<number> {
    let delivered = 0;
    for await (const page of this.deps.claims.pendingNotices()) {
      for (let i = 0; i < page.length && !this.stopping; i += SWEEP_PARALLEL) {
        const counts = await Promise.all(
          page.slice(i, i + SWEEP_PARALLEL).map((ref) =>
            this.deliverPending(ref).catch((err: unknown) => {
              this.deps.log.error({ err, claimId: ref.id }, 'notice sweep failed for a claim');
              return 0;
            }),
          ),
        );
        delivered += counts.reduce((a, b) => a + b, 0);
      }
    }
    return delivered;
  }

  /** Sends one leased notice; `leased.claim` follows the writes the send makes (recipients reached). */
  private send(leased: Leased, at: Date): Promise<void> {
    const { claim, notice } = leased;
    switch (notice.kind) {
      case 'partner':
        // A reminder the claim has outgrown (answered, submitted) is not sent.
        if (notice.reminder && claim.status !== (notice.reminder === 'answerDue' ? 'PartnerActionRequired' : 'Draft')) return Promise.resolve();
        return this.toPartner.send(leased);
      case 'reviewCard':
        return this.reviewCards.send(claim);
      case 'customer':
        // Withdrawn or declined before the e-mail left: the customer is not contacted. (Already Official — a
        // zero-day window, or a mail outage past the deadline — still tells the customer what the partner can see.)
        return claim.status === 'Rejected' ? Promise.resolve() : this.deps.mailCustomer(claim, at);
      case 'competitors':
        return this.deps.settleCompetitors(claim);
    }
  }
}
