// Claims in a given state, reached through the store's real transitions (for tests that start mid-life-cycle).
import assert from 'node:assert/strict';
import type { Claim, ClaimStatus } from '../../services/domain/claim';
import type { ClaimAction } from '../../services/domain/lifecycle';
import type { BotWorld } from './chat';
import { alice, TENANT, type Who } from './activities';

export const CUSTOMER_TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
export const REVIEWER = { id: '29:rita', name: 'Rita Reviewer' };

let seq = 0;
/** Stores a submitted claim of Alice's organisation and walks it to `status` through the real transitions. */
export async function claimIn(
  world: BotWorld,
  status: ClaimStatus,
  opts: { customerDomain?: string; customerTenantId?: string; workloads?: string[]; set?: Partial<Claim>; author?: Who } = {},
): Promise<Claim> {
  seq++;
  const result = await world.deps.claims.create({
    id: `CPOR-TEST${String(seq).padStart(6, '0')}`,
    partnerTenantId: TENANT,
    submit: status !== 'Draft',
    actor: { id: (opts.author ?? alice).id, name: (opts.author ?? alice).name },
    locale: 'en-US',
    origin: { serviceUrl: world.connector.serviceUrl, conversationId: `a:personal-${(opts.author ?? alice).id}` },
    poe: status === 'Draft' ? undefined : { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: alice.id },
    fields: {
      solutionArea: 'microsoft365',
      activity: 'usage',
      partnerId: '1234567',
      customerDomain: opts.customerDomain ?? 'contoso.com',
      customerTenantId: opts.customerTenantId ?? CUSTOMER_TENANT,
      // Not in the catalogue unless given: each test claim holds its own slot.
      workloads: opts.workloads ?? [`Workload ${seq}`],
      customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
      partnerContact: { name: alice.name, email: 'alice@partner.example' },
      name: `Contoso claim ${seq}`,
    },
  });
  assert.equal(result.kind, 'created');
  const path: Partial<Record<ClaimStatus, ClaimAction[]>> = {
    Draft: [],
    Submitted: [],
    UnderReview: ['startReview'],
    PartnerActionRequired: ['startReview', 'requestInfo'],
    Approved: ['startReview', 'approve'],
    Official: ['startReview', 'approve', 'makeOfficial'],
    Rejected: ['startReview', 'reject'],
  };
  let claim = (result as { claim: Claim }).claim;
  for (const action of path[status] ?? []) {
    const set = action === 'approve' ? { optOutDeadline: opts.set?.optOutDeadline ?? new Date(Date.now() + 7 * 86400_000).toISOString() } : undefined;
    const step = await world.deps.claims.transition(claim, { action, actor: REVIEWER, reason: 'Missing All PoE', comment: 'setup', set });
    assert.equal(step.kind, 'done');
    claim = (step as { claim: Claim }).claim;
  }
  assert.equal(claim.status, status);
  return claim;
}

