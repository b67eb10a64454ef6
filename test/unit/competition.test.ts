// Competing claims over the pure domain (services/domain/competition.ts): examples of each rule, then random
// sequences of create / submit / approve / reject / decline / withdraw / dispute / promote by 2–4 organisations on
// overlapping workloads of one customer tenant, run through the same orchestration the store does (arbiters per
// slot, settlements at once), checking after every step: one holder and one official association at most per
// workload, nobody loses a workload without a notice, a held workload always waits behind a live approval (so it
// resumes when the approval goes), and Drafts never compete.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { heldSlots, slotKeys, type Claim } from '../../services/domain/claim';
import {
  applyCompetitorChange,
  competes,
  competitorChange,
  holdsSlots,
  liveSlots,
  mayCompete,
  slotLabels,
  slotResults,
} from '../../services/domain/competition';
import { allowedActions, applyAction, applyUndo, DEFAULT_POLICY, SYSTEM_ACTOR, type ActionInput, type Outcome } from '../../services/domain/rules';

const CUSTOMER = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
const WORKLOADS = ['Microsoft Teams', 'Exchange Online', 'Intune'];
const REVIEWER = { id: '29:rita', name: 'Rita Reviewer' };
const policy = DEFAULT_POLICY;

function newClaim(id: string, org: string, workloads: string[], at: Date, submitted: boolean): Claim {
  const when = at.toISOString();
  const by = { id: `29:${org}`, name: org };
  return {
    id,
    type: 'claim',
    partnerTenantId: org,
    program: 'OSU Microsoft 365',
    solutionArea: 'microsoft365',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: 'contoso.com',
    customerTenantId: CUSTOMER,
    workloads,
    customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' },
    partnerContact: { name: org, email: `someone@${org}.example` },
    name: `${org} ${workloads.join('+')}`,
    status: submitted ? 'Submitted' : 'Draft',
    poe: submitted ? { fileId: 'f', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1, uploadedAt: when, uploadedBy: by.id } : undefined,
    competing: false,
    createdBy: by,
    createdAt: when,
    updatedAt: when,
    version: 1,
    history: [
      { at: when, by, action: 'created', to: 'Draft' },
      ...(submitted ? [{ at: when, by, action: 'submit', from: 'Draft' as const, to: 'Submitted' as const }] : []),
    ],
    notices: [],
    reviewCards: [],
  };
}

const done = (outcome: Outcome): Claim => {
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.claim;
};

/**
 * The store's orchestration of competition (services/associationStore.ts), in memory: an arbiter per slot taken by
 * approvals, competitors flagged and held at creation, settlements run as soon as they are owed.
 */
class Market {
  readonly claims = new Map<string, Claim>();
  private readonly arbiters = new Map<string, string>();
  private clock = new Date('2026-12-01T09:00:00Z');
  private seq = 0;
  readonly seen = { held: 0, resumed: 0, lost: 0, superseded: 0, official: 0 };

  private now(): Date {
    this.clock = new Date(this.clock.getTime() + 60_000);
    return this.clock;
  }

  /** Stores a claim's new version, after checking that no workload it held is gone without a notice to its partner. */
  private put(after: Claim): Claim {
    const before = this.claims.get(after.id);
    if (before) {
      const gone = liveSlots(before).filter((key) => !liveSlots(after).includes(key));
      if (gone.length > 0) {
        const told = after.notices.some((n) => n.kind === 'partner' && n.version > before.version);
        assert.ok(told, `${after.id} lost ${gone.join(', ')} without a notice`);
        this.seen[after.status === 'Official' || after.history.at(-1)?.action === 'supersede' ? 'superseded' : 'lost'] += 1;
      }
      const resumed = heldSlots(before).filter((key) => mayCompete(after.status) && !heldSlots(after).includes(key) && liveSlots(after).includes(key));
      if (resumed.length > 0) {
        assert.ok(
          after.notices.some((n) => n.kind === 'partner' && n.version > before.version),
          `${after.id} resumed without a notice`,
        );
        this.seen.resumed += 1;
      }
      if (heldSlots(after).some((key) => !heldSlots(before).includes(key))) this.seen.held += 1;
    }
    this.claims.set(after.id, after);
    return after;
  }

  private act(claim: Claim, input: Omit<ActionInput, 'at'>): Claim | undefined {
    const outcome = applyAction(claim, { ...input, at: this.now() }, policy);
    return outcome.ok ? this.put(outcome.claim) : undefined;
  }

  /** The claim whose approval (or association) holds the slot now. */
  private holderOf(key: string): Claim | undefined {
    const id = this.arbiters.get(key);
    const holder = id ? this.claims.get(id) : undefined;
    return holder && (holder.status === 'Approved' || holder.status === 'Official') ? holder : undefined;
  }

  private heldBehindApprovals(claim: Claim): string[] {
    return liveSlots(claim).filter((key) => {
      const holder = this.holderOf(key);
      return holder !== undefined && holder.partnerTenantId !== claim.partnerTenantId && holdsSlots(holder.status);
    });
  }

  /** As the store's markCompeting: held behind live approvals, and flagged with its competitors both ways. */
  private markCompeting(claim: Claim): void {
    if (!mayCompete(claim.status)) return;
    const held = this.heldBehindApprovals(claim).filter((key) => !heldSlots(claim).includes(key));
    if (held.length > 0) claim = this.put(done(applyCompetitorChange(claim, { kind: 'hold', slots: held }, SYSTEM_ACTOR, this.now(), policy)));
    const rivals = [...this.claims.values()].filter((other) => competes(claim, other));
    for (const c of rivals.length > 0 ? [claim, ...rivals] : []) this.claims.set(c.id, { ...this.claims.get(c.id)!, competing: true });
  }

  create(org: string, workloads: string[], submit: boolean): void {
    const keys = slotKeys({ solutionArea: 'microsoft365', activity: 'usage', workloads });
    const duplicate = [...this.claims.values()].some((c) => c.partnerTenantId === org && c.status !== 'Rejected' && slotKeys(c).some((k) => keys.includes(k)));
    if (duplicate) return;
    const claim = newClaim(`C${++this.seq}`, org, workloads, this.now(), submit);
    this.claims.set(claim.id, claim);
    this.markCompeting(claim);
  }

  submit(claim: Claim): void {
    const submitted = this.act(claim, { action: 'submit', actor: claim.createdBy, party: 'incentivesAdmin' });
    if (submitted) this.markCompeting(submitted);
  }

  approve(claim: Claim): void {
    if (claim.status === 'Submitted') claim = this.act(claim, { action: 'startReview', actor: REVIEWER, party: 'reviewer' }) ?? claim;
    if (applyAction(claim, { action: 'approve', actor: REVIEWER, party: 'reviewer', at: this.clock }, policy).ok === false) return;
    const behind = this.heldBehindApprovals(claim);
    if (behind.length > 0) {
      // The arbiter refuses: marked on hold now, and not approved.
      this.put(done(applyCompetitorChange(claim, { kind: 'hold', slots: behind }, SYSTEM_ACTOR, this.now(), policy)));
      return;
    }
    for (const key of liveSlots(claim)) this.arbiters.set(key, claim.id);
    this.settle(this.act(claim, { action: 'approve', actor: REVIEWER, party: 'reviewer' })!);
  }

  reject(claim: Claim): void {
    if (claim.status !== 'UnderReview') return;
    this.act(claim, { action: 'reject', actor: REVIEWER, party: 'reviewer', reason: 'Insufficient proof of execution', comment: 'No.' });
  }

  decline(claim: Claim): void {
    const declined = this.act(claim, { action: 'customerDecline', actor: { id: 'customer', name: 'jane' }, party: 'customer' });
    if (declined) this.settle(declined);
  }

  withdraw(claim: Claim): void {
    const withdrawn = this.act(claim, { action: 'withdraw', actor: claim.createdBy, party: 'incentivesAdmin', comment: 'Wrong tenant.' });
    if (withdrawn) this.settle(withdrawn);
  }

  dispute(claim: Claim): void {
    const keys = slotKeys(claim);
    // As reclaimSlots: not while the organisation has claimed one of its workloads anew.
    if (
      [...this.claims.values()].some(
        (c) => c.id !== claim.id && c.partnerTenantId === claim.partnerTenantId && c.status !== 'Rejected' && slotKeys(c).some((k) => keys.includes(k)),
      )
    )
      return;
    const disputed = this.act(claim, { action: 'dispute', actor: claim.createdBy, party: 'incentivesAdmin', comment: 'Our SOW is older.' });
    if (disputed) this.markCompeting(disputed);
  }

  /** The opt-out window has passed: the scheduler's promotion (lose what another holds, official on the rest). */
  promote(claim: Claim): void {
    if (claim.status !== 'Approved') return;
    const past = this.clock.toISOString();
    claim = this.put({ ...claim, customerNotifiedAt: past, optOutDeadline: past });
    const lost: string[] = [];
    for (const key of claim.competing ? liveSlots(claim) : []) {
      const holder = this.holderOf(key);
      if (holder && holder.id !== claim.id) lost.push(key);
      else this.arbiters.set(key, claim.id);
    }
    const at = this.now();
    const rest = lost.length > 0 ? done(applyCompetitorChange(claim, { kind: 'lose', slots: lost }, SYSTEM_ACTOR, at, policy)) : claim;
    const result = rest.status === 'Rejected' ? rest : done(applyAction(rest, { action: 'makeOfficial', actor: SYSTEM_ACTOR, party: 'system', at }, policy));
    if (result.status === 'Official') this.seen.official += 1;
    this.settle(this.put(result));
  }

  /** As settleCompetitors, run when the subject's 'competitors' notice is delivered (and again for those it ends). */
  private settle(subject: Claim): void {
    if (!subject.notices.some((n) => n.kind === 'competitors' && n.version === subject.version)) return;
    const holders = new Map(liveSlots(subject).map((key) => [key, this.holderOf(key)?.id]));
    if (subject.status === 'Approved' || subject.status === 'Official') {
      if ([...holders.values()].some((h) => h !== undefined && h !== subject.id)) return;
      if (subject.status === 'Approved' && [...holders.values()].some((h) => h !== subject.id)) return;
    } else if (subject.status !== 'Rejected') return;
    for (const other of [...this.claims.values()]) {
      const heldByAnother = (key: string) => ![undefined, subject.id, other.id].includes(holders.get(key));
      const change = competitorChange(subject, other, heldByAnother);
      if (!change) continue;
      const changed = this.put(done(applyCompetitorChange(other, change, SYSTEM_ACTOR, this.now(), policy)));
      if (other.status === 'Approved' && changed.status === 'Rejected') this.settle(changed);
    }
  }

  /** The invariants, after every step. */
  check(): void {
    for (const key of slotKeys({ solutionArea: 'microsoft365', activity: 'usage', workloads: WORKLOADS })) {
      const on = (status: Claim['status']) =>
        [...this.claims.values()].filter((c) => c.status === status && liveSlots(c).includes(key)).map((c) => c.partnerTenantId);
      assert.ok(new Set(on('Approved')).size <= 1, `two approvals hold ${key}: ${on('Approved').join(', ')}`);
      assert.ok(new Set(on('Official')).size <= 1, `two associations are official on ${key}: ${on('Official').join(', ')}`);
    }
    for (const claim of this.claims.values()) {
      if (claim.status === 'Draft') assert.ok(!claim.competing && !claim.slotOutcomes, `Draft ${claim.id} competes`);
      if (!mayCompete(claim.status)) continue;
      for (const key of heldSlots(claim)) {
        assert.ok(!['Approved', 'Official'].includes(claim.status), `${claim.id} is ${claim.status} and held`);
        const holder = this.holderOf(key);
        assert.ok(holder && holder.status === 'Approved' && holder.partnerTenantId !== claim.partnerTenantId, `${claim.id} waits on ${key} behind no approval`);
      }
    }
  }
}

const OPS = ['create', 'createDraft', 'submit', 'approve', 'reject', 'decline', 'withdraw', 'dispute', 'promote'] as const;
type Step = { op: (typeof OPS)[number]; org: number; pick: number; workloads: string[] };

/** The claims each step may pick from (the states its action starts from), so random steps seldom do nothing. */
const ELIGIBLE: Record<Exclude<Step['op'], 'create' | 'createDraft'>, readonly Claim['status'][]> = {
  submit: ['Draft'],
  approve: ['Submitted', 'UnderReview'],
  reject: ['UnderReview'],
  decline: ['Approved'],
  withdraw: ['Draft', 'Submitted', 'UnderReview', 'Approved', 'Official'],
  dispute: ['Rejected'],
  promote: ['Approved'],
};

function run(orgs: number, steps: Step[], market = new Market()): Market {
  for (const step of steps) {
    const org = `org${step.org % orgs}`;
    const all =
      step.op === 'create' || step.op === 'createDraft'
        ? []
        : [...market.claims.values()].filter((c) => ELIGIBLE[step.op as keyof typeof ELIGIBLE].includes(c.status));
    const target = all.length > 0 ? all[step.pick % all.length] : undefined;
    if (step.op === 'create' || step.op === 'createDraft') market.create(org, step.workloads, step.op === 'create');
    else if (target) market[step.op](target);
    market.check();
  }
  return market;
}

describe('competing claims: the pure rules (services/domain/competition.ts)', () => {
  const at = new Date('2026-12-01T10:00:00Z');
  const a = (workloads = WORKLOADS, status: Claim['status'] = 'UnderReview') => ({ ...newClaim('A', 'orgA', workloads, at, true), status });
  const b = (workloads = ['Microsoft Teams'], status: Claim['status'] = 'Approved') => ({
    ...newClaim('B', 'orgB', workloads, at, true),
    status,
    competing: true,
  });

  it("another organisation's approval puts only the shared workload on hold; the hold is said on the claim and its Approve is refused", () => {
    const change = competitorChange(b(), a());
    assert.deepEqual(change, { kind: 'hold', slots: ['usage|workload:microsoft teams'] });
    const held = done(applyCompetitorChange(a(), change, SYSTEM_ACTOR, at, policy));
    assert.equal(held.status, 'UnderReview', 'not rejected');
    assert.deepEqual(slotResults(held), [
      { label: 'Microsoft Teams', result: 'held' },
      { label: 'Exchange Online', result: undefined },
      { label: 'Intune', result: undefined },
    ]);
    assert.deepEqual([held.history.at(-1)?.action, held.history.at(-1)?.slots], ['hold', ['Microsoft Teams']]);
    assert.deepEqual(held.notices.map((n) => n.kind).sort(), ['partner', 'reviewCard']);
    assert.ok(!allowedActions(held, 'reviewer', at, policy).includes('approve'));
    const refused = applyAction(held, { action: 'approve', actor: REVIEWER, party: 'reviewer', at }, policy);
    assert.deepEqual(refused, { ok: false, refusal: { kind: 'onHold' } });
  });

  it('the holder becoming official takes the held workload only; losing the last one rejects the claim', () => {
    const held = done(applyCompetitorChange(a(), { kind: 'hold', slots: ['usage|workload:microsoft teams'] }, SYSTEM_ACTOR, at, policy));
    const lost = done(applyCompetitorChange(held, competitorChange(b(undefined, 'Official'), held)!, SYSTEM_ACTOR, at, policy));
    assert.equal(lost.status, 'UnderReview');
    assert.deepEqual(slotLabels(lost, liveSlots(lost)), ['Exchange Online', 'Intune']);
    assert.ok(allowedActions(lost, 'reviewer', at, policy).includes('approve'), 'the rest of the claim goes on');
    const alone = done(applyCompetitorChange(a(['Microsoft Teams']), { kind: 'lose', slots: ['usage|workload:microsoft teams'] }, SYSTEM_ACTOR, at, policy));
    assert.deepEqual(
      [alone.status, alone.history.at(-1)?.action, alone.slotOutcomes?.['usage|workload:microsoft teams']?.result],
      ['Rejected', 'rejectCompeting', 'lost'],
    );
  });

  it('an official association is superseded on the overlapping workload only', () => {
    const official = a(['Microsoft Teams', 'Exchange Online'], 'Official');
    const change = competitorChange(b(['Microsoft Teams'], 'Official'), official);
    assert.deepEqual(change, { kind: 'supersede', slots: ['usage|workload:microsoft teams'] });
    const after = done(applyCompetitorChange(official, change, SYSTEM_ACTOR, at, policy));
    assert.equal(after.status, 'Official');
    assert.deepEqual(slotResults(after), [
      { label: 'Microsoft Teams', result: 'superseded' },
      { label: 'Exchange Online', result: undefined },
    ]);
  });

  it('the holder going gives the workload back, unless another approval holds it now', () => {
    const held = done(applyCompetitorChange(a(), { kind: 'hold', slots: ['usage|workload:microsoft teams'] }, SYSTEM_ACTOR, at, policy));
    const gone = b(undefined, 'Rejected');
    assert.deepEqual(competitorChange(gone, held), { kind: 'resume', slots: ['usage|workload:microsoft teams'] });
    assert.equal(
      competitorChange(gone, held, () => true),
      undefined,
    );
    const resumed = done(applyCompetitorChange(held, competitorChange(gone, held)!, SYSTEM_ACTOR, at, policy));
    assert.deepEqual([resumed.status, resumed.slotOutcomes, resumed.history.at(-1)?.action], ['UnderReview', undefined, 'resume']);
  });

  it('an approval undone in its grace owes the settlement, and what waited behind it resumes', () => {
    const grace = { ...policy, undoSeconds: 60 };
    const approved = done(applyAction({ ...b(undefined, 'UnderReview') }, { action: 'approve', actor: REVIEWER, party: 'reviewer', at }, grace));
    const undone = applyUndo(approved, REVIEWER, 'reviewer', new Date(at.getTime() + 10_000));
    assert.ok(undone.ok);
    assert.ok(undone.claim.notices.some((n) => n.kind === 'competitors' && n.version === undone.claim.version && !n.notBefore));
    const held = done(applyCompetitorChange(a(), { kind: 'hold', slots: ['usage|workload:microsoft teams'] }, SYSTEM_ACTOR, at, policy));
    assert.deepEqual(competitorChange(undone.claim, held), { kind: 'resume', slots: ['usage|workload:microsoft teams'] });
  });

  it('Drafts never compete and are never competitors', () => {
    const draft = { ...a(), status: 'Draft' as const };
    assert.equal(competes(b(), draft), false);
    assert.equal(competes(draft, b()), false);
    assert.equal(competitorChange(b(), draft), undefined);
    assert.equal(competitorChange(b(undefined, 'Official'), draft), undefined);
  });

  it('random sequences of 2–4 organisations on overlapping workloads keep every rule at every step', function () {
    this.timeout(120_000);
    const totals = { sequences: 0, steps: 0, held: 0, resumed: 0, lost: 0, superseded: 0, official: 0 };
    const step = fc.record({
      op: fc.constantFrom(...OPS),
      org: fc.nat(3),
      pick: fc.nat(),
      workloads: fc.subarray(WORKLOADS, { minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(step, { minLength: 10, maxLength: 40 }), (orgs, steps) => {
        const market = run(orgs, steps);
        totals.sequences += 1;
        totals.steps += steps.length;
        for (const key of Object.keys(market.seen) as (keyof Market['seen'])[]) totals[key] += market.seen[key];
      }),
      { numRuns: 2000 },
    );
    console.log(`      ${JSON.stringify(totals)}`);
    // The sequences did reach the interesting states, or the invariants above proved nothing.
    for (const key of ['held', 'resumed', 'lost', 'superseded', 'official'] as const) assert.ok(totals[key] > 0, `no sequence ${key} a workload`);
  });
});
