// One partner per customer tenant + workload (Microsoft 365) or subscription (Business Applications), per activity:
// approving a claim rejects the other organisations' open claims on that slot, an older association ends when the
// new one becomes official, and two reviewers approving competing claims at the same moment cannot both win.
// On the embedded Cosmos server, through the real review handler, delivery and scheduler.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { SYSTEM_REASONS } from '../../services/domain/rules';
import { Scheduler } from '../../bot/workers/scheduler';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT, type Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn, customerToldAndWindowPassed } from '../helpers/claims';

const REVIEWER_TENANT = 'f00dcafe-0000-4000-8000-000000000001';
const OTHER_PARTNER = 'b0b0b0b0-2222-4333-8444-555566667777';
const rita: Who = { id: '29:rita', name: 'Rita Reviewer', tenantId: REVIEWER_TENANT };
const rob: Who = { id: '29:rob', name: 'Rob Reviewer', tenantId: REVIEWER_TENANT };

const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});

describe('one partner per customer tenant and workload (competing claims)', function () {
  this.timeout(180_000);
  let world: BotWorld;
  before(async () => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [alice.id]: ['incentivesAdmin'], [rita.id]: ['reviewer'], [rob.id]: ['reviewer'] }));
    world = await openWorld({ ROLES_FILE: rolesFile });
  });
  after(() => world.close());

  const reread = async (claim: Claim) => (await world.deps.claims.get(claim.partnerTenantId, claim.id)) as Claim;
  const partnerTexts = () => world.connector.received.map((r) => r.activity.text ?? '').filter(Boolean);
  const scheduler = () =>
    new Scheduler({
      claims: world.deps.claims,
      delivery: world.delivery,
      leases: world.store.containers.botState,
      log: world.deps.log,
      intervalMs: 60_000,
      clock: world.clock,
    });
  /** Two organisations' claims on one customer tenant and workload, both under review. */
  async function competingPair(workloads = ['Intune']): Promise<[Claim, Claim]> {
    const customerTenantId = randomUUID();
    const mine = await claimIn(world, 'UnderReview', { customerTenantId, workloads });
    const theirs = await claimIn(world, 'UnderReview', { customerTenantId, workloads, partnerTenantId: OTHER_PARTNER });
    return [await reread(mine), await reread(theirs)];
  }

  it("approving one claim rejects the other organisation's open claim at once; its partner is told why, never who", async () => {
    const [mine, theirs] = await competingPair();
    assert.ok(mine.competing && theirs.competing, 'both are flagged as competing');
    const { response } = await new Chat(world, rita).click('review.approve', data(mine));
    assert.equal(response.body.statusCode, 200);
    await world.delivery.settled();
    assert.equal((await reread(mine)).status, 'Approved');
    const loser = await reread(theirs);
    assert.equal(loser.status, 'Rejected');
    assert.deepEqual([loser.history.at(-1)?.action, loser.history.at(-1)?.reason], ['rejectCompeting', SYSTEM_REASONS.competing]);
    const told = partnerTexts().filter((t) => t.includes(theirs.id));
    assert.ok(
      told.some((t) => /another partner's claim on the same customer tenant and workload was approved/.test(t)),
      told.join('\n'),
    );
    for (const t of told) {
      for (const secret of [mine.id, mine.name, TENANT, mine.partnerContact.email])
        assert.ok(!t.includes(secret), `"${t}" names the other partner (${secret})`);
    }
    // The reviewer's card for the loser says it ended, and it can still be disputed with a better proof.
    const refreshed = await new Chat(world, rita).click('review.refresh', data(loser));
    assert.match(JSON.stringify(refreshed.response.body.value), /Rejected · /);
  });

  it('the review card says what approving will do, and asks to confirm, before the click', async () => {
    const [mine] = await competingPair(['Microsoft Teams']);
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(mine))).response.body.value);
    assert.match(card, /Approving rejects 1 competing claim of other partners/);
    assert.match(card, /"type":"Action.ShowCard","title":"Approve"/, 'Approve opens a confirmation first');
    assert.match(card, /"verb":"review.approve","title":"Confirm the approval"/);
    const alone = await claimIn(world, 'UnderReview', { customerTenantId: randomUUID() });
    const plain = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(alone))).response.body.value);
    assert.match(plain, /"type":"Action.Execute","verb":"review.approve","title":"Approve"/, 'no confirmation when nobody else is affected');
  });

  it('two reviewers approving two competing claims at once: exactly one becomes official, 100 of 100 trials', async () => {
    const outcomes = { mine: 0, theirs: 0 };
    for (let trial = 0; trial < 100; trial++) {
      const [mine, theirs] = await competingPair();
      const [a, b] = await Promise.all([new Chat(world, rita).click('review.approve', data(mine)), new Chat(world, rob).click('review.approve', data(theirs))]);
      await world.delivery.settled();
      const codes = [a.response.body.statusCode, b.response.body.statusCode];
      assert.ok(codes.includes(200), `one approval goes through: ${codes.join(', ')}`);
      let [m, t] = [await reread(mine), await reread(theirs)];
      // Whatever the interleaving, at most one is still on its way to official.
      const alive = [m, t].filter((c) => c.status === 'Approved');
      assert.equal(alive.length, 1, `trial ${trial}: ${m.status} / ${t.status}`);
      // The customer is told, the window passes, the scheduler runs.
      await customerToldAndWindowPassed(world, alive[0]);
      await scheduler().promoteApproved();
      await world.delivery.settled();
      [m, t] = [await reread(mine), await reread(theirs)];
      const official = [m, t].filter((c) => c.status === 'Official');
      assert.equal(official.length, 1, `trial ${trial}: exactly one official (${m.status} / ${t.status})`);
      const loser = official[0].id === m.id ? t : m;
      assert.equal(loser.status, 'Rejected');
      assert.equal(loser.history.at(-1)?.reason, SYSTEM_REASONS.competing);
      outcomes[official[0].id === m.id ? 'mine' : 'theirs']++;
    }
    assert.equal(outcomes.mine + outcomes.theirs, 100);
  });

  it("an association already official ends when another organisation's approved claim becomes official", async () => {
    const customerTenantId = randomUUID();
    const old = await claimIn(world, 'Official', { customerTenantId, workloads: ['Exchange Online'], partnerTenantId: OTHER_PARTNER });
    const newer = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Exchange Online'] });
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(await reread(newer)))).response.body.value);
    assert.match(card, /association on this workload will end when this one becomes official/);
    await new Chat(world, rita).click('review.approve', data(await reread(newer)));
    await world.delivery.settled();
    assert.equal((await reread(old)).status, 'Official', 'it stays official while the new one is in its opt-out window');
    await customerToldAndWindowPassed(world, await reread(newer));
    await scheduler().promoteApproved();
    await world.delivery.settled();
    assert.equal((await reread(newer)).status, 'Official');
    const ended = await reread(old);
    assert.deepEqual([ended.status, ended.history.at(-1)?.action, ended.history.at(-1)?.reason], ['Rejected', 'supersede', SYSTEM_REASONS.superseded]);
    assert.ok(partnerTexts().some((t) => t.includes(old.id) && /has ended: another partner's association/.test(t)));
  });

  it('an approval that lost its slot to a later approval is rejected when its window ends, not made official', async () => {
    const customerTenantId = randomUUID();
    const first = await claimIn(world, 'Approved', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    await world.delivery.settled();
    // A new claim from another organisation, approved after the first one's approval has settled (grace passed).
    world.clock.set(new Date(world.clock.now().getTime() + 5 * 60_000));
    const second = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] });
    // The confirmation says what happens to it: not rejected now, but it will not become official.
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(await reread(second)))).response.body.value);
    assert.match(card, /1 approved claim of another partner on this workload will not become official/);
    assert.doesNotMatch(card, /Approving rejects/);
    const { response } = await new Chat(world, rita).click('review.approve', data(await reread(second)));
    assert.equal(response.body.statusCode, 200);
    await world.delivery.settled();
    assert.equal((await reread(first)).status, 'Approved', 'its customer may still opt out of it');
    await customerToldAndWindowPassed(world, await reread(first));
    await customerToldAndWindowPassed(world, await reread(second));
    await scheduler().promoteApproved();
    assert.equal((await reread(second)).status, 'Official');
    const lost = await reread(first);
    assert.deepEqual([lost.status, lost.history.at(-1)?.reason], ['Rejected', SYSTEM_REASONS.competing]);
  });

  it('a double click on Approve keeps the slot it took: the claim still becomes official', async () => {
    const customerTenantId = randomUUID();
    const older = await claimIn(world, 'Approved', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    await world.delivery.settled();
    world.clock.set(new Date(world.clock.now().getTime() + 5 * 60_000)); // the older approval has settled
    const newer = await reread(await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] }));
    const clicks = await Promise.all([new Chat(world, rita).click('review.approve', data(newer)), new Chat(world, rita).click('review.approve', data(newer))]);
    assert.ok(clicks.some((c) => c.response.body.statusCode === 200));
    await world.delivery.settled();
    await customerToldAndWindowPassed(world, await reread(older));
    await customerToldAndWindowPassed(world, await reread(newer));
    await scheduler().promoteApproved();
    assert.equal((await reread(newer)).status, 'Official', 'the losing half of the double click gave nothing back');
    assert.deepEqual([(await reread(older)).status, (await reread(older)).history.at(-1)?.reason], ['Rejected', SYSTEM_REASONS.competing]);
  });

  it('a later approval that was then declined by its customer gives the slot back to the earlier one', async () => {
    const customerTenantId = randomUUID();
    const first = await claimIn(world, 'Approved', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    await world.delivery.settled();
    world.clock.set(new Date(world.clock.now().getTime() + 5 * 60_000));
    const second = await reread(await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] }));
    await new Chat(world, rita).click('review.approve', data(second));
    await world.delivery.settled();
    const declined = await world.deps.claims.transition(second, {
      action: 'customerDecline',
      actor: { id: 'customer', name: 'jane@contoso.com' },
      party: 'customer',
    });
    assert.equal(declined.kind, 'done');
    await customerToldAndWindowPassed(world, await reread(first));
    await scheduler().promoteApproved();
    assert.equal((await reread(first)).status, 'Official', 'a rejected holder does not keep the slot from anyone');
  });

  it('a partner looking at its own competing claim never sees the other organisation', async () => {
    const [mine, theirs] = await competingPair(['Windows Enterprise']);
    const view = JSON.stringify((await new Chat(world, alice).click('review.refresh', data(mine))).response.body.value);
    assert.match(view, /Competing claim/, 'it is told that its claim competes');
    for (const secret of [theirs.id, OTHER_PARTNER, theirs.name]) assert.ok(!view.includes(secret), `shows ${secret}`);
    assert.ok(!/"verb":"review\.approve"/.test(view), 'and has no reviewer buttons');
  });

  it("a disputed claim comes back beside the other organisation's claim made since, and approving it says so", async () => {
    const customerTenantId = randomUUID();
    const mine = await claimIn(world, 'Rejected', { customerTenantId, workloads: ['Microsoft Defender'] });
    const theirs = await claimIn(world, 'Official', { customerTenantId, workloads: ['Microsoft Defender'], partnerTenantId: OTHER_PARTNER });
    assert.equal(theirs.competing, false, 'created while the only other claim was rejected');
    const { response } = await new Chat(world, alice).click('claim.dispute', data(await reread(mine), { comment: 'Our SOW predates theirs.' }));
    assert.equal(response.body.statusCode, 200);
    const disputed = await reread(mine);
    assert.deepEqual([disputed.status, disputed.competing, (await reread(theirs)).competing], ['UnderReview', true, true]);
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(disputed))).response.body.value);
    assert.match(card, /association on this workload will end when this one becomes official/);
  });

  it('activities are separate slots; a duplicate is the same organisation, tenant, subscription and activity', async () => {
    const customerTenantId = randomUUID();
    const subscriptionId = randomUUID();
    const create = (activity: 'presales' | 'usage' | 'revenueAssociation', partnerTenantId = TENANT) =>
      world.deps.claims.create({
        id: `CPOR-ACT${randomUUID().slice(0, 8)}`,
        partnerTenantId,
        submit: false,
        actor: { id: alice.id, name: alice.name },
        fields: {
          solutionArea: 'businessApplications',
          activity,
          partnerId: '1234567',
          customerDomain: 'contoso.com',
          customerTenantId,
          product: 'Dynamics 365 Sales',
          subscriptionId,
          technicalContact: { name: 'Tina Tech', title: 'IT Manager', email: 'tina@contoso.com' },
          customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
          partnerContact: { name: alice.name, email: 'alice@partner.example' },
          name: `Sales ${activity}`,
        },
      });
    const presales = await create('presales');
    const usage = await create('usage');
    const revenue = await create('revenueAssociation');
    assert.deepEqual([presales.kind, usage.kind, revenue.kind], ['created', 'created', 'created'], 'one organisation, three activities');
    const duplicate = await create('usage');
    assert.equal(duplicate.kind, 'duplicate');
    const otherUsage = await create('usage', OTHER_PARTNER);
    assert.equal(otherUsage.kind, 'created');
    assert.equal(otherUsage.kind === 'created' && otherUsage.claim.competing, true, 'another organisation on the same slot competes');
    const competitors = await world.deps.claims.competitorsOf(otherUsage.kind === 'created' ? otherUsage.claim : (undefined as never));
    assert.deepEqual(
      competitors.map((c) => c.activity),
      ['usage'],
      'only the Usage claim competes with it',
    );
  });

  it('a busy arbiter (another approval in flight) refuses with a clear message and changes nothing', async () => {
    const [mine, theirs] = await competingPair(['Microsoft Purview']);
    // An approval of `theirs` that took the slot and has not written its transition yet (or died doing it).
    const taken = await world.deps.claims.transition(theirs, { action: 'approve', actor: rob, party: 'reviewer' });
    assert.equal(taken.kind, 'done');
    const { response } = await new Chat(world, rita).click('review.approve', data(mine));
    assert.equal(response.body.statusCode, 409);
    assert.match(String((response.body.value as { message: string }).message), /Another reviewer is approving a competing claim .* Nothing was changed/);
    const after = await reread(mine);
    assert.deepEqual([after.status, after.version], [mine.status, mine.version]);
    // Once the first approval has settled its competitors, the other claim is rejected as competing.
    await world.delivery.deliverPending(theirs);
    assert.equal((await reread(mine)).status, 'Rejected');
  });
  it('an edit that moves a claim to another customer tenant or workload frees the old slots, holds the new ones and finds competitors there', async () => {
    const [oldTenant, newTenant] = [randomUUID(), randomUUID()];
    const draft = await claimIn(world, 'Draft', { customerTenantId: oldTenant, workloads: ['Intune'] });
    const theirs = await claimIn(world, 'UnderReview', { customerTenantId: newTenant, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    const fields = { ...draft, customerTenantId: newTenant };
    const edited = await world.deps.claims.saveEdit(draft, {
      fields,
      actor: { id: alice.id, name: alice.name },
      party: 'incentivesAdmin',
      expectedVersion: draft.version,
    });
    assert.equal(edited.kind, 'done', JSON.stringify(edited));
    // The old tenant's slot is free: the same organisation may claim it again.
    const again = await claimIn(world, 'Draft', { customerTenantId: oldTenant, workloads: ['Intune'] });
    assert.equal(again.customerTenantId, oldTenant);
    // The new one is held: a second claim there is a duplicate of the edited one.
    const duplicate = await world.deps.claims.create({
      id: `CPOR-DUP-${randomUUID().slice(0, 8)}`,
      partnerTenantId: draft.partnerTenantId,
      submit: false,
      actor: { id: alice.id, name: alice.name },
      fields: { ...fields, name: 'Another try' },
    });
    assert.equal(duplicate.kind, 'duplicate');
    assert.equal((duplicate as { existing: { id: string } }).existing.id, draft.id);
    // And the other organisation's claim on the new slot now competes with it, both flagged.
    assert.equal((await reread(draft)).competing, true);
    assert.equal((await reread(theirs)).competing, true);
  });
});
