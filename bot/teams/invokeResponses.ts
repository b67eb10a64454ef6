// Answers to Universal Action invokes, and the one mapping from a refused domain action to what the clicker reads.
import type { AdaptiveCardInvokeResponse, Attachment } from 'botbuilder';
import type { TransitionResult } from '../../services/associationStore';
import { coverageOf, heldSlots, type Claim } from '../../services/domain/claim';
import { slotLabels } from '../../services/domain/competition';
import { isFinal, type DomainPolicy, type Refusal, type UndoRefusal } from '../../services/domain/rules';
import type { Strings } from '../../services/strings';

export type Response = AdaptiveCardInvokeResponse;

export function errorResponse(statusCode: number, message: string): Response {
  const code = statusCode === 412 ? 'PreconditionFailed' : statusCode === 403 ? 'Forbidden' : statusCode === 409 ? 'Conflict' : 'BadRequest';
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}

export const cardResponse = (card: Attachment): Response => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card.content as never,
});

export const messageResponse = (text: string): Response => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text as never,
});

/** The claim's status as people read it: "Rejected, final" once no dispute is possible any more. */
export function statusLabel(claim: Pick<Claim, 'status' | 'history'>, at: Date, policy: DomainPolicy, s: Strings): string {
  return isFinal(claim, at, policy) ? s.rejectedFinal : s.statuses[claim.status];
}

/** What a refused action tells the person who asked for it (nothing was changed, and why), with its HTTP status. */
export function refusalText(refusal: Refusal, claim: Claim, at: Date, policy: DomainPolicy, s: Strings): { status: number; text: string } {
  const status = statusLabel(claim, at, policy, s);
  switch (refusal.kind) {
    case 'forbidden':
      return { status: 403, text: s.errors.forbidden };
    case 'stale': {
      const last = claim.history[claim.history.length - 1];
      return { status: 412, text: s.review.errors.alreadyDecided(last.by.name, status) };
    }
    case 'reasonRequired':
      return { status: 400, text: s.review.errors.reasonRequired };
    case 'commentRequired':
      return { status: 400, text: s.review.errors.commentRequired };
    case 'disputeRefused':
      return {
        status: 400,
        text: refusal.why === 'tooLate' ? s.manage.errors.disputeTooLate(policy.disputeDays) : s.manage.errors.disputeRefused[refusal.why],
      };
    case 'onHold':
      // The claim as read may predate the hold's write (another write came first): then what it claims.
      return { status: 409, text: s.manage.errors.onHold(slotLabels(claim, heldSlots(claim)).join(', ') || coverageOf(claim)) };
    case 'contactNotChecked':
      return { status: 400, text: s.review.errors.contactNotChecked };
    case 'notAllowed':
    case 'notDue':
    case 'customerNotNotified':
    case 'windowClosed':
      return { status: 400, text: s.review.errors.notAllowed(status) };
  }
}

export function refusalResponse(refusal: Refusal, claim: Claim, at: Date, policy: DomainPolicy, s: Strings): Response {
  const { status, text } = refusalText(refusal, claim, at, policy, s);
  return errorResponse(status, text);
}

/** A transition's outcome other than done, as people read it. */
export function notDoneText(result: Exclude<TransitionResult, { kind: 'done' }>, at: Date, policy: DomainPolicy, s: Strings): { status: number; text: string } {
  switch (result.kind) {
    case 'notFound':
      return { status: 400, text: s.review.errors.unknownClaim };
    case 'busy':
      return { status: 409, text: s.manage.errors.busy };
    case 'refused':
      return refusalText(result.refusal, result.claim, at, policy, s);
  }
}

/** Why an Undo did nothing, as people read it. */
export function undoRefusalText(result: { kind: 'refused'; why: UndoRefusal } | { kind: 'notFound' }, s: Strings): string {
  if (result.kind === 'notFound') return s.review.errors.unknownClaim;
  const texts: Record<UndoRefusal, string> = {
    tooLate: s.review.errors.undoTooLate,
    forbidden: s.errors.forbidden,
    nothingToUndo: s.review.errors.nothingToUndo,
    slotTaken: s.review.errors.undoSlotTaken,
  };
  return texts[result.why];
}

export function notDoneResponse(result: Exclude<TransitionResult, { kind: 'done' }>, at: Date, policy: DomainPolicy, s: Strings): Response {
  const { status, text } = notDoneText(result, at, policy, s);
  return errorResponse(status, text);
}
