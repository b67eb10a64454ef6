// Claims in a given state, reached through the store's real transitions (for tests that start mid-life-cycle).
import assert from 'node:assert/strict';
import type { Claim, ClaimStatus } from '../../services/domain/claim';
import type { ClaimAction, Party } from '../../services/domain/rules';
import type { BotWorld } from './chat';
import { alice, TENANT, type Who } from './activities';

export const CUSTOMER_TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
export const REVIEWER = { id: '29:rita', name: 'Rita Reviewer' };

/**
 * The step-by-step dialog's answers for a Microsoft 365 claim, from the solution area to the partner contact's
 * e-mail: what comes before the proof of execution.
 */
export function m365Answers(
  opts: { domain?: string; workloads?: string; customer?: [name: string, title: string, email: string]; partner?: [name: string, email: string] } = {},
): string[] {
  const domain = opts.domain ?? 'contoso.com';
  return [
    'Microsoft 365',
    '1234567',
    domain,
    CUSTOMER_TENANT,
    opts.workloads ?? 'Intune',
    ...(opts.customer ?? ['Jane Doe', 'CIO', `jane@${domain}`]),
    ...(opts.partner ?? ['Alice Rossi', 'alice@partner.example']),
  ];
}

/** What a claim card's buttons send (the claim, its version), with a click's own fields. */
export const cardData = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});

let seq = 0;
/** Stores a submitted claim of Alice's organisation and walks it to `status` through the real transitions. */
export async function claimIn(
  world: BotWorld,
  status: ClaimStatus,
  opts: { customerDomain?: string; customerTenantId?: string; workloads?: string[]; partnerTenantId?: string; partnerName?: string; author?: Who } = {},
): Promise<Claim> {
  seq++;
  const result = await world.deps.claims.create({
    id: `CPOR-TEST${String(seq).padStart(6, '0')}`,
    partnerTenantId: opts.partnerTenantId ?? TENANT,
    partnerName: opts.partnerName,
    submit: status !== 'Draft',
    actor: { id: (opts.author ?? alice).id, name: (opts.author ?? alice).name },
    locale: 'en-US',
    origin: { serviceUrl: world.connector.serviceUrl, conversationId: `a:personal-${(opts.author ?? alice).id}` },
    poe:
      status === 'Draft'
        ? undefined
        : { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: alice.id },
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
    if (action === 'makeOfficial') claim = await customerToldAndWindowPassed(world, claim);
    const party: Party = action === 'makeOfficial' ? 'system' : 'reviewer';
    const reason = action === 'reject' ? 'Insufficient proof of execution' : 'Missing All PoE';
    const step =
      action === 'makeOfficial'
        ? await world.deps.claims.promote(claim, { id: 'system', name: 'CPOR Assistant' })
        : await world.deps.claims.transition(claim, { action, actor: REVIEWER, party, reason, comment: 'setup' });
    assert.equal(step.kind, 'done', JSON.stringify(step));
    claim = (step as { claim: Claim }).claim;
  }
  assert.equal(claim.status, status);
  return claim;
}

/**
 * An Approved claim as it is once its customer e-mail has gone and its opt-out window has passed: the notices are
 * delivered (e-mail, partner message) and the world's clock is moved past the deadline.
 */
export async function customerToldAndWindowPassed(world: BotWorld, claim: Claim): Promise<Claim> {
  await world.delivery.deliverPending(claim);
  const told = await world.deps.claims.get(claim.partnerTenantId, claim.id);
  assert.ok(told?.customerNotifiedAt, `the customer e-mail was sent: ${JSON.stringify(told?.notices)}`);
  const deadline = Date.parse(told.optOutDeadline ?? '');
  if (world.clock.now().getTime() < deadline) world.clock.set(new Date(deadline + 1000));
  return told;
}
