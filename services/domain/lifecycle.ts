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
