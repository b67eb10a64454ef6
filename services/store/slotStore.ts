// What claims hold, in its own container (partition key /id), apart from the claims (services/domain/claim.ts
// slotKeys):
// - a *duplicate* slot per (organisation, customer tenant, activity, workload or subscription): creating it is atomic
//   (409 when it exists), so one organisation cannot open two claims on the same thing, even on two instances;
// - an *arbiter* per (customer tenant, activity, workload or subscription), across organisations: the claim whose
//   approval holds it is the only one that may become official there. Approving takes it with an ETag condition, so
//   two reviewers approving competing claims at once cannot both win.
// Who may take one is the domain's (services/domain/holding.ts); here they are read, taken, and given back.
import type { Container } from '@azure/cosmos';
import type { Claim } from '../domain/claim';
import { arbiterVerdict, approvalStands, slotVerdict, waitsBehind } from '../domain/holding';
import type { ClaimDocuments } from './claimDocuments';
import { exists, lostRace, summary, type ClaimSummary } from './types';

interface Slot {
  id: string;
  type: 'slot';
  partnerTenantId: string;
  claimId: string;
  createdAt: string;
  _etag?: string;
}

/** Which claim's approval holds a slot across organisations (see the header). */
export interface Arbiter {
  id: string;
  type: 'arbiter';
  claimId: string;
  partnerTenantId: string;
  /** When the holder took it: a holder still under review this recently is being approved right now. */
  since: string;
  /** The holder before this one: restored if this approval does not go through. */
  previous?: { claimId: string; partnerTenantId: string; since: string };
  _etag?: string;
}

/** The claim a duplicate slot is taken for. */
export interface SlotOwner {
  claimId: string;
  partnerTenantId: string;
  customerTenantId: string;
}

export type SlotsTaken = { kind: 'taken'; slotIds: string[] } | { kind: 'duplicate'; existing: ClaimSummary } | { kind: 'inProgress' };

/** Why an arbiter was not taken (holding.ts arbiterVerdict). */
export type ArbiterRefusal = 'busy' | 'lost' | 'held';

/** Arbiters taken for a claim; `refused`: workloads whose arbiter it did not get; `stoppedBy`: it took none. */
export interface ArbitersTaken {
  taken: Arbiter[];
  refused: string[];
  stoppedBy?: ArbiterRefusal;
}

export const NO_ARBITERS: ArbitersTaken = { taken: [], refused: [] };

const safeId = (id: string) => id.replace(/[/\\?#]/g, '_');
const slotId = (partnerTenantId: string, customerTenantId: string, key: string) => safeId(`slot|${partnerTenantId}|${customerTenantId}|${key}`);
const arbiterId = (customerTenantId: string, key: string) => safeId(`arbiter|${customerTenantId}|${key}`);
const ifMatch = (etag: string | undefined) => ({ accessCondition: { type: 'IfMatch', condition: etag ?? '' } });

/** The duplicate slots of a claim's fields by their full id (organisation, customer tenant, key), with their keys. */
export const slotIdsOf = (owner: Omit<SlotOwner, 'claimId'>, keys: readonly string[]): Map<string, string> =>
  new Map(keys.map((key) => [slotId(owner.partnerTenantId, owner.customerTenantId, key), key]));

export class SlotStore {
  constructor(
    private readonly slots: Container,
    private readonly docs: ClaimDocuments,
  ) {}

  private now(): Date {
    return this.docs.clock.now();
  }

  /** Takes every one of these slots for `owner`, or none: at the first one refused, those taken are released. */
  async takeSlots(owner: SlotOwner, keys: readonly string[]): Promise<SlotsTaken> {
    const taken: string[] = [];
    for (const key of keys) {
      const result = await this.takeSlot(owner, key);
      if (result.kind !== 'taken') {
        await this.releaseSlots(taken, owner.claimId);
        return result;
      }
      taken.push(result.slotId);
    }
    return { kind: 'taken', slotIds: taken };
  }

  private async takeSlot(owner: SlotOwner, key: string): Promise<{ kind: 'taken'; slotId: string } | Exclude<SlotsTaken, { kind: 'taken' }>> {
    const slot: Slot = {
      id: slotId(owner.partnerTenantId, owner.customerTenantId, key),
      type: 'slot',
      partnerTenantId: owner.partnerTenantId,
      claimId: owner.claimId,
      createdAt: this.now().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.slots.items.create(slot);
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (!exists(err)) throw err;
      }
      const { resource: held } = await this.slots.item(slot.id, slot.id).read<Slot>();
      if (!held) continue; // released in between: try again
      const holder = held.claimId === owner.claimId ? undefined : await this.docs.get(owner.partnerTenantId, held.claimId);
      const verdict = slotVerdict(held, owner.claimId, holder, this.now());
      if (verdict === 'ours') return { kind: 'taken', slotId: slot.id };
      if (verdict === 'duplicate') return { kind: 'duplicate', existing: summary(holder as Claim) };
      if (verdict === 'inProgress') return { kind: 'inProgress' };
      try {
        await this.slots.item(slot.id, slot.id).replace(slot, ifMatch(held._etag));
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (!lostRace(err)) throw err; // someone else just took it over: look again
      }
    }
    return { kind: 'inProgress' };
  }

  /** Frees these slots where `claimId` still holds them (someone who took one over since keeps it). */
  async releaseSlots(slotIds: Iterable<string>, claimId: string): Promise<void> {
    for (const id of slotIds) {
      const { resource } = await this.slots.item(id, id).read<Slot>();
      if (resource?.claimId !== claimId) continue;
      try {
        await this.slots.item(id, id).delete(ifMatch(resource._etag));
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
  }

  /** The organisation's open claim holding one of these slots, other than `claimId` (a duplicate), read only. */
  async duplicateAmong(owner: SlotOwner, keys: readonly string[]): Promise<ClaimSummary | undefined> {
    for (const [id] of slotIdsOf(owner, keys)) {
      const { resource: held } = await this.slots.item(id, id).read<Slot>();
      if (!held || held.claimId === owner.claimId) continue;
      const holder = await this.docs.get(owner.partnerTenantId, held.claimId);
      if (slotVerdict(held, owner.claimId, holder, this.now()) === 'duplicate') return summary(holder as Claim);
    }
    return undefined;
  }

  /**
   * Takes the arbiters of these workloads for `claim`, in a fixed order (two approvals never wait on each other's
   * half). A refusal in `stopOn` gives back what this call took and stops; the others are listed as `refused` and
   * the rest goes on.
   */
  async takeArbiters(claim: Claim, keys: readonly string[], opts: { overrideApproved: boolean; stopOn: readonly ArbiterRefusal[] }): Promise<ArbitersTaken> {
    const taken: Arbiter[] = [];
    const refused: string[] = [];
    for (const key of [...keys].sort()) {
      const arbiter = await this.takeArbiter(claim, key, opts.overrideApproved);
      if (arbiter === 'alreadyHeld') continue;
      if (typeof arbiter !== 'string') taken.push(arbiter);
      else if (!opts.stopOn.includes(arbiter)) refused.push(key);
      else {
        await this.giveBackArbiters(taken, claim);
        return { taken: [], refused, stoppedBy: arbiter };
      }
    }
    return { taken, refused };
  }

  private async takeArbiter(claim: Claim, key: string, overrideApproved: boolean): Promise<Arbiter | 'alreadyHeld' | ArbiterRefusal> {
    const id = arbiterId(claim.customerTenantId, key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.now();
      const { resource: held } = await this.slots.item(id, id).read<Arbiter>();
      if (!held) {
        const created = await this.createArbiter(claim, key);
        if (created) return created;
        continue;
      }
      const holder = held.claimId === claim.id ? undefined : await this.docs.get(held.partnerTenantId, held.claimId);
      const verdict = arbiterVerdict(held, claim.id, holder, now, overrideApproved);
      if (verdict !== 'takeOver') return verdict;
      const next: Arbiter = {
        id,
        type: 'arbiter',
        claimId: claim.id,
        partnerTenantId: claim.partnerTenantId,
        since: now.toISOString(),
        previous: { claimId: held.claimId, partnerTenantId: held.partnerTenantId, since: held.since },
      };
      try {
        const { resource } = await this.slots.item(id, id).replace<Arbiter>(next, ifMatch(held._etag));
        return resource as Arbiter;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    return 'busy';
  }

  private async createArbiter(claim: Claim, key: string): Promise<Arbiter | undefined> {
    const id = arbiterId(claim.customerTenantId, key);
    const arbiter: Arbiter = { id, type: 'arbiter', claimId: claim.id, partnerTenantId: claim.partnerTenantId, since: this.now().toISOString() };
    try {
      const { resource } = await this.slots.items.create<Arbiter>(arbiter);
      return resource;
    } catch (err) {
      if (!exists(err)) throw err;
      return undefined;
    }
  }

  /**
   * An approval that did not go through gives back the arbiters it wrote (to their previous holders, or frees
   * them), unless someone wrote them since or the claim was approved all the same (a double click's other half).
   */
  async giveBackArbiters(taken: readonly Arbiter[], claim: Claim): Promise<void> {
    if (taken.length === 0) return;
    const now = await this.docs.get(claim.partnerTenantId, claim.id);
    if (now && approvalStands(now.status)) return;
    for (const mine of taken) {
      try {
        if (mine.previous) await this.slots.item(mine.id, mine.id).replace<Arbiter>({ id: mine.id, type: 'arbiter', ...mine.previous }, ifMatch(mine._etag));
        else await this.slots.item(mine.id, mine.id).delete(ifMatch(mine._etag));
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
  }

  /** The claim whose approval holds this slot now (Approved, or Official once promoted), if any. */
  async approvalHolding(customerTenantId: string, key: string): Promise<string | undefined> {
    const id = arbiterId(customerTenantId, key);
    const { resource: arbiter } = await this.slots.item(id, id).read<Arbiter>();
    if (!arbiter) return undefined;
    const holder = await this.docs.get(arbiter.partnerTenantId, arbiter.claimId);
    return holder && approvalStands(holder.status) ? holder.id : undefined;
  }

  /** Those of `keys` (the claim's live workloads) another organisation's approval holds now: where the claim waits. */
  async heldBehindApprovals(claim: Claim, keys: readonly string[]): Promise<string[]> {
    const held: string[] = [];
    for (const key of keys) {
      const id = arbiterId(claim.customerTenantId, key);
      const { resource: arbiter } = await this.slots.item(id, id).read<Arbiter>();
      // Never behind its own organisation: no need to read the holder.
      if (!arbiter || arbiter.partnerTenantId === claim.partnerTenantId) continue;
      if (waitsBehind(claim, arbiter.partnerTenantId, await this.docs.get(arbiter.partnerTenantId, arbiter.claimId))) held.push(key);
    }
    return held;
  }
}
