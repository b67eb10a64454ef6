// The windows that close on a claim: the customer's opt-out, the dispute of a rejection, the wait for a reviewer
// (docs/domain.md, "Life cycle"), and whether a claim came back to reviewers through a dispute.
import { businessDaysBetween, endOfBusinessDay, endOfLocalDay } from '../businessDays';
import type { Claim, ClaimStatus, HistoryEntry } from './claim';
import { AWAITING_REVIEW, type DisputeRefusal } from './lifecycle';
import { cardsNotice } from './notices';
import type { DomainPolicy } from './policy';

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

/** Back with the reviewers through a dispute: under review, and disputed once (a claim is disputed at most once). */
export const isDisputed = (claim: Pick<Claim, 'status' | 'history'>): boolean =>
  claim.status === 'UnderReview' && claim.history.some((h) => h.action === 'dispute');
