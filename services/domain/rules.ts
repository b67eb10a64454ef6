// Every CPOR life-cycle rule in one pure table (docs/domain.md, "Life cycle" and "Conflicts"): who may
// take which action in which state, what it changes (status, deadlines, flags), which history entry it writes
// and which notices it owes. The store only persists what `applyAction` returns (ETag-conditional); handlers and
// cards only call it and render, and every button on every card comes from `allowedActions`.
import { addBusinessDays, businessDaysBetween, endOfBusinessDay, endOfLocalDay, type BusinessDayOptions } from '../businessDays';
import {
  heldSlots,
  INFO_REASONS,
  slotKeys,
  REVIEWER_REJECTION_REASONS,
  type Actor,
  type Claim,
  type ClaimFields,
  type ClaimStatus,
  type HistoryEntry,
  type Notice,
  type PendingUndo,
  type ProofOfExecution,
  withProof,
} from './claim';
import { contactNeedsReview, type ContactCheck } from './consent';
import { LIMITS } from './validation';

/** Actions that move a claim from one state to another. */
export type ClaimAction =
  | 'submit'
  | 'startReview'
  | 'approve'
  | 'reject'
  | 'requestInfo'
  | 'partnerRespond'
  | 'expirePartnerAction'
  | 'customerDecline'
  | 'makeOfficial'
  | 'withdraw'
  | 'dispute'
  | 'rejectCompeting'
  | 'supersede';

/** What a person (or the bot) may do with a claim: the transitions, the two acts that keep its state, and Undo. */
export type ClaimOperation = ClaimAction | 'edit' | 'comment' | 'undo';

/** The capacity someone acts in. Partner roles are Partner Center's; the system is the bot's own timers. */
export type Party = 'incentivesAdmin' | 'incentivesUser' | 'reviewer' | 'customer' | 'system';

export const PARTNER_PARTIES: readonly Party[] = ['incentivesAdmin', 'incentivesUser'];

/** The windows of the life cycle, from configuration. */
export interface DomainPolicy {
  /**
   * Business days the customer has to opt out after approval (and after the e-mail, if it left later): until the
   * end of the last one in the calendar's time zone (0: the approval instant).
   */
  optOutBusinessDays: number;
  /** Business days a partner has to answer a request for information. */
  partnerResponseBusinessDays: number;
  /**
   * Calendar days after a rejection in which it may be disputed: until the end of day N in the calendar's time zone
   * (the rejection's own date is day 0), day N + 1 out.
   */
  disputeDays: number;
  /** Business days a claim may wait for a reviewer before it is flagged overdue. */
  reviewBusinessDays: number;
  /** Time zone and public holidays business days are counted in. */
  calendar: BusinessDayOptions;
  /** Seconds an approval or a withdrawal may be undone before what it owes outside the bot leaves (0: no Undo). */
  undoSeconds: number;
}

export const DEFAULT_POLICY: DomainPolicy = {
  undoSeconds: 0,
  optOutBusinessDays: 5,
  partnerResponseBusinessDays: 5,
  disputeDays: 30,
  reviewBusinessDays: 5,
  calendar: { timeZone: 'UTC' },
};

/** Who the bot's own acts (timers, settlements) are recorded as. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'CPOR Assistant' };

/** Reasons the system writes (verbatim in history and notices; the other partner is never named). */
export const SYSTEM_REASONS = {
  noResponse: 'No partner response',
  customerDeclined: 'Customer declined',
  partnerRequest: 'Partner request',
  competing: "Competing claim: another partner's claim became official",
  superseded: "Superseded by another partner's association",
  held: "On hold: another partner's claim on the same workload was approved",
} as const;

interface Rule {
  from: readonly ClaimStatus[];
  to: ClaimStatus;
  by: readonly Party[];
  /** The partner hears of it proactively (their own acts are confirmed where they did them). */
  tellPartner: boolean;
}

const BEFORE_OFFICIAL: readonly ClaimStatus[] = ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved'];

export const RULES: Readonly<Record<ClaimAction, Rule>> = {
  submit: { from: ['Draft'], to: 'Submitted', by: PARTNER_PARTIES, tellPartner: false },
  startReview: { from: ['Submitted'], to: 'UnderReview', by: ['reviewer'], tellPartner: true },
  approve: { from: ['UnderReview'], to: 'Approved', by: ['reviewer'], tellPartner: true },
  reject: { from: ['UnderReview'], to: 'Rejected', by: ['reviewer'], tellPartner: true },
  requestInfo: { from: ['UnderReview'], to: 'PartnerActionRequired', by: ['reviewer'], tellPartner: true },
  partnerRespond: { from: ['PartnerActionRequired'], to: 'UnderReview', by: PARTNER_PARTIES, tellPartner: false },
  expirePartnerAction: { from: ['PartnerActionRequired'], to: 'Rejected', by: ['system'], tellPartner: true },
  customerDecline: { from: ['Approved'], to: 'Rejected', by: ['customer'], tellPartner: true },
  makeOfficial: { from: ['Approved'], to: 'Official', by: ['system'], tellPartner: true },
  withdraw: { from: [...BEFORE_OFFICIAL, 'Official'], to: 'Rejected', by: ['incentivesAdmin'], tellPartner: false },
  dispute: { from: ['Rejected'], to: 'UnderReview', by: ['incentivesAdmin'], tellPartner: false },
  // Another organisation's claim on the same slot was approved (or holds the slot when this one's window ends).
  rejectCompeting: { from: BEFORE_OFFICIAL, to: 'Rejected', by: ['system'], tellPartner: true },
  // Another organisation's association on the same slot became official.
  supersede: { from: ['Official'], to: 'Rejected', by: ['system'], tellPartner: true },
};

export const CLAIM_ACTIONS = Object.keys(RULES) as ClaimAction[];

/**
 * The acts that keep the state: editing and the comments thread. Partner Center lets a claim be edited while it is
 * Submitted (no reviewer has opened it yet) as well as when the reviewer asked for more (docs/domain.md).
 */
const KEEPING_STATE: Readonly<Record<'edit' | 'comment', { in: readonly ClaimStatus[]; by: readonly Party[] }>> = {
  edit: { in: ['Draft', 'Submitted', 'PartnerActionRequired'], by: ['incentivesAdmin'] },
  comment: { in: ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Official', 'Rejected'], by: [...PARTNER_PARTIES, 'reviewer'] },
};

export type DisputeRefusal = 'notRejected' | 'withdrawn' | 'declinedByCustomer' | 'alreadyDisputed' | 'tooLate';

export type Refusal =
  /** This party may never take this action. */
  | { kind: 'forbidden' }
  /** Not in the claim's current state. */
  | { kind: 'notAllowed'; status: ClaimStatus }
  /** The actor saw another version (someone acted first). */
  | { kind: 'stale' }
  | { kind: 'reasonRequired' }
  | { kind: 'commentRequired' }
  | { kind: 'disputeRefused'; why: DisputeRefusal }
  /** A timer action before its deadline. */
  | { kind: 'notDue' }
  /** The customer has not been told yet: the opt-out window cannot have passed. */
  | { kind: 'customerNotNotified' }
  /** The customer's opt-out window has closed. */
  | { kind: 'windowClosed' }
  /** Approving: a workload of the claim is on hold behind another organisation's approval. */
  | { kind: 'onHold' }
  /** Approving a claim whose customer contact could not be verified, without the reviewer saying they checked it. */
  | { kind: 'contactNotChecked' };

export interface ActionInput {
  action: ClaimAction;
  actor: Actor;
  party: Party;
  at: Date;
  /** The version the actor saw (from the card); another current version means someone acted first. */
  expectedVersion?: number;
  reason?: string;
  comment?: string;
  /** A dispute, or an answer to a request for information, may bring a new proof of execution. */
  poe?: ProofOfExecution;
  /** Approve: the reviewer ticked "I checked the customer contact" (required when it could not be verified). */
  contactChecked?: boolean;
}

export type Outcome = { ok: true; claim: Claim; entry: HistoryEntry } | { ok: false; refusal: Refusal };

const REASONS: Partial<Record<ClaimAction, readonly string[]>> = {
  reject: REVIEWER_REJECTION_REASONS,
  requestInfo: INFO_REASONS,
};

/** The reason an action records when its actor does not choose one. */
const FIXED_REASONS: Partial<Record<ClaimAction, string>> = {
  expirePartnerAction: SYSTEM_REASONS.noResponse,
  customerDecline: SYSTEM_REASONS.customerDeclined,
  withdraw: SYSTEM_REASONS.partnerRequest,
  rejectCompeting: SYSTEM_REASONS.competing,
  supersede: SYSTEM_REASONS.superseded,
};

/** People explain these in a comment (a reviewer's decision, the partner's answer, withdrawal, dispute). */
const COMMENT_REQUIRED: readonly ClaimAction[] = ['reject', 'requestInfo', 'partnerRespond', 'withdraw', 'dispute'];

export function notice(kind: Notice['kind'], version: number, historyIndex: number, at: string): Notice {
  return { id: `${version}:${kind}`, kind, version, historyIndex, createdAt: at, attempts: 0 };
}

/**
 * Comments a claim's thread holds at most: the thread lives in the claim document, whose size Cosmos caps (2 MB), so
 * it is bounded too (200 × at most 2,000 characters stays far below).
 */
export const MAX_THREAD_COMMENTS = 200;

/** Delivered notices kept for the record; older ones are pruned so a claim document stays bounded. */
export const DELIVERED_NOTICES_KEPT = 10;

/** The outbox without the oldest delivered notices (pending and failed ones always stay). */
export function prunedNotices(notices: readonly Notice[]): Notice[] {
  const delivered = notices.filter((n) => n.deliveredAt);
  const drop = new Set(delivered.slice(0, Math.max(0, delivered.length - DELIVERED_NOTICES_KEPT)));
  return notices.filter((n) => !drop.has(n));
}

/** A claim was ever put in front of a reviewer (a Draft withdrawn before submission has no review card). */
export const reviewed = (claim: Pick<Claim, 'history'>) => claim.history.some((h) => h.to === 'Submitted');

/** Its cards are somewhere to keep current: posted for reviewers, or opened from a list. */
export const hasCards = (claim: Claim) => reviewed(claim) || (claim.cardCopies?.length ?? 0) > 0;

/** The actions that wait for an Undo grace before they take effect outside the bot. */
const UNDOABLE: readonly ClaimAction[] = ['approve', 'withdraw'];

/** The notice that refreshes the claim's cards (posted and opened copies) for its current version. */
export const cardsNotice = (claim: Claim, at: string, because = ''): Notice => ({
  ...notice('reviewCard', claim.version, claim.history.length - 1, at),
  id: `${claim.version}:reviewCard${because ? `:${because}` : ''}`,
});

/** What the rules about rejections read of a claim: its status and when and how it got there. */
type RejectionView = { status: ClaimStatus; history: readonly Pick<HistoryEntry, 'action' | 'to' | 'at'>[] };

/** The windows' rules read the calendar's time zone besides their lengths. */
type DisputePolicy = Pick<DomainPolicy, 'disputeDays' | 'calendar'>;

/**
 * The last instant a rejection made at `rejectedAt` may be disputed: the end of day `disputeDays` in the
 * calendar's time zone, as a person counts "within 30 days" (a rejection on 1 March may be disputed all of 31 March).
 */
export function disputeDeadline(rejectedAt: Date, policy: DisputePolicy): Date {
  return endOfLocalDay(rejectedAt, policy.disputeDays, policy.calendar.timeZone);
}

/** The end of the customer's opt-out window for an e-mail that leaves (or an approval made) at `from`. */
export function optOutDeadline(from: Date, policy: Pick<DomainPolicy, 'optOutBusinessDays' | 'calendar'>): Date {
  return endOfBusinessDay(from, policy.optOutBusinessDays, policy.calendar);
}

/** Whether a rejection may be disputed at `at`: once, within `disputeDays`, not after a withdrawal or a customer decline. */
export function disputeCheck(claim: RejectionView, at: Date, policy: DisputePolicy): { ok: true } | { ok: false; why: DisputeRefusal } {
  if (claim.status !== 'Rejected') return { ok: false, why: 'notRejected' };
  const rejection = [...claim.history].reverse().find((h) => h.to === 'Rejected');
  if (!rejection || rejection.action === 'withdraw') return { ok: false, why: 'withdrawn' };
  // The customer's decision is final; re-approving would e-mail them again.
  if (rejection.action === 'customerDecline') return { ok: false, why: 'declinedByCustomer' };
  if (claim.history.some((h) => h.action === 'dispute')) return { ok: false, why: 'alreadyDisputed' };
  if (at.getTime() > disputeDeadline(new Date(rejection.at), policy).getTime()) return { ok: false, why: 'tooLate' };
  return { ok: true };
}

/**
 * Until when the rejection that history entry `index` reports may be disputed, or undefined when it may not be
 * (not a rejection, a withdrawal, the customer's decline, a rejection after a dispute): what its notice says.
 */
export function disputableUntil(claim: Pick<Claim, 'history'>, index: number, policy: DisputePolicy): Date | undefined {
  const history = claim.history.slice(0, index + 1);
  const entry = history.at(-1);
  if (entry?.to !== 'Rejected') return undefined;
  const rejectedAt = new Date(entry.at);
  return disputeCheck({ status: 'Rejected', history }, rejectedAt, policy).ok ? disputeDeadline(rejectedAt, policy) : undefined;
}

/** Rejected with no way back (withdrawn, declined by the customer, disputed already, or the window has passed). */
export function isFinal(claim: RejectionView, at: Date, policy: DisputePolicy): boolean {
  return claim.status === 'Rejected' && !disputeCheck(claim, at, policy).ok;
}

/**
 * The checks an action must pass on this claim, in this order: party, state, version, timers, inputs. The first
 * failing one is the refusal.
 */
function refusalOf(claim: Claim, input: ActionInput, policy: DomainPolicy): Refusal | undefined {
  const rule = RULES[input.action];
  if (!rule.by.includes(input.party)) return { kind: 'forbidden' };
  if (input.expectedVersion !== undefined && claim.version !== input.expectedVersion) return { kind: 'stale' };
  if (!rule.from.includes(claim.status)) return { kind: 'notAllowed', status: claim.status };
  const at = input.at.getTime();
  switch (input.action) {
    case 'expirePartnerAction':
      if (!claim.partnerActionDeadline || Date.parse(claim.partnerActionDeadline) > at) return { kind: 'notDue' };
      break;
    case 'customerDecline':
      // The window closes at its deadline, whatever a page or a late request says.
      if (claim.optOutDeadline && Date.parse(claim.optOutDeadline) <= at) return { kind: 'windowClosed' };
      break;
    case 'makeOfficial':
      if (!claim.customerNotifiedAt) return { kind: 'customerNotNotified' };
      if (!claim.optOutDeadline || Date.parse(claim.optOutDeadline) > at) return { kind: 'notDue' };
      break;
    case 'dispute': {
      const check = disputeCheck(claim, input.at, policy);
      if (!check.ok) return { kind: 'disputeRefused', why: check.why };
      break;
    }
    case 'approve':
      // The workload waits for the other organisation's approval to become official (lost) or go (resumed).
      if (heldSlots(claim).length > 0) return { kind: 'onHold' };
      // The customer's consent is only as good as the address it goes to.
      if (contactNeedsReview(claim) && input.contactChecked !== true) return { kind: 'contactNotChecked' };
      break;
  }
  const allowed = REASONS[input.action];
  if (allowed && !(input.reason && allowed.includes(input.reason))) return { kind: 'reasonRequired' };
  if (COMMENT_REQUIRED.includes(input.action)) {
    const comment = input.comment?.trim() ?? '';
    if (!comment || comment.length > LIMITS.comments) return { kind: 'commentRequired' };
  }
  return undefined;
}

/** What an action sets besides the status: reviewer, deadlines, proof of execution. */
function effects(claim: Claim, input: ActionInput, policy: DomainPolicy): Partial<Claim> {
  const deadline = (days: number) => addBusinessDays(input.at, days, policy.calendar).toISOString();
  switch (input.action) {
    case 'startReview':
      return { reviewer: input.actor };
    case 'requestInfo':
      return { partnerActionDeadline: deadline(policy.partnerResponseBusinessDays) };
    case 'partnerRespond':
      // An answer may bring a new proof of execution (a dated, signed SOW was asked for).
      return { partnerActionDeadline: undefined, ...(input.poe ? withProof(claim, input.poe) : {}) };
    case 'approve':
      // Fixed at approval and stored: the window does not move if the calendar settings change later. It starts
      // again from the e-mail if the e-mail leaves late (see customerNotified).
      return { optOutDeadline: optOutDeadline(input.at, policy).toISOString(), customerNotifiedAt: undefined };
    case 'dispute':
      // Reopened in full: what its workloads lost is weighed again beside the claims there now.
      return { slotOutcomes: undefined, ...(input.poe ? withProof(claim, input.poe) : {}) };
    default:
      return {};
  }
}

/**
 * Applies an action to a claim: the new claim (status, version, history entry, notices owed, deadlines) or the
 * reason it is refused. Pure: the caller persists the result with an ETag condition on the claim it passed in.
 */
export function applyAction(claim: Claim, input: ActionInput, policy: DomainPolicy): Outcome {
  const refusal = refusalOf(claim, input, policy);
  if (refusal) return { ok: false, refusal };
  const rule = RULES[input.action];
  const at = input.at.toISOString();
  const version = claim.version + 1;
  const entry: HistoryEntry = { at, by: input.actor, action: input.action, from: claim.status, to: rule.to };
  const reason = FIXED_REASONS[input.action] ?? input.reason;
  if (reason) entry.reason = reason;
  const comment = input.comment?.trim();
  if (comment) entry.comment = comment;
  const index = claim.history.length;
  const notices = prunedNotices(claim.notices);
  if (rule.to === 'Submitted' || hasCards(claim)) notices.push(notice('reviewCard', version, index, at));
  const owed: Notice[] = [];
  if (rule.tellPartner) owed.push(notice('partner', version, index, at));
  if (input.action === 'approve') owed.push(notice('customer', version, index, at));
  // Approving a competing claim puts other organisations' claims on its slots on hold, becoming official takes those
  // workloads from them, and an approval that goes (declined, withdrawn, rejected) gives them back.
  const leavesApproval = claim.status === 'Approved' && rule.to === 'Rejected';
  if (claim.competing && (input.action === 'approve' || input.action === 'makeOfficial' || leavesApproval))
    owed.push(notice('competitors', version, index, at));
  const undo = undoFor(claim, input, version, policy);
  if (undo) {
    // Nothing leaves the bot before the grace ends; the cards then lose their Undo button.
    for (const n of owed) n.notBefore = undo.until;
    if (hasCards(claim)) owed.push({ ...notice('reviewCard', version, index, at), id: `${version}:reviewCard:undoEnd`, notBefore: undo.until });
  }
  notices.push(...owed);
  const updated: Claim = {
    ...claim,
    ...effects(claim, input, policy),
    status: rule.to,
    version,
    updatedAt: at,
    history: [...claim.history, entry],
    notices,
  };
  // Stored (not derived from the history on read) so the review queue can order by it in the database.
  if (!AWAITING_REVIEW.includes(rule.to)) delete updated.reviewQueuedAt;
  else if (!AWAITING_REVIEW.includes(claim.status)) updated.reviewQueuedAt = at;
  if (undo) {
    updated.undo = undo;
    // The customer e-mail leaves when the grace ends: the window counts from then, so the partner's message, the
    // e-mail and the cards all state the same deadline.
    if (input.action === 'approve') updated.optOutDeadline = optOutDeadline(new Date(undo.until), policy).toISOString();
  } else delete updated.undo;
  // A rejected claim waits for nothing: what it lost stays on record, its holds end with it.
  if (rule.to === 'Rejected' && updated.slotOutcomes) {
    const kept = Object.entries(updated.slotOutcomes).filter(([, outcome]) => outcome.result !== 'held');
    updated.slotOutcomes = kept.length > 0 ? Object.fromEntries(kept) : undefined;
  }
  for (const key of ['partnerActionDeadline', 'customerNotifiedAt', 'reviewer', 'slotOutcomes'] as const) if (updated[key] === undefined) delete updated[key];
  return { ok: true, claim: updated, entry };
}

/** The Undo an approval or a withdrawal offers (none when the grace is 0): what it changed, and until when. */
function undoFor(claim: Claim, input: ActionInput, version: number, policy: DomainPolicy): PendingUndo | undefined {
  if (!UNDOABLE.includes(input.action) || policy.undoSeconds <= 0) return undefined;
  const { status, reviewQueuedAt, optOutDeadline, customerNotifiedAt, partnerActionDeadline, reviewer, slotOutcomes } = claim;
  const previous: PendingUndo['previous'] = { status, reviewQueuedAt, optOutDeadline, customerNotifiedAt, partnerActionDeadline, reviewer, slotOutcomes };
  for (const key of Object.keys(previous) as (keyof typeof previous)[]) if (previous[key] === undefined) delete previous[key];
  return {
    action: input.action as PendingUndo['action'],
    until: new Date(input.at.getTime() + policy.undoSeconds * 1000).toISOString(),
    version,
    previous,
  };
}

/** slotTaken: a withdrawn approval cannot come back, another organisation's approval holds one of its workloads now. */
export type UndoRefusal = 'nothingToUndo' | 'tooLate' | 'forbidden' | 'slotTaken';

/** Whether `party` may undo the claim's last action at `at`: within the grace, by whoever may take that action. */
export function undoCheck(claim: Claim, party: Party, at: Date): { ok: true; undo: PendingUndo } | { ok: false; why: UndoRefusal } {
  const undo = claim.undo;
  if (!undo || undo.version !== claim.version) return { ok: false, why: 'nothingToUndo' };
  if (!RULES[undo.action].by.includes(party)) return { ok: false, why: 'forbidden' };
  if (Date.parse(undo.until) <= at.getTime()) return { ok: false, why: 'tooLate' };
  return { ok: true, undo };
}

/**
 * Undoes an approval or a withdrawal within its grace: the previous status and what the action changed come back,
 * its notices still waiting are dropped (the customer is never e-mailed, the partner never told), and the history
 * says who undid what. A new version: cards showing the undone state are out of date. Pure.
 */
export function applyUndo(claim: Claim, actor: Actor, party: Party, at: Date): { ok: true; claim: Claim } | { ok: false; why: UndoRefusal } {
  const check = undoCheck(claim, party, at);
  if (!check.ok) return check;
  const { undo } = check;
  const when = at.toISOString();
  const version = claim.version + 1;
  const entry: HistoryEntry = { at: when, by: actor, action: 'undo', from: claim.status, to: undo.previous.status };
  const updated: Claim = {
    ...claim,
    ...undo.previous,
    version,
    updatedAt: when,
    history: [...claim.history, entry],
    notices: claim.notices.filter((n) => n.deliveredAt || n.version !== undo.version),
  };
  for (const key of ['reviewQueuedAt', 'optOutDeadline', 'customerNotifiedAt', 'partnerActionDeadline', 'reviewer', 'slotOutcomes'] as const) {
    if (undo.previous[key] === undefined) delete updated[key];
  }
  delete updated.undo;
  if (hasCards(updated)) updated.notices.push(cardsNotice(updated, when));
  // An approval undone holds nothing any more: claims a reviewer's click put on hold behind it in the grace resume.
  if (undo.action === 'approve' && claim.competing) updated.notices.push(notice('competitors', version, claim.history.length, when));
  return { ok: true, claim: updated };
}

/**
 * The customer's e-mail has left at `at`: recorded on the claim, and if it left later than the approval, the
 * opt-out window counts from the e-mail (the customer always gets the full window). Pure.
 */
export function customerNotified(claim: Claim, at: Date, policy: DomainPolicy): Claim {
  if (claim.customerNotifiedAt || claim.status !== 'Approved') return claim;
  const fromMail = optOutDeadline(at, policy);
  const deadline = claim.optOutDeadline && Date.parse(claim.optOutDeadline) >= fromMail.getTime() ? claim.optOutDeadline : fromMail.toISOString();
  const told: Claim = { ...claim, customerNotifiedAt: at.toISOString(), optOutDeadline: deadline, updatedAt: at.toISOString() };
  // Every copy of its card said "not sent yet": they are brought up to date.
  return { ...told, notices: [...claim.notices, cardsNotice(told, told.updatedAt, 'mailed')] };
}

/**
 * What `party` may do with the claim at `at`: the transitions the table allows from its state (timers and the
 * customer's opt-out are not buttons), edit and comment. Every card's buttons come from here.
 */
export function allowedActions(claim: Claim, party: Party, at: Date, policy: DomainPolicy): ClaimOperation[] {
  const actions: ClaimOperation[] = CLAIM_ACTIONS.filter((action) => {
    const rule = RULES[action];
    if (!rule.by.includes(party) || !rule.from.includes(claim.status)) return false;
    if (action === 'dispute') return disputeCheck(claim, at, policy).ok;
    if (action === 'approve') return heldSlots(claim).length === 0;
    // A Draft is submitted through Edit (that is where its proof of execution is added).
    return action !== 'submit';
  });
  for (const op of ['edit', 'comment'] as const) if (mayKeepState(claim, op, party)) actions.push(op);
  if (undoCheck(claim, party, at).ok) actions.push('undo');
  return actions;
}

/** An edit as the partner saves it: the claim's fields, and a proof of execution (a new one goes beside the others). */
export interface EditInput {
  fields: ClaimFields;
  poe?: ProofOfExecution;
  /** The customer contact's check as the edit found it (consent.ts judgeEditedContact); absent: the claim's own. */
  contactCheck?: ContactCheck;
  actor: Actor;
  party: Party;
  at: Date;
  /** The version the edit was opened at: someone acted since, and the edit is refused as stale. */
  expectedVersion: number;
}

/** Why an edit may not be saved now (the first failing check), or undefined. */
export function editRefusal(claim: Claim, input: Pick<EditInput, 'party' | 'expectedVersion'>): Refusal | undefined {
  if (!KEEPING_STATE.edit.by.includes(input.party)) return { kind: 'forbidden' };
  if (claim.version !== input.expectedVersion) return { kind: 'stale' };
  if (!KEEPING_STATE.edit.in.includes(claim.status)) return { kind: 'notAllowed', status: claim.status };
  return undefined;
}

/**
 * An edit saved, in the state it was made in: the new fields, a new proof of execution beside the earlier ones, the
 * history entry, and a new version, so a card showing the old fields is known to be out of date; the cards posted
 * or opened are refreshed (a Submitted claim's review card shows what the partner changed). Pure.
 */
/** The claim's per-workload outcomes that still apply after an edit to `fields`; undefined when none do. */
function outcomesKept(claim: Claim, fields: EditInput['fields']): Claim['slotOutcomes'] {
  if (!claim.slotOutcomes || fields.customerTenantId !== claim.customerTenantId) return undefined;
  const keys = new Set(slotKeys(fields));
  const kept = Object.entries(claim.slotOutcomes).filter(([key]) => keys.has(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

export function applyEdit(claim: Claim, input: EditInput): { ok: true; claim: Claim } | { ok: false; refusal: Refusal } {
  const refusal = editRefusal(claim, input);
  if (refusal) return { ok: false, refusal };
  const at = input.at.toISOString();
  const edited: Claim = {
    ...claim,
    ...input.fields,
    ...(input.poe ? withProof(claim, input.poe) : {}),
    ...(input.contactCheck ? { contactCheck: input.contactCheck } : {}),
    version: claim.version + 1,
    updatedAt: at,
    history: [...claim.history, { at, by: input.actor, action: 'edit', from: claim.status, to: claim.status }],
  };
  if (!input.fields.technicalContact) delete edited.technicalContact;
  // What became of a workload belongs to that workload on that customer: one the edit removes (or a new customer
  // tenant) takes its outcome with it, or a hold nothing would ever resume would block the approval for good.
  const outcomes = outcomesKept(claim, input.fields);
  if (outcomes) edited.slotOutcomes = outcomes;
  else delete edited.slotOutcomes;
  if (hasCards(edited)) edited.notices = [...claim.notices, cardsNotice(edited, at)];
  return { ok: true, claim: edited };
}

/** Whether `party` may take a state-keeping act (edit, comment) on the claim now; a full thread takes no comment. */
export function mayKeepState(claim: Pick<Claim, 'status' | 'thread'>, op: 'edit' | 'comment', party: Party): boolean {
  if (op === 'comment' && (claim.thread?.length ?? 0) >= MAX_THREAD_COMMENTS) return false;
  return KEEPING_STATE[op].in.includes(claim.status) && KEEPING_STATE[op].by.includes(party);
}

/** States in which the claim waits for a reviewer's decision. */
export const AWAITING_REVIEW: readonly ClaimStatus[] = ['Submitted', 'UnderReview'];

/**
 * How many business days the claim has waited for a reviewer (since it last came to reviewers: submitted,
 * answered, disputed), or undefined when it is not waiting. Overdue past `reviewBusinessDays`.
 */
export function reviewAge(claim: Pick<Claim, 'status' | 'history'>, at: Date, policy: DomainPolicy): { days: number; overdue: boolean } | undefined {
  const since = reviewSince(claim);
  if (!since) return undefined;
  const days = businessDaysBetween(new Date(since), at, policy.calendar);
  return { days, overdue: days > policy.reviewBusinessDays };
}

/** When the claim last came to reviewers (submitted, answered, disputed), from its history; undefined when not waiting. */
export function reviewSince(claim: Pick<Claim, 'status' | 'history'>): string | undefined {
  if (!AWAITING_REVIEW.includes(claim.status)) return undefined;
  let since: string | undefined;
  for (let i = claim.history.length - 1; i >= 0; i--) {
    const h = claim.history[i];
    if (!AWAITING_REVIEW.includes(h.to)) break;
    if (!h.from || !AWAITING_REVIEW.includes(h.from)) since = h.at;
  }
  return since;
}

/**
 * The customer e-mail of an Approved claim that was given up (a permanent failure, or too many attempts), and that
 * a reviewer may have sent again: its window has not started, so nothing else can make the claim official. Pure.
 */
export function failedCustomerMail(claim: Claim): Notice | undefined {
  if (claim.status !== 'Approved' || claim.customerNotifiedAt) return undefined;
  return claim.notices.find((n) => n.kind === 'customer' && n.failedAt && !n.deliveredAt);
}
