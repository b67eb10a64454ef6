// One partner per customer tenant + workload / subscription + activity (docs/domain.md, "Conflicts"), as pure
// rules over claims: who competes with whom, what another organisation's approval, association or departure does
// to a claim's workloads (held, lost, superseded, resumed), and the claim those changes produce, with the history
// entry and the notices they owe in the same document. The store reads the claims and slots, and writes what
// these return.
import { slotsOf, slotKeys, type Actor, type Claim, type ClaimStatus, type HistoryEntry, type SlotResult } from './claim';
import { applyAction, hasCards, notice, prunedNotices, SYSTEM_ACTOR, SYSTEM_REASONS, type DomainPolicy, type Outcome } from './rules';

/** A claim takes part in competition once submitted and while open: Drafts and rejected claims never compete. */
export const mayCompete = (status: ClaimStatus): boolean => status !== 'Draft' && status !== 'Rejected';

/**
 * An approval holds its slots against other organisations until it is official or gone: claims on them wait (held).
 * An official association does not hold: another partner may still challenge it with a claim of its own, and the
 * association ends on that workload only when the challenger becomes official.
 */
export const holdsSlots = (status: ClaimStatus): boolean => status === 'Approved';

/** What the competition rules read of a claim (a claim about to be stored, too). */
export type CompetitionView = Pick<
  Claim,
  'partnerTenantId' | 'customerTenantId' | 'solutionArea' | 'activity' | 'workloads' | 'subscriptionId' | 'status' | 'slotOutcomes'
>;

const resultOf = (claim: Pick<Claim, 'slotOutcomes'>, key: string): SlotResult | undefined => claim.slotOutcomes?.[key]?.result;

/** The claim's workloads still in play (not lost nor superseded), held ones included. */
export const liveSlots = (claim: CompetitionView): string[] => slotKeys(claim).filter((key) => !['lost', 'superseded'].includes(resultOf(claim, key) ?? ''));

/** The names of these slots of the claim, in the claim's order ("Microsoft Teams"). */
export const slotLabels = (claim: Claim, keys: readonly string[]): string[] =>
  slotsOf(claim)
    .filter((slot) => keys.includes(slot.key))
    .map((slot) => slot.label);

/** The live slots two claims share when they are of different organisations on the same customer tenant. */
export function sharedSlots(a: CompetitionView, b: CompetitionView): string[] {
  if (a.partnerTenantId === b.partnerTenantId || a.customerTenantId !== b.customerTenantId) return [];
  const mine = new Set(liveSlots(a));
  return liveSlots(b).filter((key) => mine.has(key));
}

/** Whether `other` competes with `claim`: both submitted and open, another organisation, a live slot in common. */
export const competes = (claim: CompetitionView, other: CompetitionView): boolean =>
  mayCompete(claim.status) && mayCompete(other.status) && sharedSlots(claim, other).length > 0;

/** A claim meets other organisations' claims once submitted, and still after it went: a Draft has none, and is none. */
export const meetsCompetitors = (claim: Pick<Claim, 'status'>): boolean => claim.status !== 'Draft';

/**
 * Whether `other` is among the claims `claim` meets: submitted and open, another organisation, a live slot in
 * common. Unlike `competes`, a claim that went (its approval declined, withdrawn) still meets the claims it held:
 * they resume.
 */
export const meets = (claim: CompetitionView, other: CompetitionView): boolean =>
  meetsCompetitors(claim) && mayCompete(other.status) && sharedSlots(claim, other).length > 0;

/** What happens to a competitor's workloads: put on hold, resumed, lost (to an official claim), superseded. */
export interface CompetitorChange {
  kind: 'hold' | 'resume' | 'lose' | 'supersede';
  slots: string[];
}

/** Putting these workloads of the claim on hold (behind another organisation's approval): those not on hold yet. */
export function holdOf(claim: Pick<Claim, 'slotOutcomes'>, keys: readonly string[]): CompetitorChange | undefined {
  const fresh = keys.filter((key) => resultOf(claim, key) !== 'held');
  return fresh.length > 0 ? { kind: 'hold', slots: fresh } : undefined;
}

/**
 * What `subject`'s state means for `other`'s shared workloads: an approval puts the others' not-yet-approved
 * claims on hold there; an association that became official takes them (lost), or ends an older association there
 * (superseded); an approval that is gone (declined, withdrawn, rejected, undone) gives them back (resumed), unless another
 * approval holds the slot now (`heldByAnother`). Undefined: nothing changes.
 */
export function competitorChange(subject: Claim, other: Claim, heldByAnother: (key: string) => boolean = () => false): CompetitorChange | undefined {
  if (other.status === 'Draft' || other.status === 'Rejected') return undefined;
  const shared = sharedSlots(subject, other);
  if (shared.length === 0) return undefined;
  switch (subject.status) {
    case 'Approved':
      return other.status === 'Approved' || other.status === 'Official' ? undefined : holdOf(other, shared);
    case 'Official':
      return { kind: other.status === 'Official' ? 'supersede' : 'lose', slots: shared };
    case 'Draft':
      return undefined;
    default: {
      // Not (or no longer) approved: it holds nothing, so what waits only behind it resumes.
      const back = shared.filter((key) => resultOf(other, key) === 'held' && !heldByAnother(key));
      return back.length > 0 ? { kind: 'resume', slots: back } : undefined;
    }
  }
}

/**
 * Whether `claim` may settle its competitors now, given which claim's approval holds each of its live slots
 * (`holders`, undefined: none): an approval or an association settles only while it holds every slot (an approval)
 * or no other claim holds one (an association), so a settlement that runs late never undoes a later approval. A
 * claim that is not (or no longer) approved settles always: what waits behind it resumes.
 */
export function maySettle(claim: Pick<Claim, 'id' | 'status'>, holders: readonly (string | undefined)[]): boolean {
  if (claim.status === 'Official') return holders.every((holder) => holder === undefined || holder === claim.id);
  if (claim.status === 'Approved') return holders.every((holder) => holder === claim.id);
  return true;
}

/**
 * What `claim`'s settlement changes for `other`: competitorChange, where a slot whose arbiter a third claim's
 * approval holds now (`holders`) does not resume.
 */
export function settlementOf(claim: Claim, other: Claim, holders: ReadonlyMap<string, string | undefined>): CompetitorChange | undefined {
  return competitorChange(claim, other, (key) => ![undefined, claim.id, other.id].includes(holders.get(key)));
}

const HISTORY_ACTION: Record<CompetitorChange['kind'], string> = { hold: 'hold', resume: 'resume', lose: 'loseSlots', supersede: 'loseSlots' };
const REASON: Partial<Record<CompetitorChange['kind'], string>> = {
  hold: SYSTEM_REASONS.held,
  lose: SYSTEM_REASONS.competing,
  supersede: SYSTEM_REASONS.superseded,
};

/**
 * A claim being submitted where another organisation's approval already holds some of its workloads: on hold there
 * from its first write, said in its history (its partner reads it on the card that confirms the claim).
 */
export function heldFromTheStart(claim: Claim, held: readonly string[]): void {
  if (held.length === 0) return;
  claim.slotOutcomes = Object.fromEntries(held.map((key) => [key, { result: 'held' as const, at: claim.createdAt }]));
  const { status } = claim;
  claim.history.push({
    at: claim.createdAt,
    by: SYSTEM_ACTOR,
    action: 'hold',
    from: status,
    to: status,
    reason: SYSTEM_REASONS.held,
    slots: slotLabels(claim, held),
  });
}

/**
 * Applies a competitor change to a claim: its per-workload outcomes, a history entry naming the workloads, and in
 * the same document the notice to its partner (told which workloads, never who) and the refresh of its cards. A
 * claim that loses its last live workload is rejected (competing claim) or, official, superseded. Pure.
 */
export function applyCompetitorChange(claim: Claim, change: CompetitorChange, actor: Actor, at: Date, policy: DomainPolicy): Outcome {
  const when = at.toISOString();
  const outcomes = { ...claim.slotOutcomes };
  for (const key of change.slots) {
    if (change.kind === 'resume') delete outcomes[key];
    else outcomes[key] = { result: change.kind === 'hold' ? 'held' : change.kind === 'lose' ? 'lost' : 'superseded', at: when };
  }
  const slotOutcomes = Object.keys(outcomes).length > 0 ? outcomes : undefined;
  const labels = slotLabels(claim, change.slots);
  const ends = (change.kind === 'lose' || change.kind === 'supersede') && liveSlots(claim).every((key) => change.slots.includes(key));
  if (ends) {
    const action = claim.status === 'Official' ? 'supersede' : 'rejectCompeting';
    const outcome = applyAction(claim, { action, actor, party: 'system', at, expectedVersion: claim.version }, policy);
    if (!outcome.ok) return outcome;
    const entry: HistoryEntry = { ...outcome.entry, slots: labels };
    const ended: Claim = { ...outcome.claim, slotOutcomes: outcomes, history: [...outcome.claim.history.slice(0, -1), entry] };
    return { ok: true, claim: ended, entry };
  }
  const version = claim.version + 1;
  const index = claim.history.length;
  const entry: HistoryEntry = { at: when, by: actor, action: HISTORY_ACTION[change.kind], from: claim.status, to: claim.status, slots: labels };
  const reason = REASON[change.kind];
  if (reason) entry.reason = reason;
  const notices = [...prunedNotices(claim.notices), notice('partner', version, index, when)];
  if (hasCards(claim)) notices.push(notice('reviewCard', version, index, when));
  const updated: Claim = { ...claim, version, updatedAt: when, history: [...claim.history, entry], notices, slotOutcomes };
  if (!slotOutcomes) delete updated.slotOutcomes;
  return { ok: true, claim: updated, entry };
}

/** Each workload / subscription of the claim with what became of it apart from the claim (none: it follows the claim). */
export const slotResults = (claim: CompetitionView & Pick<Claim, 'product'>): { label: string; result?: SlotResult }[] =>
  slotsOf(claim).map((slot) => ({ label: slot.label, result: resultOf(claim, slot.key) }));

/**
 * An Approved claim whose opt-out window has passed becomes Official on its workloads; those `lost` to another
 * organisation's approval or association are lost first (the partner told which), in the same document. Losing them
 * all rejects it as competing instead. Pure.
 */
export function applyPromotion(claim: Claim, lost: readonly string[], actor: Actor, at: Date, policy: DomainPolicy): Outcome {
  const rest = lost.length > 0 ? applyCompetitorChange(claim, { kind: 'lose', slots: [...lost] }, actor, at, policy) : undefined;
  if (rest && (!rest.ok || rest.claim.status === 'Rejected')) return rest;
  const current = rest ? rest.claim : claim;
  return applyAction(current, { action: 'makeOfficial', actor, party: 'system', at, expectedVersion: current.version }, policy);
}

/**
 * The claim flagged as competing, with its cards refreshed (when it has some) so reviewers see the competitors
 * side by side; `because` names the claim that made it so. Undefined: already flagged, nothing to write. Pure.
 */
export function flaggedCompeting(claim: Claim, because: string, at: Date): Claim | undefined {
  if (claim.competing) return undefined;
  const when = at.toISOString();
  const refresh =
    claim.reviewCards.length > 0
      ? [{ ...notice('reviewCard', claim.version, claim.history.length - 1, when), id: `${claim.version}:competing:${because}` }]
      : [];
  return { ...claim, competing: true, notices: [...claim.notices, ...refresh] };
}
