// Competing claims in the store: finds the other organisations' claims on a claim's workloads and the approvals
// holding them, and writes what the domain's competition rules (services/domain/competition.ts, holding.ts) make
// of each claim, one conditional write per claim.
import { slotKeys, type Actor, type Claim, type ClaimFields } from '../domain/claim';
import { applyCompetitorChange, flaggedCompeting, holdOf, liveSlots, mayCompete, maySettle, settlementOf } from '../domain/competition';
import { SYSTEM_ACTOR, type DomainPolicy } from '../domain/rules';
import type { ClaimDocuments } from './claimDocuments';
import type { ClaimQueries } from './claimQueries';
import type { SlotStore } from './slotStore';
import type { ClaimSummary } from './types';

export class CompetitionWrites {
  constructor(
    private readonly docs: ClaimDocuments,
    private readonly queries: ClaimQueries,
    private readonly slots: SlotStore,
    private readonly policy: DomainPolicy,
  ) {}

  /**
   * What a claim on these fields would meet if it were stored now, read without taking anything: the organisation's
   * own open claim on one of its slots (a duplicate, refused at creation), and whether another organisation holds an
   * open claim on one (a competing claim). `claimId`: the claim being written, which is no conflict of its own.
   */
  async conflictsOf(
    partnerTenantId: string,
    fields: Pick<ClaimFields, 'customerTenantId' | 'solutionArea' | 'activity' | 'workloads' | 'subscriptionId'>,
    claimId = '',
  ): Promise<{ duplicate?: ClaimSummary; competing: boolean }> {
    const duplicate = await this.slots.duplicateAmong({ claimId, partnerTenantId, customerTenantId: fields.customerTenantId }, slotKeys(fields));
    if (duplicate) return { duplicate, competing: false };
    const competitors = await this.queries.competitorsOf({ partnerTenantId, ...fields, status: 'Submitted' });
    return { competing: competitors.length > 0 };
  }

  /** Puts these workloads of the claim on hold (behind another organisation's approval), on the version read. */
  async hold(claim: Claim, held: readonly string[]): Promise<Claim | undefined> {
    const marked = await this.docs.write(claim, (c, at) => {
      const change = c.version === claim.version ? holdOf(c, held) : undefined;
      return change && applyCompetitorChange(c, change, SYSTEM_ACTOR, at, this.policy);
    });
    return marked.kind === 'done' ? marked.claim : undefined;
  }

  /**
   * The other organisations' claims on this claim's workloads, settled by the domain (services/domain/competition.ts):
   * after an approval, their claims not yet approved are put on hold there; after becoming official, those
   * workloads are theirs no more (lost, or an older association superseded); after an approval went (declined, undone,
   * withdrawn, rejected), their held workloads resume unless another approval holds them now. Idempotent: run again
   * after a crash, it finds nothing left to do. Returns the claims it changed.
   */
  async settleCompetitors(claim: Claim, actor: Actor): Promise<Claim[]> {
    if (!claim.competing) return [];
    const holders = new Map<string, string | undefined>();
    for (const key of liveSlots(claim)) holders.set(key, await this.slots.approvalHolding(claim.customerTenantId, key));
    if (!maySettle(claim, [...holders.values()])) return [];
    const changed: Claim[] = [];
    for (const other of await this.queries.competitorsOf(claim)) {
      // On the version just read: a competitor that moved in between is looked at again by its own settlement.
      const result = await this.docs.write(other, (c, at) => {
        const change = c.version === other.version ? settlementOf(claim, c, holders) : undefined;
        return change && applyCompetitorChange(c, change, actor, at, this.policy);
      });
      if (result.kind === 'done' && result.claim.version !== other.version) changed.push(result.claim);
    }
    return changed;
  }

  /**
   * Flags the claim and the other organisations' submitted open claims on its slots as competing (their review
   * cards are refreshed so reviewers see them side by side), and puts the claim's workloads that another approval
   * holds on hold. Looked up after the claim is written, so two organisations creating claims at the same moment
   * still find each other. Returns the claim as it now is.
   */
  async markCompeting(claim: Claim): Promise<Claim> {
    if (!mayCompete(claim.status)) return claim;
    const held = await this.slots.heldBehindApprovals(claim, liveSlots(claim));
    if (holdOf(claim, held)) claim = (await this.hold(claim, held)) ?? claim;
    const competitors = await this.queries.competitorsOf(claim);
    if (competitors.length === 0) return claim;
    const flag = async (ref: Claim, because: string) => (await this.docs.keep(ref, (c, at) => flaggedCompeting(c, because, at)))?.claim;
    for (const other of competitors.filter((c) => !c.competing)) await flag(other, claim.id);
    return (await flag(claim, competitors[0].id)) ?? claim;
  }
}
