// The claim life cycle as a table (../shared/domain/CPOR.md, "Life cycle"). Pure: the stores apply it with
// ETag-conditional writes, the cards use it to show only the actions a state allows.
import type { ClaimStatus } from './claim';

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
  | 'dispute';

const TRANSITIONS: Record<ClaimAction, { from: readonly ClaimStatus[]; to: ClaimStatus }> = {
  submit: { from: ['Draft'], to: 'Submitted' },
  startReview: { from: ['Submitted'], to: 'UnderReview' },
  approve: { from: ['UnderReview'], to: 'Approved' },
  reject: { from: ['UnderReview'], to: 'Rejected' },
  requestInfo: { from: ['UnderReview'], to: 'PartnerActionRequired' },
  partnerRespond: { from: ['PartnerActionRequired'], to: 'UnderReview' },
  expirePartnerAction: { from: ['PartnerActionRequired'], to: 'Rejected' },
  customerDecline: { from: ['Approved'], to: 'Rejected' },
  makeOfficial: { from: ['Approved'], to: 'Official' },
  withdraw: {
    from: ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Official'],
    to: 'Rejected',
  },
  dispute: { from: ['Rejected'], to: 'UnderReview' },
};

/** The state an action leads to from `status`, or undefined when the action is not allowed there. */
export function nextStatus(status: ClaimStatus, action: ClaimAction): ClaimStatus | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : undefined;
}

export function allowedActions(status: ClaimStatus): ClaimAction[] {
  return (Object.keys(TRANSITIONS) as ClaimAction[]).filter((action) => nextStatus(status, action) !== undefined);
}

/** A rejection may be disputed once, within this many days of it (domain brief). */
export const DISPUTE_WINDOW_DAYS = 30;

export type DisputeRefusal = 'notRejected' | 'withdrawn' | 'alreadyDisputed' | 'tooLate';

/**
 * Whether a claim's rejection may be disputed now: Rejected, not withdrawn by the partner, never disputed before,
 * and at most 30 days (30 × 24 h) after the rejection.
 */
export function disputeCheck(
  claim: { status: ClaimStatus; history: { action: string; to: ClaimStatus; at: string }[] },
  now: Date,
): { ok: true } | { ok: false; refusal: DisputeRefusal } {
  if (claim.status !== 'Rejected') return { ok: false, refusal: 'notRejected' };
  const rejection = [...claim.history].reverse().find((h) => h.to === 'Rejected');
  if (!rejection || rejection.action === 'withdraw') return { ok: false, refusal: 'withdrawn' };
  if (claim.history.some((h) => h.action === 'dispute')) return { ok: false, refusal: 'alreadyDisputed' };
  if (now.getTime() - Date.parse(rejection.at) > DISPUTE_WINDOW_DAYS * 86400_000) return { ok: false, refusal: 'tooLate' };
  return { ok: true };
}
