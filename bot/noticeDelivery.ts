// Delivers the notices a claim owes (its outbox, kept in the claim document): proactive messages to the partner
// and the review card, posted once and then updated in place for everyone. Notices are leased with an ETag write
// before they are sent (all of a claim's pending notices in one write, or in the very write that created them),
// so two instances never send the same one, and marked delivered after (again one write); a failed send stays
// pending and the sweep retries it. Throttling (429) is honoured with Retry-After.
import type { Attachment, ConversationReference, TurnContext } from 'botbuilder';
import type { AssociationStore, ClaimRef } from '../services/associationStore';
import { coverageOf, type Claim, type Notice } from '../services/domain/claim';
import type { ConversationRecord, ConversationStore } from '../services/conversationStore';
import { conversationKey } from '../services/conversationStore';
import type { Logger } from '../services/logger';
import type { RoleResolver } from '../services/roles';
import { cardAttachment } from '../cards';
import { stringsFor } from './i18n';
import { formatInstant } from './reviewCard';

export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  createConversationAsync(
    botAppId: string,
    channelId: string,
    serviceUrl: string,
    audience: string,
    parameters: object,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface NoticeDeliveryDeps {
  adapter: ProactiveAdapter;
  appId: string;
  claims: AssociationStore;
  conversations: ConversationStore;
  roles: RoleResolver;
  /** The review card as a reviewer sees it. */
  reviewCardFor(claim: Claim): Promise<Attachment>;
  /** Sends the customer the notice of an approved claim (e-mail with the opt-out link). */
  mailCustomer(claim: Claim): Promise<void>;
  defaultServiceUrl: string;
  log: Logger;
  now?: () => Date;
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

const LEASE_MS = 60_000;
/**
 * A run starts a notice only within this long of taking the lease: the notice's own retries (capped below) then
 * end inside the lease. Later notices of the batch are let go and leased again.
 */
const RUN_BUDGET_MS = 25_000;
/** Claims whose notices are delivered at once after turns (schedule). */
const DELIVERY_CONCURRENCY = 4;
const MAX_ATTEMPTS_PER_RUN = 3;
/**
 * One delivery run's retries must end well inside the lease (60 s), or another instance could lease the notice
 * and send it again while this one is still trying: Retry-After waits are capped, and so are the attempts.
 */
const MAX_RETRY_AFTER_MS = 15_000;
/** After this many leases a notice is given up (recorded as failed), not retried forever. */
const MAX_ATTEMPTS = 10;

class PermanentFailure extends Error {}
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

/** What one run did with its notices, recorded in one write. */
interface Outcome {
  changes: Map<string, (n: Notice) => void>;
  /** Review cards posted for the first time (recorded with the outcome). */
  posted: Claim['reviewCards'];
  /** The newest review card version delivered: older pending card notices are settled by it. */
  cardVersion?: number;
  sent: number;
}

const keyOf = (ref: ClaimRef) => `${ref.partnerTenantId}/${ref.id}`;
const deliverable = (n: Notice, now: number) => !n.deliveredAt && !n.failedAt && (!n.leaseUntil || Date.parse(n.leaseUntil) <= now);

export class NoticeDelivery {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly inFlight = new Map<string, Promise<number>>();
  /** Claims waiting for delivery (schedule), in order; a claim scheduled twice waits once. */
  private readonly queue = new Map<string, ClaimRef>();
  private workers = 0;
  private drained: (() => void)[] = [];

  constructor(private readonly deps: NoticeDeliveryDeps) {
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The lease a writer puts on the notices it will deliver itself (see AssociationStore.transition). */
  newLease(): string {
    return new Date(this.now().getTime() + LEASE_MS).toISOString();
  }

  /**
   * Delivers the claim's notices later: once the turn that asked is over (a click is answered first), a few
   * claims at a time, so a burst of approvals does not make each click wait for the deliveries before it.
   */
  schedule(ref: ClaimRef): void {
    const key = keyOf(ref);
    if (!this.queue.has(key)) this.queue.set(key, { partnerTenantId: ref.partnerTenantId, id: ref.id });
    // Workers wait for the turns (afterTurn) before each claim they take.
    while (this.workers < (this.deps.concurrency ?? DELIVERY_CONCURRENCY)) {
      this.workers++;
      void this.work();
    }
  }

  private async work(): Promise<void> {
    for (;;) {
      await this.deps.afterTurn?.();
      const next = this.queue.entries().next();
      if (next.done) {
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
   * Delivers every deliverable notice of one claim, oldest first; returns how many messages were sent. Calls for
   * the same claim in this process run one after the other (across instances the leases keep them apart).
   * `leased`: the claim as its writer stored it, with `lease` on the notices that writer took for itself.
   */
  deliverPending(ref: ClaimRef, leased?: { claim: Claim; lease: string }): Promise<number> {
    const key = keyOf(ref);
    const run = (this.inFlight.get(key) ?? Promise.resolve(0)).catch(() => 0).then(() => this.deliverNow(ref, leased));
    this.inFlight.set(key, run);
    void run.finally(() => {
      if (this.inFlight.get(key) === run) this.inFlight.delete(key);
    }).catch(() => undefined);
    return run;
  }

  /** Resolves when every delivery started or scheduled in this process has finished (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
      else if (this.workers > 0 || this.queue.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      else return;
    }
  }

  /**
   * Lease, send, record: the deliverable notices are leased together in one write, sent, and their outcomes
   * recorded together in one write; again while that leaves some deliverable (added meanwhile, or let go).
   */
  private async deliverNow(ref: ClaimRef, leased?: { claim: Claim; lease: string }): Promise<number> {
    let sent = 0;
    let batch: { claim: Claim; notices: Notice[] } | undefined = leased && {
      claim: leased.claim,
      notices: leased.claim.notices.filter((n) => n.leaseUntil === leased.lease && !n.deliveredAt && !n.failedAt),
    };
    // Nothing leased by the writer: whatever else is pending (no request when nothing is, the claim being known).
    if (!batch?.notices.length) batch = await this.lease(ref, leased?.claim);
    while (batch && batch.notices.length > 0) {
      const outcome = await this.sendAll(batch.claim, batch.notices);
      sent += outcome.sent;
      const recorded = await this.record(ref, batch.claim, outcome);
      const now = this.now().getTime();
      batch = recorded?.notices.some((n) => deliverable(n, now)) ? await this.lease(ref, recorded) : undefined;
    }
    return sent;
  }

  /** Every claim with pending notices (all organisations), page by page: the periodic safety net. */
  async sweep(): Promise<number> {
    let delivered = 0;
    for await (const page of this.deps.claims.pendingNotices()) {
      for (const ref of page) {
        try {
          delivered += await this.deliverPending(ref);
        } catch (err) {
          this.deps.log.error({ err, claimId: ref.id }, 'notice sweep failed for a claim');
        }
      }
    }
    return delivered;
  }

  /** Takes every pending notice whose lease is free, by one ETag-conditional write (from `current` if known). */
  private async lease(ref: ClaimRef, current?: Claim): Promise<{ claim: Claim; notices: Notice[] } | undefined> {
    let taken: Notice[] = [];
    const claim = await this.deps.claims.update(
      ref,
      (c) => {
        const now = this.now().getTime();
        taken = c.notices.filter((n) => deliverable(n, now));
        for (const n of taken) {
          n.leaseUntil = new Date(now + LEASE_MS).toISOString();
          n.attempts += 1;
        }
        return taken.length > 0;
      },
      { current },
    );
    return claim && taken.length > 0 ? { claim, notices: taken.map((n) => ({ ...n })) } : undefined;
  }

  /**
   * Sends the leased notices in order. One review card send settles every card notice of the batch (the card
   * shows the claim as it is). A notice is started only while enough of the lease is left for its retries;
   * the rest is let go, for the next lease.
   */
  private async sendAll(claim: Claim, notices: Notice[]): Promise<Outcome> {
    const outcome: Outcome = { changes: new Map(), posted: [], sent: 0 };
    const leaseEnds = Math.min(...notices.map((n) => Date.parse(n.leaseUntil ?? '') || 0));
    let card: { ok: true } | { ok: false; err: unknown } | undefined;
    for (const [i, notice] of notices.entries()) {
      if (i > 0 && leaseEnds - this.now().getTime() < LEASE_MS - RUN_BUDGET_MS) {
        outcome.changes.set(notice.id, (n) => {
          delete n.leaseUntil;
          n.attempts = Math.max(0, n.attempts - 1);
        });
        continue;
      }
      let result: { ok: true } | { ok: false; err: unknown };
      if (notice.kind === 'reviewCard' && card) {
        result = card;
      } else {
        try {
          await this.withRetry(() => this.send(claim, notice, outcome.posted), notice.kind);
          result = { ok: true };
          outcome.sent++;
        } catch (err) {
          result = { ok: false, err };
        }
        if (notice.kind === 'reviewCard') card = result;
      }
      if (result.ok) {
        if (notice.kind === 'reviewCard') outcome.cardVersion = Math.max(outcome.cardVersion ?? 0, notice.version);
        outcome.changes.set(notice.id, (n) => {
          n.deliveredAt = this.now().toISOString();
          delete n.leaseUntil;
        });
        continue;
      }
      const { err } = result;
      const permanent = err instanceof PermanentFailure || (!(err instanceof NotYet) && notice.attempts >= MAX_ATTEMPTS);
      this.deps.log.warn({ err, claimId: claim.id, notice: notice.id, permanent }, 'notice not delivered');
      // The failed notice waits out its backoff (leased); the claim's other notices still go now.
      outcome.changes.set(notice.id, (n) => {
        n.lastError = (err as Error).message?.slice(0, 300);
        if (permanent) n.failedAt = this.now().toISOString();
        else n.leaseUntil = new Date(this.now().getTime() + Math.min(2 ** n.attempts * 1000, LEASE_MS)).toISOString();
      });
    }
    return outcome;
  }

  /**
   * Records a run's outcomes in one conditional write on the claim as leased (re-read only if it changed since).
   * A delivered review card also settles older pending card notices (it shows the latest).
   */
  private async record(ref: ClaimRef, leased: Claim, outcome: Outcome): Promise<Claim | undefined> {
    return this.deps.claims.update(
      ref,
      (c) => {
        for (const n of c.notices) {
          const change = outcome.changes.get(n.id);
          if (change) change(n);
          else if (outcome.cardVersion !== undefined && n.kind === 'reviewCard' && n.version < outcome.cardVersion && !n.deliveredAt) {
            n.deliveredAt = this.now().toISOString();
            delete n.leaseUntil;
          }
        }
        for (const post of outcome.posted) if (!c.reviewCards.some((p) => p.target === post.target)) c.reviewCards.push(post);
        return true;
      },
      { current: leased },
    );
  }

  private async withRetry(send: () => Promise<void>, kind: Notice['kind']): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (err instanceof NotYet) throw err;
        const e = err as ConnectorError;
        const status = e.statusCode ?? e.status;
        if (status === 403 || status === 404) throw new PermanentFailure(`answered ${status}: the app is not in that chat any more, or may not send`);
        // A 504 from Graph may come after the mail was sent: resending could e-mail the customer twice.
        if (kind === 'customer' && status === 504) throw new PermanentFailure('mail service timed out after accepting the request (504): not resent');
        if (status !== undefined && status >= 400 && status < 500 && status !== 429) throw new PermanentFailure(`answered ${status}`);
        if (attempt >= MAX_ATTEMPTS_PER_RUN) throw err;
        await this.sleep(retryAfterMs(e, this.now().getTime()) ?? Math.min(500 * 2 ** attempt, 8000));
      }
    }
  }

  private send(claim: Claim, notice: Notice, posted: Claim['reviewCards']): Promise<void> {
    switch (notice.kind) {
      case 'partner':
        return this.sendToPartner(claim, notice);
      case 'reviewCard':
        return this.sendReviewCard(claim, posted);
      case 'customer':
        // Withdrawn or declined before the e-mail left: the customer is not contacted. (Already Official — a
        // zero-day window, or a mail outage past the deadline — still tells the customer what the partner can see.)
        return claim.status === 'Rejected' ? Promise.resolve() : this.deps.mailCustomer(claim);
    }
  }

  /**
   * Runs `logic` in a proactive turn and rethrows its failure: the adapter would otherwise hand it to
   * onTurnError, which logs it and carries on, and a failed send would be marked delivered.
   */
  private async inConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      // The continuation activity has a made-up id; replies would be sent "in reply to" it. A proactive message
      // is a new one (in a channel: a new thread).
      context.activity.id = undefined as unknown as string;
      try {
        await logic(context);
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
  }

  private async sendToPartner(claim: Claim, notice: Notice): Promise<void> {
    const s = stringsFor(claim.locale);
    const entry = claim.history[notice.historyIndex] ?? claim.history[claim.history.length - 1];
    const n = s.partnerNotices;
    const deadline = claim.partnerActionDeadline ? formatInstant(claim.partnerActionDeadline) : '';
    const texts: Record<string, () => string> = {
      submit: () => n.submit(claim.name, claim.id),
      startReview: () => n.startReview(claim.name, claim.id),
      approve: () => n.approve(claim.name, claim.id, claim.optOutDeadline ? formatInstant(claim.optOutDeadline) : '—'),
      reject: () => n.reject(claim.name, claim.id, entry.reason ?? '', entry.comment ?? ''),
      requestInfo: () => n.requestInfo(claim.name, claim.id, entry.reason ?? '', entry.comment ?? '', deadline),
      expirePartnerAction: () => n.expirePartnerAction(claim.name, claim.id),
      customerDecline: () => n.customerDecline(claim.name, claim.id),
      makeOfficial: () => n.makeOfficial(claim.name, claim.id, claim.customerTenantId, coverageOf(claim)),
    };
    const comment = notice.commentIndex !== undefined ? claim.thread?.[notice.commentIndex] : undefined;
    const text = comment
      ? n.comment(claim.name, claim.id, comment.by.name, comment.text)
      : (texts[entry.action]?.() ?? `${claim.name} (${claim.id}): ${s.statuses[claim.status]}`);
    const attachments =
      !comment && entry.action === 'requestInfo' && claim.status === 'PartnerActionRequired'
        ? [
            cardAttachment('partnerAnswer', {
              title: n.answerTitle,
              request: `${entry.reason ?? ''}${entry.comment ? `: ${entry.comment}` : ''}`,
              label: n.answerLabel,
              button: n.answerButton,
              claimId: claim.id,
              partnerTenantId: claim.partnerTenantId,
              version: claim.version,
            }),
          ]
        : [];
    const send = (context: TurnContext) => context.sendActivity({ type: 'message', text, attachments }).then(() => undefined);

    const chat = await this.deps.conversations.get(conversationKey('personal', claim.partnerTenantId, claim.createdBy.id));
    if (chat) {
      await this.inConversation(chat.reference, send);
      return;
    }
    // No chat with this user yet (or the reference was lost): open one in the partner's tenant.
    const serviceUrl = claim.origin?.serviceUrl ?? this.deps.defaultServiceUrl;
    let failure: unknown;
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
          failure = err;
        }
      },
    );
    if (failure) throw failure;
  }

  /**
   * Posts the card where reviewers work (first time), or updates every posted copy. A new post is added to
   * `posted` at once (recorded with the run's outcome), so a retry or a failure on another target does not post
   * it twice.
   */
  private async sendReviewCard(claim: Claim, posted: Claim['reviewCards']): Promise<void> {
    const card = await this.deps.reviewCardFor(claim);
    const targets = await this.reviewTargets(claim);
    // Nowhere to post yet (no review channel, no reviewer's chat): keep the notice, so the card is posted later.
    if (targets.length === 0) throw new NotYet('no review channel and no reviewer chat to post the review card to');
    for (const target of targets) {
      const existing = [...claim.reviewCards, ...posted].find((p) => p.target === target.id);
      if (existing) {
        await this.inConversation(target.reference, async (context) => {
          await context.updateActivity({ type: 'message', id: existing.activityId, attachments: [card] });
        });
        continue;
      }
      let activityId = '';
      await this.inConversation(target.reference, async (context) => {
        activityId = (await context.sendActivity({ type: 'message', attachments: [card] }))?.id ?? '';
      });
      posted.push({ target: target.id, activityId });
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
