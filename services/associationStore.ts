// Claims (customer associations) in Cosmos: one document per claim in the partner organisation's partition,
// history inside it. Creation is idempotent on the claim id and refuses duplicates through "slot" documents.
import type { Container } from '@azure/cosmos';
import {
  OPEN_STATUSES,
  PROGRAMS,
  claimKeys,
  type Actor,
  type Claim,
  type ClaimFields,
  type ClaimStatus,
  type HistoryEntry,
  type Notice,
  type ProofOfExecution,
  type ThreadComment,
} from './domain/claim';
import { nextStatus, type ClaimAction } from './domain/lifecycle';

/**
 * One slot per (partner organisation, customer tenant, workload or subscription), in the partner's partition.
 * Creating a slot is atomic (409 when it exists), so two submissions racing on two instances cannot both open a
 * claim on the same thing. A slot whose claim is gone or Rejected is free again.
 */
interface Slot {
  id: string;
  type: 'slot';
  partnerTenantId: string;
  claimId: string;
  createdAt: string;
  _etag?: string;
}

export interface ClaimSummary {
  id: string;
  name: string;
  status: ClaimStatus;
}

export type CreateResult =
  | { kind: 'created'; claim: Claim }
  /** The same claim id was created before (a redelivered activity or a double click): nothing new stored. */
  | { kind: 'alreadyCreated'; claim: Claim }
  | { kind: 'duplicate'; existing: ClaimSummary }
  /** Another submission for the same thing is being stored right now (a few seconds at most). */
  | { kind: 'inProgress' };

export interface NewClaim {
  id: string;
  partnerTenantId: string;
  fields: ClaimFields;
  poe?: ProofOfExecution;
  /** Submit when the proof of execution is there; without it the claim stays a Draft. */
  submit: boolean;
  actor: Actor;
  locale?: string;
  origin?: Claim['origin'];
}

export interface ClaimFilters {
  status?: ClaimStatus;
  solutionArea?: string;
  activity?: string;
  /** Customer domain or tenant id (exact). */
  customer?: string;
  /** A workload (Microsoft 365) or product (Business Applications). */
  workload?: string;
}

export interface ClaimRef {
  partnerTenantId: string;
  id: string;
}

export interface TransitionInput {
  action: ClaimAction;
  actor: Actor;
  reason?: string;
  comment?: string;
  /** The version the actor saw (from the card); a different current version means someone acted first. */
  expectedVersion?: number;
  /** Extra fields the transition sets (e.g. the partner-action deadline). */
  set?: Partial<Pick<Claim, 'partnerActionDeadline' | 'optOutDeadline' | 'reviewer'>>;
}

/** Writes start from `current` (as read, with its ETag) instead of reading it again; a conflict re-reads. */
export interface WriteOptions {
  current?: Claim;
}

export type TransitionResult =
  | { kind: 'done'; claim: Claim }
  | { kind: 'notFound' }
  /** The action is not allowed in the claim's current state. */
  | { kind: 'notAllowed'; claim: Claim }
  /** Someone else changed the claim since the actor's card was shown: the last history entry says who. */
  | { kind: 'stale'; claim: Claim };

/**
 * Which transitions the partner hears about proactively. Submitting, answering, withdrawing and disputing are
 * the partner's own acts, confirmed in the chat where they did them.
 */
const PARTNER_NOTIFIED: readonly ClaimAction[] = [
  'startReview',
  'approve',
  'reject',
  'requestInfo',
  'expirePartnerAction',
  'customerDecline',
  'makeOfficial',
];

/** Conditional writes lost to other writers are retried this many times (with a short random wait), then fail. */
const MAX_CONFLICT_RETRIES = 20;
const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * attempt, 50)));

/** A slot younger than this whose claim does not exist yet belongs to a creation still in flight. */
const SLOT_GRACE_MS = 60_000;

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

const slotId = (customerTenantId: string, key: string) => `slot:${customerTenantId}:${key}`.replace(/[/\\?#]/g, '_');

const notice = (kind: Notice['kind'], version: number, historyIndex: number, at: string): Notice => ({
  id: `${version}:${kind}`,
  kind,
  version,
  historyIndex,
  createdAt: at,
  attempts: 0,
});

export class AssociationStore {
  constructor(
    private readonly container: Container,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(partnerTenantId: string, id: string): Promise<Claim | undefined> {
    const { resource } = await this.container.item(id, partnerTenantId).read<Claim>();
    return resource?.type === 'claim' ? resource : undefined;
  }

  async create(input: NewClaim): Promise<CreateResult> {
    const existing = await this.get(input.partnerTenantId, input.id);
    if (existing) return { kind: 'alreadyCreated', claim: existing };

    const taken: string[] = [];
    for (const key of claimKeys(input.fields)) {
      const result = await this.takeSlot(input, key);
      if (result.kind === 'taken') {
        taken.push(result.slotId);
        continue;
      }
      await this.releaseSlots(input.partnerTenantId, taken, input.id);
      return result.kind === 'duplicate' ? { kind: 'duplicate', existing: result.existing } : { kind: 'inProgress' };
    }

    const competitors = await this.competitorsOf({ ...input.fields, partnerTenantId: input.partnerTenantId });
    const claim = this.buildClaim(input, competitors.length > 0);
    if (claim.status === 'Submitted') claim.notices.push(notice('reviewCard', 1, claim.history.length - 1, claim.createdAt));
    try {
      const { resource } = await this.container.items.create<Claim>(claim);
      // The claims it competes with are competing too: their reviewers must see this one beside them.
      for (const other of competitors.filter((c) => !c.competing)) {
        await this.update(other, (c) => {
          if (c.competing) return false;
          c.competing = true;
          // Its reviewers must now see the new claim beside it: refresh its review card, if it has one.
          if (c.reviewCards.length > 0) c.notices.push({ ...notice('reviewCard', c.version, c.history.length - 1, claim.createdAt), id: `${c.version}:competing:${claim.id}` });
          return true;
        });
      }
      return { kind: 'created', claim: resource as Claim };
    } catch (err) {
      if (statusOf(err) !== 409) {
        await this.releaseSlots(input.partnerTenantId, taken, input.id);
        throw err;
      }
      const raced = await this.get(input.partnerTenantId, input.id);
      if (!raced) throw err;
      return { kind: 'alreadyCreated', claim: raced };
    }
  }

  /** Partner IDs this organisation used before, most recent first (offered as choices in the dialog). */
  async partnerIdsUsed(partnerTenantId: string, max = 5): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ partnerId: string }>(
        {
          // The filter repeats the partition key on purpose: the local emulator ignores partitionKey in queries,
          // and tenant isolation must not depend on the SDK option alone.
          query:
            "SELECT TOP 50 c.partnerId FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
          parameters: [{ name: '@partner', value: partnerTenantId }],
        },
        { partitionKey: partnerTenantId },
      )
      .fetchAll();
    return [...new Set(resources.map((r) => r.partnerId))].slice(0, max);
  }

  private buildClaim(input: NewClaim, competing: boolean): Claim {
    const at = this.now().toISOString();
    const history: HistoryEntry[] = [{ at, by: input.actor, action: 'created', to: 'Draft' }];
    const submitted = input.submit && input.poe !== undefined;
    if (submitted) history.push({ at, by: input.actor, action: 'submit', from: 'Draft', to: 'Submitted' });
    return {
      ...input.fields,
      id: input.id,
      type: 'claim',
      partnerTenantId: input.partnerTenantId,
      program: PROGRAMS[input.fields.solutionArea][input.fields.activity] ?? '',
      status: submitted ? 'Submitted' : 'Draft',
      poe: input.poe,
      competing,
      createdBy: input.actor,
      locale: input.locale,
      origin: input.origin,
      createdAt: at,
      updatedAt: at,
      version: 1,
      history,
      notices: [],
      reviewCards: [],
    };
  }

  /**
   * Applies a life-cycle action with an ETag-conditional write: exactly one of several racing actors wins; the
   * others get `stale` (with the claim as it now is). The history entry and the notices it owes are in the same
   * single-document write, so a state change is never recorded without them.
   */
  async transition(ref: ClaimRef, input: TransitionInput, opts: WriteOptions & { leaseNotices?: string } = {}): Promise<TransitionResult> {
    for (let attempt = 1; ; attempt++) {
      const claim = attempt === 1 && opts.current ? opts.current : await this.get(ref.partnerTenantId, ref.id);
      if (!claim) return { kind: 'notFound' };
      if (input.expectedVersion !== undefined && claim.version !== input.expectedVersion) return { kind: 'stale', claim };
      const to = nextStatus(claim.status, input.action);
      if (!to) return { kind: 'notAllowed', claim };
      const at = this.now().toISOString();
      const version = claim.version + 1;
      const entry: HistoryEntry = { at, by: input.actor, action: input.action, from: claim.status, to };
      if (input.reason) entry.reason = input.reason;
      if (input.comment) entry.comment = input.comment;
      const index = claim.history.length;
      // A claim never submitted (a Draft withdrawn) has no review card and gets none.
      const reviewed = to === 'Submitted' || claim.history.some((h) => h.to === 'Submitted');
      const notices = reviewed ? [...claim.notices, notice('reviewCard', version, index, at)] : [...claim.notices];
      if (PARTNER_NOTIFIED.includes(input.action)) notices.push(notice('partner', version, index, at));
      if (input.action === 'approve') notices.push(notice('customer', version, index, at));
      // The writer delivers what it just wrote: its lease is taken in this same write, not in another one.
      if (opts.leaseNotices) {
        for (const n of notices.slice(claim.notices.length)) Object.assign(n, { leaseUntil: opts.leaseNotices, attempts: 1 });
      }
      const updated: Claim = {
        ...claim,
        ...input.set,
        status: to,
        version,
        updatedAt: at,
        history: [...claim.history, entry],
        notices,
      };
      try {
        const { resource } = await this.container.item(claim.id, claim.partnerTenantId).replace<Claim>(updated, {
          accessCondition: { type: 'IfMatch', condition: claim._etag ?? '' },
        });
        return { kind: 'done', claim: resource as Claim };
      } catch (err) {
        if (statusOf(err) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw err;
        // Someone wrote in between (another actor, or a notice being marked): look again.
        await jitter(attempt);
      }
    }
  }

  /**
   * Changes a claim's bookkeeping (notices, posted cards) without a transition: read, change, conditional
   * replace, again on a conflict. `change` returns false to leave the claim as it is.
   */
  async update(ref: ClaimRef, change: (claim: Claim) => boolean, opts: WriteOptions = {}): Promise<Claim | undefined> {
    for (let attempt = 1; ; attempt++) {
      const claim = attempt === 1 && opts.current ? opts.current : await this.get(ref.partnerTenantId, ref.id);
      if (!claim) return undefined;
      const copy = structuredClone(claim);
      if (!change(copy)) return claim;
      try {
        const { resource } = await this.container.item(claim.id, claim.partnerTenantId).replace<Claim>(copy, {
          accessCondition: { type: 'IfMatch', condition: claim._etag ?? '' },
        });
        return resource as Claim;
      } catch (err) {
        if (statusOf(err) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw err;
        await jitter(attempt);
      }
    }
  }

  /**
   * One page of an organisation's claims, newest first, filtered; `continuation` comes from the previous page.
   * Never loads more than a page.
   */
  async list(
    partnerTenantId: string,
    filters: ClaimFilters,
    page: { size: number; continuation?: string },
  ): Promise<{ claims: Claim[]; continuation?: string }> {
    const where = ["c.type = 'claim'", 'c.partnerTenantId = @partner'];
    const parameters = [{ name: '@partner', value: partnerTenantId }];
    const add = (clause: string, name: string, value: string | undefined) => {
      if (!value) return;
      where.push(clause);
      parameters.push({ name, value });
    };
    add('c.status = @status', '@status', filters.status);
    add('c.solutionArea = @area', '@area', filters.solutionArea);
    add('c.activity = @activity', '@activity', filters.activity);
    add('(c.customerDomain = @customer OR c.customerTenantId = @customer)', '@customer', filters.customer?.toLowerCase());
    add('(ARRAY_CONTAINS(c.workloads, @workload) OR c.product = @workload)', '@workload', filters.workload);
    const iterator = this.container.items.query<Claim>(
      { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.createdAt DESC`, parameters },
      { partitionKey: partnerTenantId, maxItemCount: page.size, continuationToken: page.continuation },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { claims: resources, continuation: continuationToken };
  }

  /**
   * Saves an edit of a Draft or "Partner action required" claim (fields re-validated by the caller), then moves it
   * on: a Draft that now has its proof of execution is submitted; an answered request goes back under review.
   * What it claims may change (workloads, subscription): new slots are taken first, released ones freed after.
   */
  async saveEdit(ref: ClaimRef, input: { fields: ClaimFields; poe?: ProofOfExecution; actor: Actor; expectedVersion: number }): Promise<TransitionResult | { kind: 'duplicate'; existing: ClaimSummary }> {
    const claim = await this.get(ref.partnerTenantId, ref.id);
    if (!claim) return { kind: 'notFound' };
    if (claim.version !== input.expectedVersion) return { kind: 'stale', claim };
    if (claim.status !== 'Draft' && claim.status !== 'PartnerActionRequired') return { kind: 'notAllowed', claim };
    const before = new Set(claimKeys(claim));
    const after = claimKeys(input.fields);
    const taken: string[] = [];
    for (const key of after.filter((k) => !before.has(k))) {
      const result = await this.takeSlot({ id: claim.id, partnerTenantId: claim.partnerTenantId, fields: input.fields, submit: false, actor: input.actor }, key);
      if (result.kind !== 'taken') {
        await this.releaseSlots(claim.partnerTenantId, taken, claim.id);
        return result.kind === 'duplicate' ? result : { kind: 'stale', claim };
      }
      taken.push(result.slotId);
    }
    const at = this.now().toISOString();
    let edited = false;
    const saved = await this.update(ref, (c) => {
      if (c.version !== input.expectedVersion) return false;
      Object.assign(c, input.fields, { poe: input.poe ?? c.poe, updatedAt: at });
      if (!input.fields.technicalContact) delete c.technicalContact;
      c.history.push({ at, by: input.actor, action: 'edit', from: c.status, to: c.status });
      edited = true;
      return true;
    });
    if (!saved || !edited) {
      await this.releaseSlots(claim.partnerTenantId, taken, claim.id);
      return saved ? { kind: 'stale', claim: saved } : { kind: 'notFound' };
    }
    const released = [...before].filter((k) => !after.includes(k)).map((k) => slotId(claim.customerTenantId, k));
    await this.releaseSlots(claim.partnerTenantId, released, claim.id);
    const next = saved.status === 'Draft' ? (saved.poe ? 'submit' : undefined) : 'partnerRespond';
    if (!next) return { kind: 'done', claim: saved };
    return this.transition(ref, { action: next, actor: input.actor, comment: next === 'partnerRespond' ? 'Claim edited' : undefined, expectedVersion: saved.version });
  }

  /**
   * Takes the claim's slots again (a rejected claim freed them): a dispute must not reopen a claim on something the
   * organisation has claimed anew since. Returns the claim holding a slot, if any.
   */
  async reclaimSlots(claim: Claim): Promise<ClaimSummary | undefined> {
    const taken: string[] = [];
    for (const key of claimKeys(claim)) {
      const result = await this.takeSlot({ id: claim.id, partnerTenantId: claim.partnerTenantId, fields: claim, submit: false, actor: claim.createdBy }, key);
      if (result.kind === 'taken') {
        taken.push(result.slotId);
        continue;
      }
      await this.releaseSlots(claim.partnerTenantId, taken, claim.id);
      return result.kind === 'duplicate' ? result.existing : { id: claim.id, name: claim.name, status: claim.status };
    }
    return undefined;
  }

  /**
   * Adds a comment to the claim's thread and, in the same write, tells the other side: a partner's comment
   * refreshes the review card, a reviewer's reaches the partner.
   */
  async addComment(ref: ClaimRef, comment: ThreadComment): Promise<Claim | undefined> {
    return this.update(ref, (claim) => {
      const thread = (claim.thread ??= []);
      thread.push(comment);
      const index = thread.length - 1;
      const kind = comment.side === 'partner' ? 'reviewCard' : 'partner';
      claim.notices.push({ ...notice(kind, claim.version, claim.history.length - 1, comment.at), id: `${claim.version}:comment:${index}`, commentIndex: index });
      claim.updatedAt = comment.at;
      return true;
    });
  }

  /** Claims that owe a notice (any organisation), page by page: the delivery sweep's work list. */
  pendingNotices(pageSize = 100): AsyncGenerator<ClaimRef[]> {
    return this.pages<ClaimRef>(
      "SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND " +
        'EXISTS(SELECT VALUE n FROM n IN c.notices WHERE NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt))',
      [],
      pageSize,
    );
  }

  /**
   * Claims in `status` whose `deadlineField` is at or before `now` (any organisation), page by page through
   * continuation tokens: the scheduler never holds more than a page in memory, and the filter is on indexed
   * fields (status, deadline), so it does not read every claim.
   */
  dueBy(status: 'Approved' | 'PartnerActionRequired', now: string, pageSize = 100): AsyncGenerator<Claim[]> {
    const field = status === 'Approved' ? 'optOutDeadline' : 'partnerActionDeadline';
    // Whole claims: the scheduler transitions them from the page as read (one write each, no second read).
    return this.pages<Claim>(
      `SELECT * FROM c WHERE c.type = 'claim' AND c.status = @status AND c.${field} <= @now`,
      [
        { name: '@status', value: status },
        { name: '@now', value: now },
      ],
      pageSize,
    );
  }

  private async *pages<T>(query: string, parameters: { name: string; value: string }[], pageSize: number): AsyncGenerator<T[]> {
    const iterator = this.container.items.query<T>({ query, parameters }, { maxItemCount: pageSize });
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      if (resources.length > 0) yield resources;
    }
  }

  /** Open claims of other organisations on the same customer tenant and workload / subscription. */
  async competitorsOf(
    claim: Pick<Claim, 'partnerTenantId' | 'customerTenantId' | 'solutionArea' | 'workloads' | 'subscriptionId'>,
  ): Promise<Claim[]> {
    const { resources } = await this.container.items
      .query<Claim>({
        query: "SELECT * FROM c WHERE c.type = 'claim' AND c.customerTenantId = @tenant AND c.partnerTenantId != @partner",
        parameters: [
          { name: '@tenant', value: claim.customerTenantId },
          { name: '@partner', value: claim.partnerTenantId },
        ],
      })
      .fetchAll();
    const mine = new Set(claimKeys(claim));
    return resources.filter((other) => OPEN_STATUSES.includes(other.status) && claimKeys(other).some((k) => mine.has(k)));
  }

  private async takeSlot(
    input: NewClaim,
    key: string,
  ): Promise<{ kind: 'taken'; slotId: string } | { kind: 'duplicate'; existing: ClaimSummary } | { kind: 'inProgress' }> {
    const slot: Slot = {
      id: slotId(input.fields.customerTenantId, key),
      type: 'slot',
      partnerTenantId: input.partnerTenantId,
      claimId: input.id,
      createdAt: this.now().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.container.items.create(slot);
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      const { resource: held } = await this.container.item(slot.id, input.partnerTenantId).read<Slot>();
      if (!held) continue; // released in between: try again
      if (held.claimId === input.id) return { kind: 'taken', slotId: slot.id };
      const holder = await this.get(input.partnerTenantId, held.claimId);
      if (holder && OPEN_STATUSES.includes(holder.status)) {
        return { kind: 'duplicate', existing: { id: holder.id, name: holder.name, status: holder.status } };
      }
      if (!holder && this.now().getTime() - Date.parse(held.createdAt) < SLOT_GRACE_MS) return { kind: 'inProgress' };
      // The holder was rejected, or its creation died long ago: take the slot over, unless someone else just did.
      try {
        await this.container.item(slot.id, input.partnerTenantId).replace(slot, {
          accessCondition: { type: 'IfMatch', condition: held._etag ?? '' },
        });
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return { kind: 'inProgress' };
  }

  private async releaseSlots(partnerTenantId: string, slotIds: string[], claimId: string): Promise<void> {
    for (const id of slotIds) {
      const { resource } = await this.container.item(id, partnerTenantId).read<Slot>();
      if (resource?.claimId !== claimId) continue;
      try {
        await this.container.item(id, partnerTenantId).delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
  }


}
