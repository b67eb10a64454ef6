// Applying a life-cycle action (docs/domain.md, "Life cycle" and "Conflicts"): the checks it must pass, what it
// changes (status, deadlines, flags), the history entry it writes and the notices it owes. The store only persists
// what `applyAction` returns (ETag-conditional); handlers and cards only call it and render, and every button on
// every card comes from `allowedActions`. The table it reads is lifecycle.ts; the rules of one subject each live
// beside it (policy, notices, windows, undo, edit, thread) and are re-exported here for the callers.
import { addBusinessDays } from '../businessDays';
import {
  heldSlots,
  INFO_REASONS,
  REVIEWER_REJECTION_REASONS,
  withProof,
  type Actor,
  type Claim,
  type HistoryEntry,
  type Notice,
  type ProofOfExecution,
} from './claim';
import { contactNeedsReview } from './consent';
import { AWAITING_REVIEW, CLAIM_ACTIONS, mayKeepState, RULES, type ClaimAction, type ClaimOperation, type Refusal } from './lifecycle';
import { hasCards, notice, prunedNotices } from './notices';
import { SYSTEM_REASONS, type DomainPolicy, type Party } from './policy';
import { undoCheck, undoFor } from './undo';
import { LIMITS } from './validation';
import { disputeCheck, optOutDeadline } from './windows';

export * from './edit';
export * from './lifecycle';
export * from './notices';
export * from './policy';
export * from './thread';
export * from './undo';
export * from './windows';

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
