// The comments thread between the partner and the reviewers: bounded, and each comment tells the other side.
import type { Claim, ThreadComment } from './claim';
import { cardsNotice, notice, reviewed } from './notices';

/**
 * Comments a claim's thread holds at most: the thread lives in the claim document, whose size Cosmos caps (2 MB), so
 * it is bounded too (200 × at most 2,000 characters stays far below).
 */
export const MAX_THREAD_COMMENTS = 200;

/**
 * A comment added to the claim's thread, and in the same document the other side told: a partner's comment refreshes
 * the review card; a reviewer's reaches the partner, and every copy of the cards shows it too. The state and the
 * version stay (a comment is no transition). 'threadFull' once the thread holds MAX_THREAD_COMMENTS. Pure.
 */
export function applyComment(claim: Claim, comment: ThreadComment): { ok: true; claim: Claim } | { ok: false; why: 'threadFull' } {
  const thread = claim.thread ?? [];
  if (thread.length >= MAX_THREAD_COMMENTS) return { ok: false, why: 'threadFull' };
  const index = thread.length;
  const kind = comment.side === 'partner' ? 'reviewCard' : 'partner';
  const notices = [
    ...claim.notices,
    { ...notice(kind, claim.version, claim.history.length - 1, comment.at), id: `${claim.version}:comment:${index}`, commentIndex: index },
  ];
  const updated: Claim = { ...claim, thread: [...thread, comment], notices, updatedAt: comment.at };
  if (kind === 'partner' && (reviewed(claim) || claim.cardCopies?.length)) notices.push(cardsNotice(updated, comment.at, `comment:${index}`));
  return { ok: true, claim: updated };
}
