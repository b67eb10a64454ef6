// The outbox's notices (what a claim owes someone, written with the change that caused it) and the cards a claim
// keeps current: which notice a change owes, how many delivered ones are kept, and the given-up customer e-mail a
// reviewer may send again.
import { MAX_CARD_COPIES, type Actor, type CardCopy, type Claim, type Notice } from './claim';

export function notice(kind: Notice['kind'], version: number, historyIndex: number, at: string): Notice {
  return { id: `${version}:${kind}`, kind, version, historyIndex, createdAt: at, attempts: 0 };
}

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

/** The notice that refreshes the claim's cards (posted and opened copies) for its current version. */
export const cardsNotice = (claim: Claim, at: string, because = ''): Notice => ({
  ...notice('reviewCard', claim.version, claim.history.length - 1, at),
  id: `${claim.version}:reviewCard${because ? `:${because}` : ''}`,
});

/**
 * The customer e-mail of an Approved claim that was given up (a permanent failure, or too many attempts), and that
 * a reviewer may have sent again: its window has not started, so nothing else can make the claim official. Pure.
 */
export function failedCustomerMail(claim: Claim): Notice | undefined {
  if (claim.status !== 'Approved' || claim.customerNotifiedAt) return undefined;
  return claim.notices.find((n) => n.kind === 'customer' && n.failedAt && !n.deliveredAt);
}

/**
 * A reviewer sends a given-up customer e-mail again (the mailbox is back, the address was fixed on the customer's
 * side): the notice is pending again with fresh attempts, the history says who asked, and the cards are refreshed.
 * 'nothingToResend' when the e-mail has not failed (sent, on its way, or the claim moved on). Pure.
 */
export function applyResend(claim: Claim, by: Actor, at: Date): { ok: true; claim: Claim } | { ok: false; why: 'nothingToResend' } {
  const failed = failedCustomerMail(claim);
  if (!failed) return { ok: false, why: 'nothingToResend' };
  const when = at.toISOString();
  const { failedAt: _failedAt, leaseUntil: _leaseUntil, ...rest } = failed;
  const history = [...claim.history, { at: when, by, action: 'resendCustomerMail', from: claim.status, to: claim.status }];
  const resent: Claim = { ...claim, history, updatedAt: when, notices: claim.notices.map((n) => (n === failed ? { ...rest, attempts: 0 } : n)) };
  resent.notices.push(cardsNotice(resent, when, `resend:${history.length - 1}`));
  return { ok: true, claim: resent };
}

/**
 * The claim with a copy of its card (opened from a list) to update in place with the others: one per message and
 * view, the newest MAX_CARD_COPIES; the same message now showing another view (a queue card opened, then a partner's
 * detail) keeps the latest. Undefined: already known, nothing to write. Pure.
 */
export function withCardCopy(claim: Pick<Claim, 'cardCopies'>, copy: CardCopy): CardCopy[] | undefined {
  const same = (c: CardCopy) => c.activityId === copy.activityId && c.conversation.conversationId === copy.conversation.conversationId;
  const copies = claim.cardCopies ?? [];
  if (copies.some((known) => same(known) && known.view === copy.view)) return undefined;
  return [...copies.filter((known) => !same(known)), copy].slice(-MAX_CARD_COPIES);
}
