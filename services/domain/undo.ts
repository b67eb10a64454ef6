// Undo of an approval or a withdrawal within its grace (docs/domain.md, "Life cycle"): what the action offers to
// undo, who may undo it and until when, and the claim the undo gives back.
import type { Actor, Claim, HistoryEntry, PendingUndo } from './claim';
import { RULES, type ClaimAction } from './lifecycle';
import { cardsNotice, hasCards, notice } from './notices';
import type { DomainPolicy, Party } from './policy';

/** The actions that wait for an Undo grace before they take effect outside the bot. */
const UNDOABLE: readonly ClaimAction[] = ['approve', 'withdraw'];

/** The Undo an approval or a withdrawal offers (none when the grace is 0): what it changed, and until when. */
export function undoFor(claim: Claim, input: { action: ClaimAction; at: Date }, version: number, policy: DomainPolicy): PendingUndo | undefined {
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
 * What undoing the claim's last action must take back outside the claim before it is written: a withdrawal freed
 * the claim's duplicate slots (slots), and a withdrawn approval or association gave its workloads' arbiters up
 * (arbiters). An undone approval takes nothing back: it still holds what it took.
 */
export function undoTakesBack(claim: Pick<Claim, 'undo'>): { slots: boolean; arbiters: boolean } {
  const withdrawal = claim.undo?.action === 'withdraw';
  return { slots: withdrawal, arbiters: withdrawal && (claim.undo?.previous.status === 'Approved' || claim.undo?.previous.status === 'Official') };
}
