// Who holds a slot (docs/domain.md, "Conflicts"), decided from what the store read: a duplicate slot per
// organisation (one open claim per thing) and an arbiter per customer workload across organisations (one approval
// at a time). The store reads the slot and its holder's claim, asks here, and writes what the verdict says with an
// ETag condition; a verdict never writes anything itself.
import { OPEN_STATUSES, type Claim, type ClaimStatus } from './claim';
import { holdsSlots } from './competition';

/** A slot younger than this whose claim does not exist yet belongs to a creation still in flight. */
export const SLOT_GRACE_MS = 60_000;
/** An arbiter taken this recently by a claim still under review belongs to an approval in flight. */
export const ARBITER_GRACE_MS = 60_000;

/** Approved, or Official once promoted: the states in which a claim's approval stands. */
export const approvalStands = (status: ClaimStatus): boolean => status === 'Approved' || status === 'Official';

/**
 * What a claim wanting an organisation's duplicate slot finds there (`held`, the slot as read; `holder`, its claim,
 * undefined when it does not exist): its own slot; a duplicate (the organisation's open claim on the same thing);
 * a creation in flight (a young slot without its claim yet); or a slot to take over (its claim was rejected, or
 * its creation died long ago).
 */
export function slotVerdict(
  held: { claimId: string; createdAt: string },
  claimId: string,
  holder: Pick<Claim, 'status'> | undefined,
  now: Date,
): 'ours' | 'duplicate' | 'inProgress' | 'takeOver' {
  if (held.claimId === claimId) return 'ours';
  if (holder && OPEN_STATUSES.includes(holder.status)) return 'duplicate';
  if (!holder && now.getTime() - Date.parse(held.createdAt) < SLOT_GRACE_MS) return 'inProgress';
  return 'takeOver';
}

/**
 * What a claim wanting a workload's arbiter finds there: already its own; busy (its holder is being approved right
 * now, or its approval is settling: taken within the grace by a claim neither rejected nor official); lost, when
 * `overrideApproved` is false (the scheduler), to an Approved or Official holder; held behind another
 * organisation's approval in its window (never overridden: the claim waits); or to take over. A reviewer's
 * approval overrides an official association (it ends when this one is official), and a holder that was rejected,
 * is gone, or whose approval died long ago is replaced.
 */
export function arbiterVerdict(
  held: { claimId: string; since: string },
  claimId: string,
  holder: Pick<Claim, 'status'> | undefined,
  now: Date,
  overrideApproved: boolean,
): 'alreadyHeld' | 'busy' | 'lost' | 'held' | 'takeOver' {
  if (held.claimId === claimId) return 'alreadyHeld';
  const settling = holder && holder.status !== 'Rejected' && holder.status !== 'Official';
  if (settling && now.getTime() - Date.parse(held.since) < ARBITER_GRACE_MS) return 'busy';
  if (holder && approvalStands(holder.status) && !overrideApproved) return 'lost';
  if (holder && holdsSlots(holder.status)) return 'held';
  return 'takeOver';
}

/**
 * Whether a workload of `claim` waits behind the approval holding its arbiter (held by `holder`, of organisation
 * `holderTenantId`): another organisation's approval in its window.
 */
export const waitsBehind = (claim: Pick<Claim, 'partnerTenantId'>, holderTenantId: string, holder: Pick<Claim, 'status'> | undefined): boolean =>
  holderTenantId !== claim.partnerTenantId && holder !== undefined && holdsSlots(holder.status);
