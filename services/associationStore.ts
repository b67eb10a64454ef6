// Claims (customer associations) in Cosmos: one document per claim in the partner organisation's partition,
// history inside it. Creation is idempotent on the claim id and refuses duplicates through "slot" documents.
import type { Container } from '@azure/cosmos';
import {
  OPEN_STATUSES,
  PROGRAMS,
  claimKeys,
  type Actor,
  type Claim,
  type ClaimFields,
  type ClaimStatus,
  type HistoryEntry,
  type ProofOfExecution,
} from './domain/claim';

/**
 * One slot per (partner organisation, customer tenant, workload or subscription), in the partner's partition.
 * Creating a slot is atomic (409 when it exists), so two submissions racing on two instances cannot both open a
 * claim on the same thing. A slot whose claim is gone or Rejected is free again.
 */
interface Slot {
  id: string;
  type: 'slot';
  partnerTenantId: string;
  claimId: string;
  createdAt: string;
  _etag?: string;
}

export interface ClaimSummary {
  id: string;
  name: string;
  status: ClaimStatus;
}

export type CreateResult =
  | { kind: 'created'; claim: Claim }
  /** The same claim id was created before (a redelivered activity or a double click): nothing new stored. */
  | { kind: 'alreadyCreated'; claim: Claim }
  | { kind: 'duplicate'; existing: ClaimSummary }
  /** Another submission for the same thing is being stored right now (a few seconds at most). */
  | { kind: 'inProgress' };

export interface NewClaim {
  id: string;
  partnerTenantId: string;
  fields: ClaimFields;
  poe?: ProofOfExecution;
  /** Submit when the proof of execution is there; without it the claim stays a Draft. */
  submit: boolean;
  actor: Actor;
}

/** A slot younger than this whose claim does not exist yet belongs to a creation still in flight. */
const SLOT_GRACE_MS = 60_000;

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

export class AssociationStore {
  constructor(
    private readonly container: Container,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(partnerTenantId: string, id: string): Promise<Claim | undefined> {
    const { resource } = await this.container.item(id, partnerTenantId).read<Claim>();
    return resource?.type === 'claim' ? resource : undefined;
  }

  async create(input: NewClaim): Promise<CreateResult> {
    const existing = await this.get(input.partnerTenantId, input.id);
    if (existing) return { kind: 'alreadyCreated', claim: existing };

    const taken: string[] = [];
    for (const key of claimKeys(input.fields)) {
      const result = await this.takeSlot(input, key);
      if (result.kind === 'taken') {
        taken.push(result.slotId);
        continue;
      }
      await this.releaseSlots(input.partnerTenantId, taken, input.id);
      return result.kind === 'duplicate' ? { kind: 'duplicate', existing: result.existing } : { kind: 'inProgress' };
    }

    const claim = this.buildClaim(input, await this.isCompeting(input));
    try {
      const { resource } = await this.container.items.create<Claim>(claim);
      return { kind: 'created', claim: resource as Claim };
    } catch (err) {
      if (statusOf(err) !== 409) {
        await this.releaseSlots(input.partnerTenantId, taken, input.id);
        throw err;
      }
      const raced = await this.get(input.partnerTenantId, input.id);
      if (!raced) throw err;
      return { kind: 'alreadyCreated', claim: raced };
    }
  }

  /** Partner IDs this organisation used before, most recent first (offered as choices in the dialog). */
  async partnerIdsUsed(partnerTenantId: string, max = 5): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ partnerId: string }>(
        {
          // The filter repeats the partition key on purpose: the local emulator ignores partitionKey in queries,
          // and tenant isolation must not depend on the SDK option alone.
          query:
            "SELECT TOP 50 c.partnerId FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
          parameters: [{ name: '@partner', value: partnerTenantId }],
        },
        { partitionKey: partnerTenantId },
      )
      .fetchAll();
    return [...new Set(resources.map((r) => r.partnerId))].slice(0, max);
  }

  private buildClaim(input: NewClaim, competing: boolean): Claim {
    const at = this.now().toISOString();
    const history: HistoryEntry[] = [{ at, by: input.actor, action: 'created', to: 'Draft' }];
    const submitted = input.submit && input.poe !== undefined;
    if (submitted) history.push({ at, by: input.actor, action: 'submit', from: 'Draft', to: 'Submitted' });
    return {
      ...input.fields,
      id: input.id,
      type: 'claim',
      partnerTenantId: input.partnerTenantId,
      program: PROGRAMS[input.fields.solutionArea][input.fields.activity] ?? '',
      status: submitted ? 'Submitted' : 'Draft',
      poe: input.poe,
      competing,
      createdBy: input.actor,
      createdAt: at,
      updatedAt: at,
      history,
    };
  }

  private async takeSlot(
    input: NewClaim,
    key: string,
  ): Promise<{ kind: 'taken'; slotId: string } | { kind: 'duplicate'; existing: ClaimSummary } | { kind: 'inProgress' }> {
    const slot: Slot = {
      id: `slot:${input.fields.customerTenantId}:${key}`.replace(/[/\\?#]/g, '_'),
      type: 'slot',
      partnerTenantId: input.partnerTenantId,
      claimId: input.id,
      createdAt: this.now().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.container.items.create(slot);
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      const { resource: held } = await this.container.item(slot.id, input.partnerTenantId).read<Slot>();
      if (!held) continue; // released in between: try again
      if (held.claimId === input.id) return { kind: 'taken', slotId: slot.id };
      const holder = await this.get(input.partnerTenantId, held.claimId);
      if (holder && OPEN_STATUSES.includes(holder.status)) {
        return { kind: 'duplicate', existing: { id: holder.id, name: holder.name, status: holder.status } };
      }
      if (!holder && this.now().getTime() - Date.parse(held.createdAt) < SLOT_GRACE_MS) return { kind: 'inProgress' };
      // The holder was rejected, or its creation died long ago: take the slot over, unless someone else just did.
      try {
        await this.container.item(slot.id, input.partnerTenantId).replace(slot, {
          accessCondition: { type: 'IfMatch', condition: held._etag ?? '' },
        });
        return { kind: 'taken', slotId: slot.id };
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return { kind: 'inProgress' };
  }

  private async releaseSlots(partnerTenantId: string, slotIds: string[], claimId: string): Promise<void> {
    for (const id of slotIds) {
      const { resource } = await this.container.item(id, partnerTenantId).read<Slot>();
      if (resource?.claimId !== claimId) continue;
      try {
        await this.container.item(id, partnerTenantId).delete({ accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
  }

  /** Another partner organisation holds an open claim on the same customer tenant and workload / subscription. */
  private async isCompeting(input: NewClaim): Promise<boolean> {
    const { resources } = await this.container.items
      .query<Pick<Claim, 'solutionArea' | 'workloads' | 'subscriptionId' | 'status'>>({
        query:
          "SELECT c.solutionArea, c.workloads, c.subscriptionId, c.status FROM c WHERE c.type = 'claim' " +
          'AND c.customerTenantId = @tenant AND c.partnerTenantId != @partner',
        parameters: [
          { name: '@tenant', value: input.fields.customerTenantId },
          { name: '@partner', value: input.partnerTenantId },
        ],
      })
      .fetchAll();
    const mine = new Set(claimKeys(input.fields));
    return resources.some((other) => OPEN_STATUSES.includes(other.status) && claimKeys(other).some((k) => mine.has(k)));
  }
}
