// Delivers the notices a claim owes (its outbox, kept in the claim document): proactive messages to the partner
// and the review card, posted once and then updated in place for everyone. Each notice is leased with an ETag
// write before it is sent, so two instances never send the same one, and marked delivered in the write right after
// the send; a failed send stays pending and the sweep retries it. The guarantee is at least once: a notice goes out
// twice only when the process dies between sending it and recording it, and the send gate (sendGate.ts) keeps one
// notice per process in that window. The lease covers one send attempt (renewed before a retry), so after a crash
// another instance takes the notice over within one attempt's time; with the embedded store (one process per data
// folder) a restarted bot takes over its dead predecessor's leases at once, and a clean stop releases them. Throttling (429) is honoured with Retry-After. Each send attempt has a
// deadline (OUTBOUND_TIMEOUT_MS): a peer that never answers fails that notice, which stays pending for a later
// sweep, and the sweep works on a few claims at a time, so one stuck chat never holds up the others.
import { proactiveTurn, type ProactiveAdapter } from './proactiveTurn';
import type { Attachment, ConversationReference, TurnContext } from 'botbuilder';
import type { AssociationStore, ClaimRef } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { CardCopy, Claim, Notice } from '../../services/domain/claim';
import { customerNotified, reviewed } from '../../services/domain/rules';
import type { ConversationRecord, ConversationStore } from '../../services/conversationStore';
import { conversationKey, put } from '../../services/conversationStore';
import type { Logger } from '../../services/logger';
import type { RoleResolver } from '../../services/roles';
import { partnerMessage, type PartnerMessage, type PartnerMessageOptions } from './partnerMessage';
import { audience, disputers, type KnownPerson } from '../../services/domain/audience';
import { LOCALE_OF, type LanguagePreferences } from '../../services/languagePreferences';
import { isTimeout, withDeadline } from '../../services/deadline';
import { randomUUID } from 'node:crypto';
import { SendGate } from './sendGate';
import { countNotice } from '../../services/observability/metrics';
import { withSpan } from '../../services/observability/spans';

// Its callers (the app, the tests) name the adapter they hand in by this module.
export type { ProactiveAdapter };

export interface NoticeDeliveryDeps {
  adapter: ProactiveAdapter;
  appId: string;
  claims: AssociationStore;
  conversations: ConversationStore;
  /** The partner reads their notices in the language they chose, when they chose one. */
  languages: Pick<LanguagePreferences, 'get'>;
  roles: RoleResolver;
  /** The review card as a reviewer sees it. */
  reviewCardFor(claim: Claim): Promise<Attachment>;
  /** The card a copy opened elsewhere shows (review or detail card, for that viewer). */
  copyCardFor?(claim: Claim, copy: CardCopy): Promise<Attachment>;
  /**
   * Sends the customer the notice of an approved claim (e-mail with the opt-out link), sent at `at`: the window it
   * states is the one recorded when it has left (see customerNotified).
   */
  mailCustomer(claim: Claim, at: Date): Promise<void>;
  /** Settles other organisations' claims on the claim's slots after its approval or promotion (idempotent). */
  settleCompetitors(claim: Claim): Promise<void>;
  defaultServiceUrl: string;
  /** Longest a send attempt may take (connector, token and Graph calls included). */
  sendTimeoutMs: number;
  log: Logger;
  clock: Clock;
  /**
   * Resolves when the turn in progress (if any) is over and no other is running (or after a bounded wait):
   * scheduled deliveries start, claim by claim, in the gaps between turns.
   */
  afterTurn?: () => Promise<void>;
  /** Claims delivered at once by scheduled deliveries (default 4). */
  concurrency?: number;
  /** Waits between retries (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * No other process can be delivering from this store (the embedded store's data folder is locked to one process):
   * a lease another owner holds is a dead process's, free at once.
   */
  soleInstance?: boolean;
}

/** Claims whose notices are delivered at once after turns (schedule). */
const DELIVERY_CONCURRENCY = 4;
const MAX_ATTEMPTS_PER_RUN = 3;
/**
 * One delivery run's retries must end well inside the lease, or another instance could lease the notice and send
 * it again while this one is still trying: Retry-After waits are capped, and so are the attempts and their time.
 */
const MAX_RETRY_AFTER_MS = 15_000;
/**
 * A lease covers one send attempt (renewed before a retry): the attempt's deadline, the last request it may still
 * have in flight at that deadline (each ends within the send timeout), and a margin. This is also how long a
 * notice leased by a crashed instance waits before another takes it over.
 */
const leaseMsFor = (sendTimeoutMs: number) => 2 * sendTimeoutMs + 5_000;
/** Notices that reach a person as a new message: one at a time between sending and recording (sendGate.ts). */
const GATED: ReadonlySet<Notice['kind']> = new Set(['partner', 'customer']);
/** A send slower than this (a hung peer) lets the next notice through the gate. */
const GATE_HOLD_MS = 2_000;
/** Claims of a sweep page delivered at once: a stuck one costs its timeout, not the others' turn. */
const SWEEP_PARALLEL = 8;
/**
 * Whether a person is an Incentives admin is reused this long when choosing whom a notice goes to: with Entra
 * groups each answer is a Graph call, and every notice of the organisation asks about the same people. A change of
 * role reaches the notices within this time (what a person may do is always asked afresh in their own turns).
 */
const ADMIN_ANSWER_TTL_MS = 5 * 60_000;
/** After this many leases a notice is given up (recorded as failed), not retried forever. */
const MAX_ATTEMPTS = 10;

/** A claim as written with one of its notices leased in that write, and (a copy of) that notice. */
export interface Leased {
  claim: Claim;
  notice: Notice;
}

class PermanentFailure extends Error {
  /** The peer may have acted on it all the same (a 504 after the mail service accepted the request). */
  mayHaveArrived = false;
}
/** Nothing to send to yet (e.g. no review channel): wait for the sweep, no retries now, never given up. */
class NotYet extends Error {}

interface ConnectorError {
  /** Bot Connector errors (RestError). */
  statusCode?: number;
  /** Graph errors (GraphRequestError). */
  status?: number;
  response?: { headers?: { get?(name: string): string | undefined } & Record<string, unknown> };
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

export class NoticeDelivery {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly leaseMs: number;
  /** Written on each lease: with a sole instance, leases of another owner are a dead process's. */
  private readonly owner = randomUUID();
  private readonly gate = new SendGate();
  /** Set by stop(): no new lease is taken, runs end after the notice in hand. */
  private stopping = false;

  constructor(private readonly deps: NoticeDeliveryDeps) {
    this.now = () => deps.clock.now();
    this.leaseMs = leaseMsFor(deps.sendTimeoutMs);
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private readonly inFlight = new Map<string, Promise<number>>();
  /** Recent answers to "is this person an Incentives admin of that organisation?" (bounded, see ADMIN_ANSWER_TTL_MS). */
  private readonly adminAnswers = new Map<string, { admin: boolean; at: number }>();
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
      await this.deliverPending(ref).catch((err: unknown) => this.deps.log.error({ err, claimId: ref.id }, 'notice delivery failed'));
    }
  }

  /**
   * Delivers every deliverable notice of one claim, oldest first; returns how many were delivered. Calls for
   * the same claim in this process run one after the other (across instances the leases keep them apart).
   * `leased`: the claim as just written with its first notice leased in that same write (see `lease`), so the
   * run starts sending at once.
   */
  deliverPending(ref: ClaimRef, leased?: Leased): Promise<number> {
    const key = `${ref.partnerTenantId}/${ref.id}`;
    // A trace of its own: deliveries run after (and outlive) the turn or pass that asked for them.
    const deliver = () => withSpan('notices.deliver', { root: true, attributes: { 'cpor.claim.id': ref.id } }, () => this.deliverNow(ref, leased));
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
  lease(claim: Claim, skipKinds: ReadonlySet<Notice['kind']> = new Set()): Notice | undefined {
    if (this.stopping) return undefined;
    const now = this.now().getTime();
    const leaseFree = (n: Notice) => !n.leaseUntil || Date.parse(n.leaseUntil) <= now || (this.deps.soleInstance === true && n.leaseOwner !== this.owner);
    // notBefore: an approval's customer e-mail waits out the Undo grace.
    const due = (n: Notice) => !n.notBefore || Date.parse(n.notBefore) <= now;
    const free = (n: Notice) => !n.deliveredAt && !n.failedAt && !skipKinds.has(n.kind) && leaseFree(n) && due(n);
    let next = claim.notices.find(free);
    if (next?.kind === 'reviewCard') next = claim.notices.filter((n) => n.kind === 'reviewCard' && free(n)).at(-1);
    if (!next) return undefined;
    next.leaseUntil = new Date(now + this.leaseMs).toISOString();
    next.leaseOwner = this.owner;
    next.attempts += 1;
    return { ...next };
  }

  /**
   * A clean stop: no new lease, no new run; the runs in progress finish the notice in hand, record it, and release
   * the next one instead of leasing it. Resolves once they have (the caller bounds the wait).
   */
  async stop(): Promise<void> {
    this.stopping = true;
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

  private async deliverNow(ref: ClaimRef, first?: Leased): Promise<number> {
    // Leased in a transition's write while stopping: given back, so the next instance need not wait out the lease.
    if (first && this.stopping) {
      await this.release(first);
      return 0;
    }
    let delivered = 0;
    // A peer that timed out in this run (the partner's chat, the reviewers', the mail service) is not tried again
    // for this claim's other notices of that kind until a later sweep: one timeout per peer, not one per notice.
    const hung = new Set<Notice['kind']>();
    // Each outcome is recorded in the write that leases the next notice, starting from the claim as last written
    // (no read unless someone else wrote in between): one write per notice.
    let leased = first ?? (await this.leaseNext(ref, hung));
    while (leased) {
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
        this.withRetry(
          () => withDeadline(this.deps.sendTimeoutMs, `${notice.kind} notice`, () => this.send(leased, at)),
          notice.kind,
          async () => {
            leased = await this.renew(leased);
          },
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
      const next = await this.settle(
        leased,
        (n) => {
          n.lastError = (err as Error).message?.slice(0, 300);
          if (permanent) n.failedAt = this.now().toISOString();
          else {
            // A timed-out send may still be finishing its last request (each ends within the send timeout): the
            // notice stays leased past that, so a retry never sends it a second time beside it.
            const backoff = Math.min(2 ** n.attempts * 1000, this.leaseMs);
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
    const next = await this.settle(
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

  /** Extends the lease of the notice in hand by one attempt, before a retry; returns the claim as written. */
  private async renew({ claim, notice }: Leased): Promise<Leased> {
    const until = new Date(this.now().getTime() + this.leaseMs).toISOString();
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === notice.id);
        if (n) n.leaseUntil = until;
        return n !== undefined;
      },
      { current: claim },
    );
    if (!written) throw new Error(`claim ${claim.id} is gone`);
    return { claim: written, notice };
  }

  /** Gives a leased notice back unsent (a clean stop): free for the next instance at once, the attempt not counted. */
  private async release({ claim, notice }: Leased): Promise<void> {
    await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === notice.id && x.leaseOwner === this.owner && !x.deliveredAt);
        if (!n) return false;
        delete n.leaseUntil;
        delete n.leaseOwner;
        n.attempts = Math.max(0, n.attempts - 1);
        return true;
      },
      { current: claim },
    );
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

  /** Takes the oldest pending notice whose lease is free (of a kind not skipped), by an ETag-conditional write. */
  private async leaseNext(ref: ClaimRef, skipKinds: ReadonlySet<Notice['kind']>): Promise<Leased | undefined> {
    let taken: Notice | undefined;
    const claim = await this.deps.claims.update(ref, (c) => {
      taken = this.lease(c, skipKinds);
      return taken !== undefined;
    });
    return claim && taken ? { claim, notice: taken } : undefined;
  }

  /**
   * Records the outcome of the notice leased and leases the next one (not of a kind in `skipKinds`), in one write
   * from the claim as leased; returns the next lease. A delivered review card also settles older pending card
   * notices (it shows the latest). `andClaim` changes the claim in the same write (the customer was told: the
   * opt-out window is fixed).
   */
  private async settle(
    { claim, notice }: Leased,
    change: (n: Notice) => void,
    skipKinds: ReadonlySet<Notice['kind']>,
    coversOlderCards = false,
    andClaim?: (c: Claim) => Claim,
  ): Promise<Leased | undefined> {
    let next: Notice | undefined;
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        for (const n of c.notices) {
          const older = coversOlderCards && n.kind === 'reviewCard' && n.version < notice.version && !n.deliveredAt;
          if (n.id === notice.id || older) change(n);
        }
        if (andClaim) Object.assign(c, andClaim(c));
        next = this.lease(c, skipKinds);
        return true;
      },
      { current: claim },
    );
    return written && next ? { claim: written, notice: next } : undefined;
  }

  /** `beforeRetry` renews the lease: it covers one attempt. */
  private async withRetry(send: () => Promise<void>, kind: Notice['kind'], beforeRetry: () => Promise<void>): Promise<void> {
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
        await this.sleep(retryAfterMs(e, this.now().getTime()) ?? Math.min(500 * 2 ** attempt, 8000));
        await beforeRetry();
      }
    }
  }

  /** Sends one leased notice; `leased.claim` follows the writes the send makes (recipients reached). */
  private send(leased: Leased, at: Date): Promise<void> {
    const { claim, notice } = leased;
    switch (notice.kind) {
      case 'partner':
        // A reminder the claim has outgrown (answered, submitted) is not sent.
        if (notice.reminder && claim.status !== (notice.reminder === 'answerDue' ? 'PartnerActionRequired' : 'Draft')) return Promise.resolve();
        return this.sendToPartner(leased);
      case 'reviewCard':
        return this.sendReviewCard(claim);
      case 'customer':
        // Withdrawn or declined before the e-mail left: the customer is not contacted. (Already Official — a
        // zero-day window, or a mail outage past the deadline — still tells the customer what the partner can see.)
        return claim.status === 'Rejected' ? Promise.resolve() : this.deps.mailCustomer(claim, at);
      case 'competitors':
        return this.deps.settleCompetitors(claim);
    }
  }

  private inConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return proactiveTurn(this.deps.adapter, this.deps.appId, reference, logic);
  }

  /**
   * A partner notice, to everyone of the organisation who should hear it (services/domain/audience.ts: the creator,
   * every Incentives admin the bot can reach, the organisation's channel), each once. With more than one recipient,
   * each one reached is written on the notice at once, so a retry after a failure part-way goes to the others only.
   * The creator's chat decides the notice's fate (a failure there fails it); another person's chat that is gone
   * (403/404: the app was removed) is skipped, and anything else is retried.
   */
  private async sendToPartner(leased: Leased): Promise<void> {
    const { claim, notice } = leased;
    const { creator, known, chats } = await this.peopleOf(claim);
    const channel = await this.deps.conversations.organisationChannel(claim.partnerTenantId);
    const recipients = audience(creator, known, channel !== undefined);
    const reached = new Set(claim.notices.find((n) => n.id === notice.id)?.sentTo ?? []);
    const admins = disputers(creator, known);
    for (const recipient of recipients) {
      if (reached.has(recipient.key)) continue;
      const opts: PartnerMessageOptions = { disputers: recipient.mayDispute ? undefined : admins, answerCard: recipient.userId !== undefined };
      const chat = recipient.userId ? chats.get(recipient.userId) : undefined;
      try {
        if (recipient.userId === creator.id) await this.sendToCreator(claim, await this.messageFor(claim, notice, creator.id, opts));
        else if (chat) await this.inConversation(chat.reference, sending(await this.messageFor(claim, notice, chat.userId, opts)));
        else if (channel) await this.inConversation(channel.reference, sending(await this.messageFor(claim, notice, undefined, opts)));
      } catch (err) {
        const status = (err as ConnectorError).statusCode;
        if (recipient.userId === creator.id || (status !== 403 && status !== 404)) throw err;
        this.deps.log.warn({ err, claimId: claim.id, notice: notice.id, recipient: recipient.key }, 'notice recipient unreachable (app removed): skipped');
      }
      if (recipients.length > 1) leased.claim = await this.recordReached(leased.claim, notice.id, recipient.key);
    }
  }

  /** The notice's text and card in the reader's language (the one they chose, else the claim's). */
  private async messageFor(claim: Claim, notice: Notice, userId: string | undefined, opts: PartnerMessageOptions): Promise<PartnerMessage> {
    const chosen = userId ? await this.deps.languages.get(claim.partnerTenantId, userId) : undefined;
    return partnerMessage(claim, notice, this.deps.claims.policy, { ...opts, locale: chosen ? LOCALE_OF[chosen] : claim.locale });
  }

  /** One more recipient reached, written on the notice; returns the claim as written. */
  private async recordReached(claim: Claim, noticeId: string, key: string): Promise<Claim> {
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === noticeId);
        if (!n || n.sentTo?.includes(key)) return false;
        n.sentTo = [...(n.sentTo ?? []), key];
        return true;
      },
      { current: claim },
    );
    return written ?? claim;
  }

  /**
   * The claim's creator and the people of its organisation the bot has a 1:1 chat with, each with whether they
   * are an Incentives admin (their roles, from Entra groups or the roles file). In demo mode everyone has every role,
   * so only the creator is told (as the review card goes to them only), not every chat of the tenant.
   */
  private async peopleOf(claim: Claim): Promise<{ creator: KnownPerson; known: KnownPerson[]; chats: Map<string, ConversationRecord> }> {
    const { roles } = this.deps;
    const isAdmin = async (userId: string, aadObjectId?: string): Promise<boolean> => {
      const key = `${claim.partnerTenantId}|${userId}`;
      const known = this.adminAnswers.get(key);
      if (known && performance.now() - known.at < ADMIN_ANSWER_TTL_MS) return known.admin;
      const admin = (await roles.rolesOf({ tenantId: claim.partnerTenantId, userId, aadObjectId })).has('incentivesAdmin');
      put(this.adminAnswers, key, { admin, at: performance.now() });
      return admin;
    };
    const creator: KnownPerson = { id: claim.createdBy.id, name: claim.createdBy.name, admin: await isAdmin(claim.createdBy.id, claim.createdBy.aadObjectId) };
    const chats = new Map<string, ConversationRecord>();
    if (roles.demoMode) return { creator, known: [], chats };
    const known: KnownPerson[] = [];
    for (const chat of await this.deps.conversations.personalChatsOf(claim.partnerTenantId)) {
      if (!chat.userId || chat.userId === creator.id || chats.has(chat.userId)) continue;
      chats.set(chat.userId, chat);
      known.push({ id: chat.userId, name: chat.reference.user?.name ?? chat.userId, admin: await isAdmin(chat.userId, chat.aadObjectId) });
    }
    return { creator, known, chats };
  }

  /** The creator's 1:1 chat; without one (or the reference was lost), a new chat in the partner's tenant. */
  private async sendToCreator(claim: Claim, message: PartnerMessage): Promise<void> {
    const send = sending(message);

    const chat = await this.deps.conversations.get(conversationKey('personal', claim.partnerTenantId, claim.createdBy.id));
    if (chat) {
      await this.inConversation(chat.reference, send);
      return;
    }
    // No chat with this user yet (or the reference was lost): open one in the partner's tenant.
    const serviceUrl = claim.origin?.serviceUrl ?? this.deps.defaultServiceUrl;
    let failure: { err: unknown } | undefined;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      serviceUrl,
      this.deps.appId ? 'https://api.botframework.com' : '',
      {
        isGroup: false,
        bot: claim.origin?.botId ? { id: claim.origin.botId } : undefined,
        members: [{ id: claim.createdBy.id }],
        tenantId: claim.partnerTenantId,
        channelData: { tenant: { id: claim.partnerTenantId } },
      },
      async (context) => {
        try {
          const reference = { ...context.activity, serviceUrl } as Partial<ConversationReference>;
          await this.deps.conversations.save(
            {
              id: conversationKey('personal', claim.partnerTenantId, claim.createdBy.id),
              kind: 'personal',
              tenantId: claim.partnerTenantId,
              userId: claim.createdBy.id,
              reference: {
                channelId: 'msteams',
                serviceUrl,
                conversation: reference.conversation,
                bot: claim.origin?.botId ? { id: claim.origin.botId, name: '' } : undefined,
                user: { id: claim.createdBy.id, name: claim.createdBy.name },
              },
            },
            { greet: false },
          );
          await send(context);
        } catch (err) {
          failure = { err };
        }
      },
    );
    if (failure) throw failure.err;
  }

  /**
   * Posts the card where reviewers work (first time), or updates every posted copy; then every copy opened from a
   * list (review queue, my associations).
   */
  private async sendReviewCard(claim: Claim): Promise<void> {
    await this.updateCopies(claim);
    if (reviewed(claim)) await this.postReviewCard(claim);
  }

  /**
   * Updates each opened copy in place for its viewer. A copy whose message is gone (403/404: deleted, the app
   * removed) is forgotten instead of failing the others.
   */
  private async updateCopies(claim: Claim): Promise<void> {
    const gone: string[] = [];
    const cardFor = this.deps.copyCardFor?.bind(this.deps);
    if (!cardFor) return;
    for (const copy of claim.cardCopies ?? []) {
      const card = await cardFor(claim, copy);
      const { conversation } = copy;
      const reference: Partial<ConversationReference> = {
        channelId: conversation.channelId,
        serviceUrl: conversation.serviceUrl,
        conversation: { id: conversation.conversationId, tenantId: conversation.tenantId, isGroup: false, conversationType: '', name: '' },
        bot: conversation.botId ? { id: conversation.botId, name: '' } : undefined,
      };
      try {
        await this.inConversation(reference, async (context) => {
          await context.updateActivity({ type: 'message', id: copy.activityId, attachments: [card] });
        });
      } catch (err) {
        const status = (err as ConnectorError).statusCode;
        if (status !== 403 && status !== 404) throw err;
        gone.push(copy.activityId);
      }
    }
    if (gone.length === 0) return;
    await this.deps.claims.update(claim, (c) => {
      const before = c.cardCopies?.length ?? 0;
      c.cardCopies = (c.cardCopies ?? []).filter((copy) => !gone.includes(copy.activityId));
      return c.cardCopies.length !== before;
    });
  }

  /** Posts the card where reviewers work (first time), or updates every posted copy. */
  private async postReviewCard(claim: Claim): Promise<void> {
    const card = await this.deps.reviewCardFor(claim);
    const targets = await this.reviewTargets(claim);
    // Nowhere to post yet (no review channel, no reviewer's chat): keep the notice, so the card is posted later.
    if (targets.length === 0) throw new NotYet('no review channel and no reviewer chat to post the review card to');
    for (const target of targets) {
      const posted = claim.reviewCards.find((p) => p.target === target.id);
      if (posted) {
        await this.inConversation(target.reference, async (context) => {
          await context.updateActivity({ type: 'message', id: posted.activityId, attachments: [card] });
        });
        continue;
      }
      // A new card in the channel: posted and recorded through the send gate, as a partner message is.
      const release = await this.gate.acquire(GATE_HOLD_MS);
      try {
        let activityId = '';
        await this.inConversation(target.reference, async (context) => {
          activityId = (await context.sendActivity({ type: 'message', attachments: [card] }))?.id ?? '';
        });
        // Recorded at once, so a later failure on another target does not post this one twice.
        await this.deps.claims.update(claim, (c) => {
          if (c.reviewCards.some((p) => p.target === target.id)) return false;
          c.reviewCards.push({ target: target.id, activityId });
          return true;
        });
      } finally {
        release();
      }
    }
  }

  /**
   * The review channel; without one, the personal chats of reviewers. In demo mode everyone is a reviewer, so
   * the card goes to the person trying the flow (the claim's author), not to every chat the bot has.
   */
  private async reviewTargets(claim: Claim): Promise<Pick<ConversationRecord, 'id' | 'reference'>[]> {
    const channel = await this.deps.conversations.reviewChannel();
    if (channel) return [{ id: channel.id, reference: channel.reference }];
    if (this.deps.roles.demoMode) {
      const own = await this.deps.conversations.get(conversationKey('personal', claim.partnerTenantId, claim.createdBy.id));
      return own ? [own] : [];
    }
    const chats = await this.deps.conversations.personalChats();
    const reviewers: ConversationRecord[] = [];
    for (const chat of chats) {
      const roles = await this.deps.roles.rolesOf({ tenantId: chat.tenantId, userId: chat.userId ?? '', aadObjectId: chat.aadObjectId });
      if (roles.has('reviewer')) reviewers.push(chat);
    }
    return reviewers;
  }
}

/** A turn's logic that posts the message. */
const sending =
  ({ text, attachments }: PartnerMessage) =>
  (context: TurnContext): Promise<void> =>
    context.sendActivity({ type: 'message', text, attachments }).then(() => undefined);
