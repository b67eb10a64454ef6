// The life-cycle table (docs/domain.md, "Life cycle"): who may take which action in which state, the acts that keep
// the state (edit, comment), and why an act is refused. rules.ts applies it; every card's buttons come from it.
import type { Claim, ClaimStatus } from './claim';
import { PARTNER_PARTIES, type Party } from './policy';
import { MAX_THREAD_COMMENTS } from './thread';

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
export const KEEPING_STATE: Readonly<Record<'edit' | 'comment', { in: readonly ClaimStatus[]; by: readonly Party[] }>> = {
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

/** Whether `party` may take a state-keeping act (edit, comment) on the claim now; a full thread takes no comment. */
export function mayKeepState(claim: Pick<Claim, 'status' | 'thread'>, op: 'edit' | 'comment', party: Party): boolean {
  if (op === 'comment' && (claim.thread?.length ?? 0) >= MAX_THREAD_COMMENTS) return false;
  return KEEPING_STATE[op].in.includes(claim.status) && KEEPING_STATE[op].by.includes(party);
}

/** States in which the claim waits for a reviewer's decision. */
export const AWAITING_REVIEW: readonly ClaimStatus[] = ['Submitted', 'UnderReview'];
