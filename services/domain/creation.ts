// A new claim as it is first stored (docs/domain.md, "Life cycle"): a Draft, or submitted at once when its proof of
// execution is there, in which case it enters the review queue already knowing its competitors and the workloads it
// waits on behind another organisation's approval.
import { PROGRAMS, type Actor, type Claim, type ClaimFields, type HistoryEntry, type ProofOfExecution, type TenantCheck } from './claim';
import { heldFromTheStart } from './competition';
import type { ContactCheck } from './consent';
import { notice } from './notices';

export interface NewClaim {
  id: string;
  partnerTenantId: string;
  fields: ClaimFields;
  poe?: ProofOfExecution;
  /** Submit when the proof of execution is there; without it the claim stays a Draft. */
  submit: boolean;
  actor: Actor;
  locale?: string;
  origin?: Claim['origin'];
  partnerName?: string;
  tenantCheck?: TenantCheck;
  /** How the customer contact's e-mail was checked when it was entered (services/domain/consent.ts). */
  contactCheck?: ContactCheck;
}

/** The claim `input` makes at `at`: submitted (and queued for review) only with its proof of execution. Pure. */
export function claimFrom(input: NewClaim, at: Date): Claim {
  const when = at.toISOString();
  const history: HistoryEntry[] = [{ at: when, by: input.actor, action: 'created', to: 'Draft' }];
  const submitted = input.submit && input.poe !== undefined;
  if (submitted) history.push({ at: when, by: input.actor, action: 'submit', from: 'Draft', to: 'Submitted' });
  const claim: Claim = {
    ...input.fields,
    id: input.id,
    type: 'claim',
    partnerTenantId: input.partnerTenantId,
    program: PROGRAMS[input.fields.solutionArea][input.fields.activity] ?? '',
    status: submitted ? 'Submitted' : 'Draft',
    poe: input.poe,
    competing: false,
    createdBy: input.actor,
    locale: input.locale,
    origin: input.origin,
    createdAt: when,
    updatedAt: when,
    version: 1,
    history,
    notices: [],
    reviewCards: [],
  };
  if (input.partnerName) claim.partnerName = input.partnerName;
  if (input.tenantCheck) claim.tenantCheck = input.tenantCheck;
  if (input.contactCheck) claim.contactCheck = input.contactCheck;
  if (submitted) claim.reviewQueuedAt = when;
  return claim;
}

/**
 * A submitted claim as its first write stores it: flagged competing when other organisations' claims meet it, on
 * hold where their approval holds a workload (`held`), and its review card owed. All in the one document, so a
 * crash before the competitors are flagged leaves no reviewer blind to it. Pure.
 */
export function arrivingAmong(claim: Claim, competition: { competing: boolean; held: readonly string[] }): Claim {
  const arriving: Claim = { ...claim, competing: competition.competing, history: [...claim.history], notices: [...claim.notices] };
  heldFromTheStart(arriving, competition.held);
  arriving.notices.push(notice('reviewCard', 1, arriving.history.length - 1, arriving.createdAt));
  return arriving;
}
