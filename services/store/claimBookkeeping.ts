// Writes that keep a claim's state: its comments thread, a given-up customer e-mail sent again, the copies of its
// cards to keep current, and the review queue's order for claims stored before it existed. What each changes is the
// domain's (services/domain/thread.ts, notices.ts, windows.ts); each is one conditional write.
import type { Actor, CardCopy, Claim, ThreadComment } from '../domain/claim';
import { applyComment, applyResend, reviewSince, withCardCopy } from '../domain/rules';
import type { ClaimDocuments } from './claimDocuments';
import type { ClaimQueries } from './claimQueries';
import type { ClaimRef } from './types';

export class ClaimBookkeeping {
  constructor(
    private readonly docs: ClaimDocuments,
    private readonly queries: ClaimQueries,
  ) {}

  /** Adds a comment to the claim's thread and, in the same write, tells the other side (thread.ts applyComment). */
  async addComment(ref: ClaimRef, comment: ThreadComment): Promise<Claim | 'threadFull' | undefined> {
    let full = false;
    const kept = await this.docs.keep(ref, (claim) => {
      const outcome = applyComment(claim, comment);
      full = !outcome.ok;
      return outcome.ok ? outcome.claim : undefined;
    });
    return full ? 'threadFull' : kept?.claim;
  }

  /**
   * A reviewer sends a given-up customer e-mail again (notices.ts applyResend). 'nothingToResend' when the e-mail
   * has not failed (sent, on its way, or the claim moved on): nothing changed.
   */
  async resendCustomerMail(ref: ClaimRef, by: Actor): Promise<Claim | 'nothingToResend'> {
    const kept = await this.docs.keep(ref, (claim, at) => {
      const outcome = applyResend(claim, by, at);
      return outcome.ok ? outcome.claim : undefined;
    });
    return kept?.written ? kept.claim : 'nothingToResend';
  }

  /** Keeps a copy of the claim's card (opened from a list) to update in place with the others (notices.ts withCardCopy). */
  /** From the claim as the click last read or wrote it (no read first; a write in between makes it read again). */
  async rememberCopy(claim: Claim, copy: CardCopy): Promise<Claim | undefined> {
    const kept = await this.docs.keep(
      claim,
      (current) => {
        const cardCopies = withCardCopy(current, copy);
        return cardCopies && { ...current, cardCopies };
      },
      { current: claim },
    );
    return kept?.claim;
  }

  /**
   * Claims stored before `reviewQueuedAt` existed, waiting for a reviewer: given it from their history, so the
   * queue orders and lists them. Idempotent (each write is ETag-conditional and sets what the history says); run at
   * start, it finds nothing once done. Returns how many it set.
   */
  async backfillReviewQueuedAt(): Promise<number> {
    let set = 0;
    const missing = this.queries.pages<ClaimRef>(
      "SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND (c.status = 'Submitted' OR c.status = 'UnderReview') AND NOT IS_DEFINED(c.reviewQueuedAt)",
      [],
      100,
    );
    for await (const page of missing) {
      for (const ref of page) {
        const kept = await this.docs.keep(ref, (claim) => {
          const since = claim.reviewQueuedAt ? undefined : reviewSince(claim);
          return since ? { ...claim, reviewQueuedAt: since } : undefined;
        });
        if (kept?.written) set += 1;
      }
    }
    return set;
  }
}
