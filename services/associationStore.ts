// Claims (customer associations) in Cosmos: one document per claim in the partner organisation's partition,
// history and outbox inside it. Every state change is the domain's (services/domain/rules.ts), persisted here with
// an ETag condition. Slots (services/domain/claim.ts slotKeys) live in their own container:
// - a *duplicate* slot per (organisation, customer tenant, activity, workload or subscription): creating it is atomic
//   (409 when it exists), so one organisation cannot open two claims on the same thing, even on two instances;
// - an *arbiter* per (customer tenant, activity, workload or subscription), across organisations: the claim whose
//   approval holds it is the only one that may become official there. Approving takes it with an ETag condition, so
//   two reviewers approving competing claims at once cannot both win.
import type { Container } from '@azure/cosmos';
import type { Clock } from './clock';
import type { ContactCheck } from './domain/consent';
import {
  heldSlots,
  MAX_CARD_COPIES,
  OPEN_STATUSES,
  PROGRAMS,
  slotKeys,
  type Actor,
  type CardCopy,
  type Claim,
  type ClaimFields,
  type ClaimStatus,
  type HistoryEntry,
  type ProofOfExecution,
  type ReminderKind,
  type TenantCheck,
  type ThreadComment,
} from './domain/claim';
import {
  applyAction,
  applyEdit,
  editRefusal,
  applyUndo,
  cardsNotice,
  reviewed,
  failedCustomerMail,
  MAX_THREAD_COMMENTS,
  notice,
  prunedNotices,
  reviewSince,
  SYSTEM_ACTOR,
  type ActionInput,
  type ClaimAction,
  type DomainPolicy,
  type EditInput,
  type Party,
  type Refusal,
  type Outcome,
  type UndoRefusal,
} from './domain/rules';
import {
  applyCompetitorChange,
  competitorChange,
  heldFromTheStart,
  holdsSlots,
  liveSlots,
  mayCompete,
  sharedSlots,
  type CompetitionView,
} from './domain/competition';

interface Slot {
  id: string;
  type: 'slot';
  partnerTenantId: string;
  claimId: string;
  createdAt: string;
  _etag?: string;
}

/** Which claim's approval holds a slot across organisations (see the header). */
interface Arbiter {
  id: string;
  type: 'arbiter';
  claimId: string;
  partnerTenantId: string;
  /** When the holder took it: a holder still under review this recently is being approved right now. */
  since: string;
  /** The holder before this one: restored if this approval does not go through. */
  previous?: { claimId: string; partnerTenantId: string; since: string };
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
  partnerName?: string;
  tenantCheck?: TenantCheck;
  /** How the customer contact's e-mail was checked when it was entered (services/domain/consent.ts). */
  contactCheck?: ContactCheck;
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

/** The review queue's filters. */
export interface QueueFilters {
  /** A waiting state, or one of its kinds (disputed, partner answered); absent: both waiting states. */
  status?: 'Submitted' | 'UnderReview' | 'disputed' | 'answered';
  solutionArea?: string;
  activity?: string;
  competingOnly?: boolean;
  /** Part of the partner organisation's name (any case), or its tenant id. */
  organisation?: string;
  /** Only claims this reviewer (Teams user id) has started. */
  reviewerId?: string;
}

/** How many are waiting, and since when the longest has (ISO instant; absent when none waits). */
export interface Backlog {
  count: number;
  oldest?: string;
}

export interface ClaimRef {
  partnerTenantId: string;
  id: string;
}

/** An action as a handler asks for it; the store adds the time. */
export type TransitionInput = Omit<ActionInput, 'at'>;

/** Writes start from `current` (as read, with its ETag) instead of reading it again; a conflict re-reads. */
export interface WriteOptions {
  current?: Claim;
  /**
   * Bookkeeping on the claim a transition produces, in the same write (the scheduler leases the first notice the
   * transition owes, so it need not write again before sending it). Called again if the write is retried.
   */
  alsoChange?: (claim: Claim) => void;
}

export type TransitionResult =
  | { kind: 'done'; claim: Claim }
  | { kind: 'notFound' }
  /** The domain refused it (role, state, version, deadline, missing reason…): nothing changed. */
  | { kind: 'refused'; refusal: Refusal; claim: Claim }
  /** Approving: another reviewer is approving a competing claim at this very moment; nothing changed. */
  | { kind: 'busy'; claim: Claim };

/** Conditional writes lost to other writers are retried this many times (with a short random wait), then fail. */
const MAX_CONFLICT_RETRIES = 20;
const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * attempt, 50)));

/** A slot younger than this whose claim does not exist yet belongs to a creation still in flight. */
const SLOT_GRACE_MS = 60_000;
/** An arbiter taken this recently by a claim still under review belongs to an approval in flight. */
const ARBITER_GRACE_MS = 60_000;

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

const safeId = (id: string) => id.replace(/[/\\?#]/g, '_');
const slotId = (partnerTenantId: string, customerTenantId: string, key: string) => safeId(`slot|${partnerTenantId}|${customerTenantId}|${key}`);
const arbiterId = (customerTenantId: string, key: string) => safeId(`arbiter|${customerTenantId}|${key}`);

const summary = (claim: Claim): ClaimSummary => ({ id: claim.id, name: claim.name, status: claim.status });

export class AssociationStore {
  constructor(
    private readonly container: Container,
    /** Duplicate slots and arbiters (partition key /id). */
    private readonly slots: Container,
    private readonly clock: Clock,
    readonly policy: DomainPolicy,
  ) {}

  async get(partnerTenantId: string, id: string): Promise<Claim | undefined> {
    // No id (a card whose claimId was removed) is no claim; the SDK would throw on it.
    if (!id) return undefined;
    const { resource } = await this.container.item(id, partnerTenantId).read<Claim>();
    return resource?.type === 'claim' ? resource : undefined;
  }

  async create(input: NewClaim): Promise<CreateResult> {
    const existing = await this.get(input.partnerTenantId, input.id);
    if (existing) return { kind: 'alreadyCreated', claim: existing };

    const taken: string[] = [];
    for (const key of slotKeys(input.fields)) {
      const result = await this.takeSlot(input, key);
      if (result.kind === 'taken') {
        taken.push(result.slotId);
        continue;
      }
      await this.releaseSlots(taken, input.id);
      return result.kind === 'duplicate' ? { kind: 'duplicate', existing: result.existing } : { kind: 'inProgress' };
    }

    const claim = this.buildClaim(input);
    if (claim.status === 'Submitted') {
      // Written with the claim itself: a crash before the competitors are flagged leaves no reviewer blind to this one.
      const competitors = await this.competitorsOf(claim);
      claim.competing = competitors.length > 0;
      heldFromTheStart(claim, await this.heldBehindApprovals(claim));
      claim.notices.push(notice('reviewCard', 1, claim.history.length - 1, claim.createdAt));
    }
    try {
      const { resource } = await this.container.items.create<Claim>(claim);
      return { kind: 'created', claim: await this.markCompeting(resource as Claim) };
    } catch (err) {
      if (statusOf(err) !== 409) {
        await this.releaseSlots(taken, input.id);
        throw err;
      }
      const raced = await this.get(input.partnerTenantId, input.id);
      if (!raced) throw err;
      return { kind: 'alreadyCreated', claim: raced };
    }
  }

  /** Partner IDs this organisation used before, most recent first (offered as choices in the dialog). */
  async partnerIdsUsed(partnerTenantId: string, max = 5): Promise<string[]> {
    return (await this.previousDetails(partnerTenantId, max)).partnerIds;
  }

  /**
   * What this organisation's recent claims say about itself, to pre-fill a new one: the Partner IDs it used, most
   * recent first, and the partner contact of its latest claim.
   */
  async previousDetails(partnerTenantId: string, max = 5): Promise<{ partnerIds: string[]; partnerContact?: Claim['partnerContact'] }> {
    const { resources } = await this.container.items
      .query<{ partnerId: string; partnerContact?: Claim['partnerContact'] }>(
        {
          // The filter repeats the partition key on purpose: tenant isolation must not depend on the SDK option alone.
          query: "SELECT TOP 50 c.partnerId, c.partnerContact FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
          parameters: [{ name: '@partner', value: partnerTenantId }],
        },
        { partitionKey: partnerTenantId },
      )
      .fetchAll();
    return { partnerIds: [...new Set(resources.map((r) => r.partnerId))].slice(0, max), partnerContact: resources[0]?.partnerContact };
  }

  /**
   * What a claim on these fields would meet if it were stored now, read without taking anything: the organisation's
   * own open claim on one of its slots (a duplicate, refused at creation), and whether another organisation holds an
   * open claim on one (a competing claim). `claimId`: the claim being written, which is no conflict of its own.
   */
  async conflictsOf(
    partnerTenantId: string,
    fields: Pick<ClaimFields, 'customerTenantId' | 'solutionArea' | 'activity' | 'workloads' | 'subscriptionId'>,
    claimId = '',
  ): Promise<{ duplicate?: ClaimSummary; competing: boolean }> {
    for (const key of slotKeys(fields)) {
      const id = slotId(partnerTenantId, fields.customerTenantId, key);
      const { resource: held } = await this.slots.item(id, id).read<Slot>();
      if (!held || held.claimId === claimId) continue;
      const holder = await this.get(partnerTenantId, held.claimId);
      if (holder && OPEN_STATUSES.includes(holder.status)) return { duplicate: summary(holder), competing: false };
    }
    const competitors = await this.competitorsOf({ partnerTenantId, ...fields, status: 'Submitted' });
    return { competing: competitors.length > 0 };
  }

  private buildClaim(input: NewClaim): Claim {
    const at = this.clock.now().toISOString();
    const history: HistoryEntry[] = [{ at, by: input.actor, action: 'created', to: 'Draft' }];
    const submitted = input.submit && input.poe !== undefined;
    if (submitted) history.push({ at, by: input.actor, action: 'submit', from: 'Draft', to: 'Submitted' });
    const claim: Claim = {
      ...input.fields,
      id: input.id,
      type: 'claim',
      partnerTenantId: input.partnerTenantId,
      program: PROGRAMS[input.fields.solutionArea][input.fields.activity] ?? '',
      status: submitted ? 'Submitted' : 'Draft',
      poe: input.poe,
      competing: false,
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
    if (input.partnerName) claim.partnerName = input.partnerName;
    if (input.tenantCheck) claim.tenantCheck = input.tenantCheck;
    if (input.contactCheck) claim.contactCheck = input.contactCheck;
    if (submitted) claim.reviewQueuedAt = at;
    return claim;
  }

  /**
   * Applies a life-cycle action through the domain with an ETag-conditional write: exactly one of several racing
   * actors wins; the others are refused as stale (with the claim as it now is). The history entry and the notices
   * it owes are in the same single-document write, so a state change is never recorded without them.
   * Approving goes through the slots' arbiters first (see the header).
   */
  async transition(ref: ClaimRef, input: TransitionInput, opts: WriteOptions = {}): Promise<TransitionResult> {
    if (input.action !== 'approve') return this.apply(ref, input, opts);
    const claim = opts.current ?? (await this.get(ref.partnerTenantId, ref.id));
    if (!claim) return { kind: 'notFound' };
    // Checked before the arbiters are touched: a refused approval must not hold anything, even for a moment.
    const dry = applyAction(claim, { ...input, at: this.clock.now() }, this.policy);
    if (!dry.ok) return { kind: 'refused', refusal: dry.refusal, claim };
    const taken: Arbiter[] = [];
    const held: string[] = [];
    for (const key of liveSlots(claim).sort()) {
      const arbiter = await this.takeArbiter(claim, key);
      if (arbiter === 'held') held.push(key);
      else if (arbiter === 'busy' || arbiter === 'lost') {
        await this.giveBackArbiters(taken, claim);
        return { kind: 'busy', claim };
      } else if (arbiter !== 'alreadyHeld') taken.push(arbiter);
    }
    if (held.length > 0) {
      // Another organisation's approval holds a workload its settlement has not marked yet: marked now, and refused.
      await this.giveBackArbiters(taken, claim);
      const marked = await this.write(ref, (c, at) =>
        c.version === claim.version ? applyCompetitorChange(c, { kind: 'hold', slots: held }, SYSTEM_ACTOR, at, this.policy) : undefined,
      );
      return { kind: 'refused', refusal: { kind: 'onHold' }, claim: marked.kind === 'done' ? marked.claim : claim };
    }
    const result = await this.apply(ref, input, opts);
    if (result.kind !== 'done') await this.giveBackArbiters(taken, claim);
    return result;
  }

  private apply(ref: ClaimRef, input: TransitionInput, opts: WriteOptions = {}): Promise<TransitionResult> {
    return this.write(ref, (claim, at) => applyAction(claim, { ...input, at }, this.policy), opts);
  }

  /**
   * Writes what a pure domain change makes of the claim as read, with an ETag condition, again on a conflict.
   * `change` returns undefined when there is nothing to do (the claim comes back as it is).
   */
  private async write(ref: ClaimRef, change: (claim: Claim, at: Date) => Outcome | undefined, opts: WriteOptions = {}): Promise<TransitionResult> {
    for (let attempt = 1; ; attempt++) {
      const claim = attempt === 1 && opts.current ? opts.current : await this.get(ref.partnerTenantId, ref.id);
      if (!claim) return { kind: 'notFound' };
      const outcome = change(claim, this.clock.now());
      if (!outcome) return { kind: 'done', claim };
      if (!outcome.ok) return { kind: 'refused', refusal: outcome.refusal, claim };
      // The outcome shares its older notices with `claim`: changed on a copy, so a retry starts from the claim as read.
      const written = opts.alsoChange ? structuredClone(outcome.claim) : outcome.claim;
      opts.alsoChange?.(written);
      try {
        const { resource } = await this.container.item(claim.id, claim.partnerTenantId).replace<Claim>(written, {
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
   * Undoes the claim's approval or withdrawal within its grace (services/domain/rules.ts applyUndo), with an ETag
   * condition. A withdrawal had freed the claim's slots: they are taken back first, and if the organisation has
   * claimed one anew since, the withdrawal stands.
   */
  async undo(
    ref: ClaimRef,
    actor: Actor,
    party: Party,
  ): Promise<{ kind: 'done'; claim: Claim } | { kind: 'refused'; why: UndoRefusal } | { kind: 'notFound' }> {
    const claim = await this.get(ref.partnerTenantId, ref.id);
    if (!claim) return { kind: 'notFound' };
    const dry = applyUndo(claim, actor, party, this.clock.now());
    if (!dry.ok) return { kind: 'refused', why: dry.why };
    if (claim.undo?.action === 'withdraw' && (await this.reclaimSlots(claim))) return { kind: 'refused', why: 'nothingToUndo' };
    // A withdrawn approval gave its workloads up: another organisation's claim may have been approved there during
    // the grace. It comes back only if it gets every workload back.
    const restoresApproval = claim.undo?.action === 'withdraw' && ['Approved', 'Official'].includes(claim.undo.previous.status);
    const arbiters = restoresApproval ? await this.retakeArbiters(claim) : [];
    const releaseReclaimed = () =>
      claim.undo?.action === 'withdraw'
        ? this.releaseSlots(
            slotKeys(claim).map((key) => slotId(claim.partnerTenantId, claim.customerTenantId, key)),
            claim.id,
          )
        : Promise.resolve();
    if (!arbiters) {
      await releaseReclaimed();
      return { kind: 'refused', why: 'slotTaken' };
    }
    let refused: UndoRefusal | undefined;
    let undone: Claim | undefined;
    const saved = await this.update(
      claim,
      (c) => {
        const outcome = applyUndo(c, actor, party, this.clock.now());
        refused = outcome.ok ? undefined : outcome.why;
        if (!outcome.ok) return false;
        undone = outcome.claim;
        Object.assign(c, outcome.claim);
        for (const key of Object.keys(c) as (keyof Claim)[]) if (!(key in outcome.claim)) delete c[key];
        return true;
      },
      { current: claim },
    );
    if (refused || !undone || !saved) {
      await this.giveBackArbiters(arbiters, claim);
      await releaseReclaimed();
      return refused ? { kind: 'refused', why: refused } : { kind: 'notFound' };
    }
    // Claims created on its workloads while it was withdrawn compete with it again.
    return { kind: 'done', claim: restoresApproval ? await this.markCompeting(saved) : saved };
  }

  /** The arbiters of every live workload of the claim, taken back unless another approval or association holds one. */
  private async retakeArbiters(claim: Claim): Promise<Arbiter[] | undefined> {
    const taken: Arbiter[] = [];
    for (const key of liveSlots(claim).sort()) {
      const arbiter = await this.takeArbiter(claim, key, { overrideApproved: false });
      if (arbiter === 'alreadyHeld') continue;
      if (typeof arbiter === 'string') {
        await this.giveBackArbiters(taken, claim);
        return undefined;
      }
      taken.push(arbiter);
    }
    return taken;
  }

  /**
   * An Approved claim whose opt-out window has passed: Official on every workload whose arbiter its approval still
   * holds; a workload another organisation's approval or association holds is lost (the partner told which), in
   * the same write. Losing them all rejects it as competing.
   */
  async promote(ref: ClaimRef, actor: Actor, opts: WriteOptions = {}): Promise<TransitionResult> {
    const claim = opts.current ?? (await this.get(ref.partnerTenantId, ref.id));
    if (!claim) return { kind: 'notFound' };
    const lost: string[] = [];
    // A claim nobody competes with holds its slots alone (a competitor's creation flags both at once).
    for (const key of claim.competing ? liveSlots(claim) : []) {
      const arbiter = await this.takeArbiter(claim, key, { overrideApproved: false });
      if (arbiter === 'busy') return { kind: 'busy', claim }; // an approval in flight there: next pass
      if (arbiter === 'lost' || arbiter === 'held') lost.push(key);
    }
    return this.write(
      ref,
      (c, at) => {
        if (c.version !== claim.version) return { ok: false, refusal: { kind: 'stale' } };
        const rest = lost.length > 0 ? applyCompetitorChange(c, { kind: 'lose', slots: lost }, actor, at, this.policy) : { ok: true as const, claim: c };
        if (!rest.ok || rest.claim.status === 'Rejected') return rest as Outcome;
        return applyAction(rest.claim, { action: 'makeOfficial', actor, party: 'system', at, expectedVersion: rest.claim.version }, this.policy);
      },
      opts,
    );
  }

  /**
   * The other organisations' claims on this claim's workloads, settled by the domain (services/domain/competition.ts):
   * after an approval, their claims not yet approved are put on hold there; after becoming official, those
   * workloads are theirs no more (lost, or an older association superseded); after an approval went (declined, undone,
   * withdrawn, rejected), their held workloads resume unless another approval holds them now. Idempotent: run again
   * after a crash, it finds nothing left to do. Returns the claims it changed.
   */
  async settleCompetitors(claim: Claim, actor: Actor): Promise<Claim[]> {
    if (!claim.competing) return [];
    const holders = new Map<string, string | undefined>();
    for (const key of liveSlots(claim)) holders.set(key, await this.approvalHolding(claim.customerTenantId, key));
    // Only the holder of every slot settles an approval or an association: one that runs late must not undo a later approval.
    if (claim.status === 'Approved' || claim.status === 'Official') {
      if ([...holders.values()].some((holder) => holder !== undefined && holder !== claim.id)) return [];
      if (claim.status === 'Approved' && [...holders.values()].some((holder) => holder !== claim.id)) return [];
    }
    const changed: Claim[] = [];
    for (const other of await this.competitorsOf(claim)) {
      const heldByAnother = (key: string) => ![undefined, claim.id, other.id].includes(holders.get(key));
      // On the version just read: a competitor that moved in between is looked at again by its own settlement.
      const result = await this.write(other, (c, at) => {
        const change = c.version === other.version ? competitorChange(claim, c, heldByAnother) : undefined;
        return change && applyCompetitorChange(c, change, actor, at, this.policy);
      });
      if (result.kind === 'done' && result.claim.version !== other.version) changed.push(result.claim);
    }
    return changed;
  }

  /** The claim whose approval holds this slot now (Approved, or Official once promoted), if any. */
  private async approvalHolding(customerTenantId: string, key: string): Promise<string | undefined> {
    const id = arbiterId(customerTenantId, key);
    const { resource: arbiter } = await this.slots.item(id, id).read<Arbiter>();
    if (!arbiter) return undefined;
    const holder = await this.get(arbiter.partnerTenantId, arbiter.claimId);
    return holder && (holder.status === 'Approved' || holder.status === 'Official') ? holder.id : undefined;
  }

  /** The claim's live workloads another organisation's approval holds now: where the claim waits (on hold). */
  private async heldBehindApprovals(claim: Claim): Promise<string[]> {
    const held: string[] = [];
    for (const key of liveSlots(claim)) {
      const id = arbiterId(claim.customerTenantId, key);
      const { resource: arbiter } = await this.slots.item(id, id).read<Arbiter>();
      if (!arbiter || arbiter.partnerTenantId === claim.partnerTenantId) continue;
      const holder = await this.get(arbiter.partnerTenantId, arbiter.claimId);
      if (holder && holdsSlots(holder.status)) held.push(key);
    }
    return held;
  }

  /**
   * Flags the claim and the other organisations' submitted open claims on its slots as competing (their review
   * cards are refreshed so reviewers see them side by side), and puts the claim's workloads that another approval
   * holds on hold. Looked up after the claim is written, so two organisations creating claims at the same moment
   * still find each other. Returns the claim as it now is.
   */
  async markCompeting(claim: Claim): Promise<Claim> {
    if (!mayCompete(claim.status)) return claim;
    const held = (await this.heldBehindApprovals(claim)).filter((key) => !heldSlots(claim).includes(key));
    if (held.length > 0) {
      const marked = await this.write(claim, (c, at) =>
        c.version === claim.version ? applyCompetitorChange(c, { kind: 'hold', slots: held }, SYSTEM_ACTOR, at, this.policy) : undefined,
      );
      if (marked.kind === 'done') claim = marked.claim;
    }
    const competitors = await this.competitorsOf(claim);
    if (competitors.length === 0) return claim;
    const at = this.clock.now().toISOString();
    const flag = (ref: Claim, because: string) =>
      this.update(ref, (c) => {
        if (c.competing) return false;
        c.competing = true;
        if (c.reviewCards.length > 0) c.notices.push({ ...notice('reviewCard', c.version, c.history.length - 1, at), id: `${c.version}:competing:${because}` });
        return true;
      });
    for (const other of competitors.filter((c) => !c.competing)) await flag(other, claim.id);
    return (await flag(claim, competitors[0].id)) ?? claim;
  }

  /**
   * Changes a claim's bookkeeping (notices, posted cards) without a transition: read, change, conditional
   * replace, again on a conflict. `change` returns false to leave the claim as it is. Delivered notices beyond
   * the few kept are pruned in the same write, so the document stays bounded.
   */
  async update(ref: ClaimRef, change: (claim: Claim) => boolean, opts: WriteOptions = {}): Promise<Claim | undefined> {
    for (let attempt = 1; ; attempt++) {
      const claim = attempt === 1 && opts.current ? opts.current : await this.get(ref.partnerTenantId, ref.id);
      if (!claim) return undefined;
      const copy = structuredClone(claim);
      if (!change(copy)) return claim;
      copy.notices = prunedNotices(copy.notices);
      try {
        const { resource } = await this.container.item(claim.id, claim.partnerTenantId).replace<Claim>(copy, {
          accessCondition: { type: 'IfMatch', condition: claim._etag ?? '' },
        });
        return resource;
      } catch (err) {
        if (statusOf(err) !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw err;
        await jitter(attempt);
      }
    }
  }

  /**
   * Keeps a copy of the claim's card (opened from a list) to update in place with the others: one per message and
   * view, the newest `MAX_CARD_COPIES`.
   */
  rememberCopy(ref: ClaimRef, copy: CardCopy): Promise<Claim | undefined> {
    const same = (c: CardCopy) => c.activityId === copy.activityId && c.conversation.conversationId === copy.conversation.conversationId;
    return this.update(ref, (c) => {
      const copies = c.cardCopies ?? [];
      if (copies.some((known) => same(known) && known.view === copy.view)) return false;
      // The same message now shows another view (a queue card opened, then a partner's detail): the latest wins.
      c.cardCopies = [...copies.filter((known) => !same(known)), copy].slice(-MAX_CARD_COPIES);
      return true;
    });
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
   * The reviewers' queue (every organisation): claims waiting for a reviewer, longest waiting first, filtered. The
   * filters are on indexed fields, and the status one always bounds it to the two waiting states.
   */
  private queueQuery(filters: QueueFilters): { query: string; parameters: { name: string; value: string }[] } {
    const where = ["c.type = 'claim'"];
    const parameters: { name: string; value: string }[] = [];
    const add = (clause: string, name: string, value: string | undefined) => {
      if (!value) return;
      where.push(clause);
      parameters.push({ name, value });
    };
    switch (filters.status) {
      case 'Submitted':
        where.push("c.status = 'Submitted'");
        break;
      case 'UnderReview':
        where.push("c.status = 'UnderReview'");
        break;
      case 'disputed':
      case 'answered':
        where.push("c.status = 'UnderReview'");
        where.push(`EXISTS(SELECT VALUE h FROM h IN c.history WHERE h.action = '${filters.status === 'disputed' ? 'dispute' : 'partnerRespond'}')`);
        break;
      default:
        where.push("(c.status = 'Submitted' OR c.status = 'UnderReview')");
    }
    add('c.solutionArea = @area', '@area', filters.solutionArea);
    add('c.activity = @activity', '@activity', filters.activity);
    add('c.reviewer.id = @reviewer', '@reviewer', filters.reviewerId);
    // Organisation names are free text: a case-insensitive part of the name, or the tenant id exactly.
    add('(CONTAINS(LOWER(c.partnerName), @organisation) OR c.partnerTenantId = @organisation)', '@organisation', filters.organisation?.toLowerCase());
    if (filters.competingOnly) where.push('c.competing = true');
    return { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.reviewQueuedAt ASC`, parameters };
  }

  /** One page of the queue; `continuation` comes from the previous page. Never loads more than a page. */
  async reviewQueue(filters: QueueFilters, page: { size: number; continuation?: string }): Promise<{ claims: Claim[]; continuation?: string }> {
    const iterator = this.container.items.query<Claim>(this.queueQuery(filters), { maxItemCount: page.size, continuationToken: page.continuation });
    const { resources, continuationToken } = await iterator.fetchNext();
    return { claims: resources, continuation: continuationToken };
  }

  /** The whole queue with these filters, page by page (the reviewers' CSV export). */
  reviewQueuePages(filters: QueueFilters, pageSize = 100): AsyncGenerator<Claim[]> {
    const { query, parameters } = this.queueQuery(filters);
    return this.pages<Claim>(query, parameters, pageSize);
  }

  /**
   * Saves an edit of a Draft, Submitted or "Partner action required" claim (fields re-validated by the caller;
   * rules.ts applyEdit says what an edit changes), then moves it on: a Draft that now has its proof of execution is
   * submitted; an answered request goes back under review; a Submitted claim stays Submitted, its card refreshed.
   * What it claims may change (workloads, subscription): new slots are taken first, released ones freed after.
   */
  async saveEdit(ref: ClaimRef, input: Omit<EditInput, 'at'>): Promise<TransitionResult | { kind: 'duplicate'; existing: ClaimSummary }> {
    const claim = await this.get(ref.partnerTenantId, ref.id);
    if (!claim) return { kind: 'notFound' };
    const refusal = editRefusal(claim, input);
    if (refusal) return { kind: 'refused', refusal, claim };
    // Slots by their full id (organisation, customer tenant, key): an edit that changes the customer tenant takes
    // the new tenant's slots and frees the old one's, like any other change of slot.
    const idsOf = (fields: Pick<ClaimFields, 'customerTenantId'> & Parameters<typeof slotKeys>[0]) =>
      new Map(slotKeys(fields).map((key) => [slotId(claim.partnerTenantId, fields.customerTenantId, key), key]));
    const before = idsOf(claim);
    const after = idsOf(input.fields);
    const taken: string[] = [];
    for (const [id, key] of after) {
      if (before.has(id)) continue;
      const result = await this.takeSlot(
        { id: claim.id, partnerTenantId: claim.partnerTenantId, fields: input.fields, submit: false, actor: input.actor },
        key,
      );
      if (result.kind !== 'taken') {
        await this.releaseSlots(taken, claim.id);
        return result.kind === 'duplicate' ? result : { kind: 'refused', refusal: { kind: 'stale' }, claim };
      }
      taken.push(result.slotId);
    }
    let edited = false;
    const saved = await this.update(ref, (c) => {
      const outcome = applyEdit(c, { ...input, at: this.clock.now() });
      if (!outcome.ok) return false;
      Object.assign(c, outcome.claim);
      if (!outcome.claim.technicalContact) delete c.technicalContact;
      edited = true;
      return true;
    });
    if (!saved || !edited) {
      await this.releaseSlots(taken, claim.id);
      return saved ? { kind: 'refused', refusal: { kind: 'stale' }, claim: saved } : { kind: 'notFound' };
    }
    await this.releaseSlots(
      [...before.keys()].filter((id) => !after.has(id)),
      claim.id,
    );
    // Edited while Submitted it stays Submitted; in Partner action required the edit is the answer.
    const next: ClaimAction | undefined =
      saved.status === 'Draft' ? (saved.poe ? 'submit' : undefined) : saved.status === 'PartnerActionRequired' ? 'partnerRespond' : undefined;
    if (!next) {
      const current = (await this.get(ref.partnerTenantId, ref.id)) ?? saved;
      // On new slots a submitted claim competes (and may wait) there as a new claim would; a Draft never does.
      return { kind: 'done', claim: taken.length > 0 && current.status !== 'Draft' ? await this.markCompeting(current) : current };
    }
    const moved = await this.apply(ref, {
      action: next,
      actor: input.actor,
      party: input.party,
      comment: next === 'partnerRespond' ? 'Claim edited' : undefined,
      expectedVersion: saved.version,
    });
    // Submitted now, or on new slots: it competes (and may wait) there as a new claim would; a Draft never does.
    if (moved.kind === 'done' && (next === 'submit' || taken.length > 0)) return { kind: 'done', claim: await this.markCompeting(moved.claim) };
    return moved;
  }

  /**
   * Takes the claim's slots again (a rejected claim freed them): a dispute must not reopen a claim on something the
   * organisation has claimed anew since. Returns the claim holding a slot, if any.
   */
  async reclaimSlots(claim: Claim): Promise<ClaimSummary | undefined> {
    const taken: string[] = [];
    for (const key of slotKeys(claim)) {
      const result = await this.takeSlot({ id: claim.id, partnerTenantId: claim.partnerTenantId, fields: claim, submit: false, actor: claim.createdBy }, key);
      if (result.kind === 'taken') {
        taken.push(result.slotId);
        continue;
      }
      await this.releaseSlots(taken, claim.id);
      return result.kind === 'duplicate' ? result.existing : summary(claim);
    }
    return undefined;
  }

  /**
   * Adds a comment to the claim's thread and, in the same write, tells the other side: a partner's comment
   * refreshes the review card, a reviewer's reaches the partner.
   */
  /**
   * A reviewer sends a given-up customer e-mail again (the mailbox is back, the address was fixed on the customer's
   * side): the notice is pending again, with fresh attempts, and the history says who asked. 'nothingToResend' when
   * the e-mail has not failed (sent, on its way, or the claim moved on): nothing changed.
   */
  async resendCustomerMail(ref: ClaimRef, by: Actor): Promise<Claim | 'nothingToResend'> {
    const at = this.clock.now().toISOString();
    let resent = false;
    const saved = await this.update(ref, (c) => {
      const failed = failedCustomerMail(c);
      resent = failed !== undefined;
      if (!failed) return false;
      delete failed.failedAt;
      delete failed.leaseUntil;
      failed.attempts = 0;
      c.history.push({ at, by, action: 'resendCustomerMail', from: c.status, to: c.status });
      c.updatedAt = at;
      c.notices.push(cardsNotice(c, at, `resend:${c.history.length - 1}`));
      return true;
    });
    return resent && saved ? saved : 'nothingToResend';
  }

  async addComment(ref: ClaimRef, comment: ThreadComment): Promise<Claim | 'threadFull' | undefined> {
    let full = false;
    const updated = await this.update(ref, (claim) => {
      full = (claim.thread?.length ?? 0) >= MAX_THREAD_COMMENTS;
      if (full) return false;
      const thread = (claim.thread ??= []);
      thread.push(comment);
      const index = thread.length - 1;
      const kind = comment.side === 'partner' ? 'reviewCard' : 'partner';
      claim.notices.push({
        ...notice(kind, claim.version, claim.history.length - 1, comment.at),
        id: `${claim.version}:comment:${index}`,
        commentIndex: index,
      });
      // A reviewer's comment: the partner is told, and every copy of the cards shows it too.
      if (kind === 'partner' && (reviewed(claim) || claim.cardCopies?.length)) claim.notices.push(cardsNotice(claim, comment.at, `comment:${index}`));
      claim.updatedAt = comment.at;
      return true;
    });
    return full ? 'threadFull' : updated;
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

  /** When each notice still owed was written (any organisation), page by page: the outbox backlog (outboxBacklog.ts). */
  pendingNoticeDates(pageSize = 1000): AsyncGenerator<string[]> {
    return this.pages<string>(
      "SELECT VALUE n.createdAt FROM c JOIN n IN c.notices WHERE c.type = 'claim' AND NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt)",
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

  /**
   * Claims owing a reminder not yet written (every organisation), page by page: "Partner action required" claims
   * whose answer is due by `limit` (answerDue), Drafts unchanged since `limit` (draftIdle).
   */
  reminderCandidates(kind: ReminderKind, limit: string, pageSize = 100): AsyncGenerator<ClaimRef[]> {
    const [status, field] = kind === 'answerDue' ? ['PartnerActionRequired', 'partnerActionDeadline'] : ['Draft', 'updatedAt'];
    return this.pages<ClaimRef>(
      `SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND c.status = @status AND c.${field} <= @limit ` +
        `AND (NOT IS_DEFINED(c.reminded.${kind}) OR c.reminded.${kind} != c.${field})`,
      [
        { name: '@status', value: status },
        { name: '@limit', value: limit },
      ],
      pageSize,
    );
  }

  /**
   * Claims stored before `reviewQueuedAt` existed, waiting for a reviewer: given it from their history, so the
   * queue orders and lists them. Idempotent (each write is ETag-conditional and sets what the history says); run at
   * start, it finds nothing once done. Returns how many it set.
   */
  async backfillReviewQueuedAt(): Promise<number> {
    let set = 0;
    const missing = this.pages<ClaimRef>(
      "SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND (c.status = 'Submitted' OR c.status = 'UnderReview') AND NOT IS_DEFINED(c.reviewQueuedAt)",
      [],
      100,
    );
    for await (const page of missing) {
      for (const ref of page) {
        let changed = false;
        await this.update(ref, (c) => {
          const since = c.reviewQueuedAt ? undefined : reviewSince(c);
          if (since) c.reviewQueuedAt = since;
          changed = since !== undefined;
          return changed;
        });
        if (changed) set += 1;
      }
    }
    return set;
  }

  /** Notices not yet delivered nor given up (every organisation), and the oldest one's creation: the outbox's backlog. */
  async outboxBacklog(): Promise<Backlog> {
    const from = "FROM c JOIN n IN c.notices WHERE c.type = 'claim' AND NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt)";
    return {
      count: (await this.aggregate<number>(`SELECT VALUE COUNT(1) ${from}`)) ?? 0,
      oldest: await this.aggregate<string>(`SELECT VALUE MIN(n.createdAt) ${from}`),
    };
  }

  /** Claims waiting for a reviewer (every organisation), and since when the longest has waited. */
  async reviewBacklog(): Promise<Backlog> {
    const from = "FROM c WHERE c.type = 'claim' AND (c.status = 'Submitted' OR c.status = 'UnderReview')";
    return {
      count: (await this.aggregate<number>(`SELECT VALUE COUNT(1) ${from}`)) ?? 0,
      oldest: await this.aggregate<string>(`SELECT VALUE MIN(c.reviewQueuedAt) ${from}`),
    };
  }

  /**
   * The earliest deadline at or before `now` still waiting for the scheduler: an opt-out window over (the customer
   * told) not yet Official, a partner's answer overdue not yet expired. Undefined when the scheduler is up to date.
   */
  async oldestOverdueTimer(now: string): Promise<string | undefined> {
    const due = await Promise.all([
      this.aggregate<string>(
        "SELECT VALUE MIN(c.optOutDeadline) FROM c WHERE c.type = 'claim' AND c.status = 'Approved' AND IS_DEFINED(c.customerNotifiedAt) AND c.optOutDeadline <= @now",
        now,
      ),
      this.aggregate<string>(
        "SELECT VALUE MIN(c.partnerActionDeadline) FROM c WHERE c.type = 'claim' AND c.status = 'PartnerActionRequired' AND c.partnerActionDeadline <= @now",
        now,
      ),
    ]);
    return due.filter((d): d is string => typeof d === 'string').sort()[0];
  }

  /** A cross-partition aggregate's value (undefined over no documents). */
  private async aggregate<T>(query: string, now?: string): Promise<T | undefined> {
    const { resources } = await this.container.items.query<T>({ query, parameters: now === undefined ? [] : [{ name: '@now', value: now }] }).fetchAll();
    return resources[0] ?? undefined;
  }

  /** Claims in any of `statuses` (every organisation), page by page: the daily digest never holds more than a page. */
  inStatuses(statuses: readonly ClaimStatus[], pageSize = 100): AsyncGenerator<Claim[]> {
    const names = statuses.map((_, i) => `@status${i}`);
    return this.pages<Claim>(
      `SELECT * FROM c WHERE c.type = 'claim' AND (${names.map((n) => `c.status = ${n}`).join(' OR ')})`,
      statuses.map((value, i) => ({ name: names[i], value })),
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

  /**
   * Submitted open claims of other organisations sharing a live workload / subscription (+ activity) of this claim
   * on the same customer tenant. Drafts never compete: a Draft has none, and is none.
   */
  async competitorsOf(claim: CompetitionView): Promise<Claim[]> {
    if (claim.status === 'Draft') return [];
    const { resources } = await this.container.items
      .query<Claim>({
        query: "SELECT * FROM c WHERE c.type = 'claim' AND c.customerTenantId = @tenant AND c.partnerTenantId != @partner",
        parameters: [
          { name: '@tenant', value: claim.customerTenantId },
          { name: '@partner', value: claim.partnerTenantId },
        ],
      })
      .fetchAll();
    // A claim that went (its approval declined, withdrawn) still meets the claims it held: they resume.
    return resources.filter((other) => mayCompete(other.status) && sharedSlots(claim, other).length > 0);
  }

  /**
   * Takes a slot's arbiter for `claim`: 'alreadyHeld' (nothing written), the arbiter this call wrote, 'busy' (its
   * holder is being approved right now, or its approval is settling: under review or approved, taken within the
   * grace period), or, when `overrideApproved` is false (the scheduler), 'lost' to an Approved or Official holder.
   * A reviewer's approval overrides an official association (it ends when this one is official) but never another
   * organisation's approval in its window ('held': the claim waits); a holder that was rejected, is gone, or whose
   * approval died long ago is replaced.
   */
  private async takeArbiter(claim: Claim, key: string, opts = { overrideApproved: true }): Promise<Arbiter | 'alreadyHeld' | 'busy' | 'lost' | 'held'> {
    const id = arbiterId(claim.customerTenantId, key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now();
      const { resource: held } = await this.slots.item(id, id).read<Arbiter>();
      if (!held) {
        const created = await this.createArbiter(claim, key);
        if (created) return created;
        continue;
      }
      if (held.claimId === claim.id) return 'alreadyHeld';
      const holder = await this.get(held.partnerTenantId, held.claimId);
      const approved = holder?.status === 'Approved' || holder?.status === 'Official';
      const settling = holder && holder.status !== 'Rejected' && holder.status !== 'Official';
      if (settling && now.getTime() - Date.parse(held.since) < ARBITER_GRACE_MS) return 'busy';
      if (approved && !opts.overrideApproved) return 'lost';
      // Another approval in its window is never overridden: this claim waits behind it (on hold).
      if (holder && holdsSlots(holder.status)) return 'held';
      const next: Arbiter = {
        id,
        type: 'arbiter',
        claimId: claim.id,
        partnerTenantId: claim.partnerTenantId,
        since: now.toISOString(),
        previous: { claimId: held.claimId, partnerTenantId: held.partnerTenantId, since: held.since },
      };
      try {
        const { resource } = await this.slots.item(id, id).replace<Arbiter>(next, { accessCondition: { type: 'IfMatch', condition: held._etag ?? '' } });
        return resource as Arbiter;
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return 'busy';
  }

  private async createArbiter(claim: Claim, key: string): Promise<Arbiter | undefined> {
    const id = arbiterId(claim.customerTenantId, key);
    const arbiter: Arbiter = { id, type: 'arbiter', claimId: claim.id, partnerTenantId: claim.partnerTenantId, since: this.clock.now().toISOString() };
    try {
      const { resource } = await this.slots.items.create<Arbiter>(arbiter);
      return resource;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      return undefined;
    }
  }

  /**
   * An approval that did not go through gives back the arbiters it wrote (to their previous holders, or frees
   * them), unless someone wrote them since or the claim was approved all the same (a double click's other half).
   */
  private async giveBackArbiters(taken: Arbiter[], claim: Claim): Promise<void> {
    if (taken.length === 0) return;
    const now = await this.get(claim.partnerTenantId, claim.id);
    if (now?.status === 'Approved' || now?.status === 'Official') return;
    for (const mine of taken) {
      try {
        const condition = { accessCondition: { type: 'IfMatch', condition: mine._etag ?? '' } };
        if (mine.previous) await this.slots.item(mine.id, mine.id).replace<Arbiter>({ id: mine.id, type: 'arbiter', ...mine.previous }, condition);
        else await this.slots.item(mine.id, mine.id).delete(condition);
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
  }

  private async takeSlot(
    input: NewClaim,
    key: string,
  ): Promise<{ kind: 'taken'; slotId: string } | { kind: 'duplicate'; existing: ClaimSummary } | { kind: 'inProgress' }> {
    const slot: Slot = {
      id: slotId(input.partnerTenantId, input.fields.customerTenantId, key),
      type: 'slot',
      partnerTenantId: input.partnerTenantId,
      claimId: input.id,
      createdAt: this.clock.now().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.slots.items.create(slot);
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      const { resource: held } = await this.slots.item(slot.id, slot.id).read<Slot>();
      if (!held) continue; // released in between: try again
      if (held.claimId === input.id) return { kind: 'taken', slotId: slot.id };
      const holder = await this.get(input.partnerTenantId, held.claimId);
      if (holder && OPEN_STATUSES.includes(holder.status)) return { kind: 'duplicate', existing: summary(holder) };
      if (!holder && this.clock.now().getTime() - Date.parse(held.createdAt) < SLOT_GRACE_MS) return { kind: 'inProgress' };
      // The holder was rejected, or its creation died long ago: take the slot over, unless someone else just did.
      try {
        await this.slots.item(slot.id, slot.id).replace(slot, { accessCondition: { type: 'IfMatch', condition: held._etag ?? '' } });
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return { kind: 'inProgress' };
  }

  private async releaseSlots(slotIds: string[], claimId: string): Promise<void> {
    for (const id of slotIds) {
      const { resource } = await this.slots.item(id, id).read<Slot>();
      if (resource?.claimId !== claimId) continue;
      try {
        await this.slots.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
  }
}
