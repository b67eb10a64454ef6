// One partner per customer tenant + workload (Microsoft 365) or subscription (Business Applications), per activity:
// approving a claim puts the other organisations' claims on that workload on hold (not rejected); they lose it when
// the approval becomes official and resume when it goes; an older association ends on that workload only when the
// new one becomes official, and two reviewers approving competing claims at the same moment cannot both win.
// On the embedded Cosmos server, through the real review handler, delivery and scheduler.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { SYSTEM_REASONS } from '../../services/domain/rules';
import { schedulerOn } from '../helpers/scheduler';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT, REVIEWER_TENANT, rita, type Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn, customerToldAndWindowPassed } from '../helpers/claims';

const OTHER_PARTNER = 'b0b0b0b0-2222-4333-8444-555566667777';
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
  const scheduler = () => schedulerOn(world);
  /** Two organisations' claims on one customer tenant and workload, both under review. */
  async function competingPair(workloads = ['Intune']): Promise<[Claim, Claim]> {
    const customerTenantId = randomUUID();
    const mine = await claimIn(world, 'UnderReview', { customerTenantId, workloads });
    const theirs = await claimIn(world, 'UnderReview', { customerTenantId, workloads, partnerTenantId: OTHER_PARTNER });
    return [await reread(mine), await reread(theirs)];
  }

  it("approving one claim puts the other organisation's claim on hold, not rejected; its partner is told why, never who", async () => {
    const [mine, theirs] = await competingPair();
    assert.ok(mine.competing && theirs.competing, 'both are flagged as competing');
    const { response } = await new Chat(world, rita).click('review.approve', data(mine));
    assert.equal(response.body.statusCode, 200);
    await world.delivery.settled();
    assert.equal((await reread(mine)).status, 'Approved');
    const waiting = await reread(theirs);
    assert.equal(waiting.status, 'UnderReview');
    assert.deepEqual([waiting.history.at(-1)?.action, waiting.history.at(-1)?.reason], ['hold', SYSTEM_REASONS.held]);
    const told = partnerTexts().filter((t) => t.includes(theirs.id));
    assert.ok(
      told.some((t) => /is on hold for Intune: another partner's claim on the same customer tenant and workload was approved/.test(t)),
      told.join('\n'),
    );
    for (const t of told) {
      for (const secret of [mine.id, mine.name, TENANT, mine.partnerContact.email])
        assert.ok(!t.includes(secret), `"${t}" names the other partner (${secret})`);
    }
    // The reviewer's card says it waits, and why, and offers no Approve; a click from an older card is refused.
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(waiting))).response.body.value);
    assert.match(card, /On hold for Intune: another partner's claim/);
    assert.match(card, /"title":"Workloads","value":"Intune \(on hold\)"/);
    assert.doesNotMatch(card, /"verb":"review.approve"/);
    const refused = await new Chat(world, rita).click('review.approve', data(waiting));
    assert.equal(refused.response.body.statusCode, 409);
    assert.match(String((refused.response.body.value as { message: string }).message), /on hold for Intune.*Nothing was changed/);
    assert.equal((await reread(theirs)).version, waiting.version);
  });

  it('the review card says what approving will do, and asks to confirm, before the click', async () => {
    const [mine] = await competingPair(['Microsoft Teams']);
    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(mine))).response.body.value);
    assert.match(card, /Approving puts 1 competing claim of other partners on hold on the shared workloads/);
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

  it("a claim made while another organisation's approval holds the workload is on hold from the start (written with it), and loses it when that one becomes official", async () => {
    const customerTenantId = randomUUID();
    const first = await claimIn(world, 'Approved', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    await world.delivery.settled();
    world.clock.set(new Date(world.clock.now().getTime() + 5 * 60_000)); // the approval has settled
    const second = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] });
    const created = second.history.find((h) => h.action === 'hold');
    assert.deepEqual([created?.to, created?.slots, second.competing], ['Submitted', ['Intune'], true], 'held and flagged in the claim as first written');
    const { response } = await new Chat(world, rita).click('review.approve', data(await reread(second)));
    assert.equal(response.body.statusCode, 409, 'an approval in its window is never overridden');
    await customerToldAndWindowPassed(world, await reread(first));
    await scheduler().promoteApproved();
    await world.delivery.settled();
    assert.equal((await reread(first)).status, 'Official');
    const lost = await reread(second);
    assert.deepEqual(
      [lost.status, lost.history.at(-1)?.reason, lost.slotOutcomes?.['usage|workload:intune']?.result],
      ['Rejected', SYSTEM_REASONS.competing, 'lost'],
    );
    assert.ok(partnerTexts().some((t) => t.includes(second.id) && /was rejected: Intune went to another partner/.test(t)));
  });

  it('a double click on Approve keeps the slot it took: the claim still becomes official', async () => {
    const customerTenantId = randomUUID();
    const other = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
    const newer = await reread(await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] }));
    const clicks = await Promise.all([new Chat(world, rita).click('review.approve', data(newer)), new Chat(world, rita).click('review.approve', data(newer))]);
    assert.ok(clicks.some((c) => c.response.body.statusCode === 200));
    await world.delivery.settled();
    await customerToldAndWindowPassed(world, await reread(newer));
    await scheduler().promoteApproved();
    await world.delivery.settled();
    assert.equal((await reread(newer)).status, 'Official', 'the losing half of the double click gave nothing back');
    assert.deepEqual([(await reread(other)).status, (await reread(other)).history.at(-1)?.reason], ['Rejected', SYSTEM_REASONS.competing]);
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
        // Submitted: Drafts never compete.
        submit: true,
        poe: { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: alice.id },
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
    // Once the first approval has settled its competitors, the other claim waits on hold.
    await world.delivery.deliverPending(theirs);
    assert.deepEqual([(await reread(mine)).status, (await reread(mine)).slotOutcomes?.['usage|workload:microsoft purview']?.result], ['UnderReview', 'held']);
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
    // A Draft never competes: neither it nor the other organisation's claim on the new slot is flagged.
    assert.equal((await reread(draft)).competing, false);
    assert.equal((await reread(theirs)).competing, false);
    assert.deepEqual(await world.deps.claims.competitorsOf(await reread(theirs)), []);
  });

  describe("each workload its own outcome (issue 20's examples: A claims Teams + Exchange + Intune, B claims Teams)", () => {
    const THREE = ['Microsoft Teams', 'Exchange Online', 'Intune'];
    const results = (claim: Claim) => Object.fromEntries(Object.entries(claim.slotOutcomes ?? {}).map(([key, o]) => [key, o.result]));
    const TEAMS = 'usage|workload:microsoft teams';
    const declineByCustomer = async (claim: Claim) => {
      const declined = await world.deps.claims.transition(claim, {
        action: 'customerDecline',
        actor: { id: 'customer', name: 'jane@contoso.com' },
        party: 'customer',
      });
      assert.equal(declined.kind, 'done');
      await world.delivery.deliverPending(claim);
      await world.delivery.settled();
    };
    async function pair(): Promise<{ a: Claim; b: Claim }> {
      const customerTenantId = randomUUID();
      const a = await claimIn(world, 'UnderReview', { customerTenantId, workloads: THREE });
      const b = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Microsoft Teams'], partnerTenantId: OTHER_PARTNER });
      assert.equal((await new Chat(world, rita).click('review.approve', data(await reread(b)))).response.body.statusCode, 200);
      await world.delivery.settled();
      return { a: await reread(a), b: await reread(b) };
    }

    it("B approved first: A is on hold on Teams only and goes on; B's customer declines: A resumes where it was, its partner and reviewers told", async () => {
      const { a, b } = await pair();
      assert.deepEqual([a.status, results(a)], ['UnderReview', { [TEAMS]: 'held' }], 'on hold on Teams, nothing else');
      const own = JSON.stringify((await new Chat(world, alice).click('review.refresh', data(a))).response.body.value);
      assert.match(own, /Microsoft Teams \(on hold\), Exchange Online, Intune/, "the partner's card shows each workload's result");
      // The rest of A goes on: the reviewer asks for information, the claim moves.
      const asked = await new Chat(world, rita).click('review.requestInfo', data(a, { reason: 'Missing All PoE', comment: 'Please attach the SOW.' }));
      assert.equal(asked.response.body.statusCode, 200);
      await world.delivery.settled();
      assert.equal((await reread(a)).status, 'PartnerActionRequired');

      await declineByCustomer(await reread(b));
      const resumed = await reread(a);
      assert.deepEqual([resumed.status, resumed.slotOutcomes, resumed.history.at(-1)?.action], ['PartnerActionRequired', undefined, 'resume']);
      const told = partnerTexts().filter((t) => t.includes(a.id));
      assert.ok(
        told.some((t) => /resumes for Microsoft Teams: the other partner's approval there has ended. It is Partner action required/.test(t)),
        told.join('\n'),
      );
      // Reviewers: a refresh of the review card is owed in the resume's own write and was attempted (this world has
      // no review channel to post it to), and the card no longer says it waits.
      const cards = resumed.notices.filter((n) => n.kind === 'reviewCard' && n.version === resumed.version);
      assert.ok(cards.length > 0 && cards.every((n) => n.attempts > 0), JSON.stringify(resumed.notices));
      const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(resumed))).response.body.value);
      assert.doesNotMatch(card, /On hold for/);
      assert.match(card, /resumed \(Partner action required → Partner action required\) · Microsoft Teams/);
    });

    it('A answers by an edit that drops Teams: the hold goes with Teams, and A can be approved on the rest', async () => {
      const { a } = await pair();
      const asked = await new Chat(world, rita).click('review.requestInfo', data(a, { reason: 'Missing Products', comment: 'Which workloads?' }));
      assert.equal(asked.response.body.statusCode, 200);
      const waiting = await reread(a);
      const edited = await world.deps.claims.saveEdit(waiting, {
        fields: { ...waiting, workloads: ['Exchange Online', 'Intune'] },
        actor: { id: alice.id, name: alice.name },
        party: 'incentivesAdmin',
        expectedVersion: waiting.version,
      });
      assert.equal(edited.kind, 'done', JSON.stringify(edited));
      const answered = await reread(a);
      assert.deepEqual([answered.status, answered.slotOutcomes], ['UnderReview', undefined]);
      assert.equal((await new Chat(world, rita).click('review.approve', data(answered))).response.body.statusCode, 200);
      assert.equal((await reread(a)).status, 'Approved');
    });

    it('B becomes official: A loses Teams only; the rest is approved and becomes official, the customer e-mail and the partner name the workloads', async () => {
      const { a, b } = await pair();
      await customerToldAndWindowPassed(world, b);
      await scheduler().promoteApproved();
      await world.delivery.settled();
      assert.equal((await reread(b)).status, 'Official');
      const rest = await reread(a);
      assert.deepEqual([rest.status, results(rest)], ['UnderReview', { [TEAMS]: 'lost' }]);
      assert.ok(
        partnerTexts().some(
          (t) =>
            t.includes(a.id) &&
            /Microsoft Teams of your claim .* went to another partner, .* The rest of your claim goes on: Exchange Online, Intune\./.test(t),
        ),
      );
      const mails = () => (fs.existsSync(world.config.mailOutboxDir) ? fs.readdirSync(world.config.mailOutboxDir).filter((f) => f.endsWith('.eml')) : []);
      const before = new Set(mails());
      assert.equal((await new Chat(world, rita).click('review.approve', data(rest))).response.body.statusCode, 200, 'the rest of A is approved');
      await world.delivery.settled();
      const mail = mails()
        .filter((f) => !before.has(f))
        .map((f) => fs.readFileSync(path.join(world.config.mailOutboxDir, f), 'latin1').replace(/=\r?\n/g, ''))
        .join('\n');
      assert.match(mail, /Exchange Online, Intune/, 'the customer e-mail names the workloads it is about');
      assert.doesNotMatch(mail, /Microsoft Teams/);
      await customerToldAndWindowPassed(world, await reread(a));
      await scheduler().promoteApproved();
      await world.delivery.settled();
      const official = await reread(a);
      assert.deepEqual([official.status, results(official)], ['Official', { [TEAMS]: 'lost' }]);
      assert.ok(
        partnerTexts().some(
          (t) => t.includes(a.id) && /for Exchange Online, Intune is now official .* Not included: Microsoft Teams, which went to another partner\./.test(t),
        ),
        partnerTexts()
          .filter((t) => t.includes(a.id))
          .join('\n'),
      );
      for (const t of partnerTexts().filter((t) => t.includes(a.id)))
        assert.ok(!t.includes(OTHER_PARTNER) && !t.includes(b.id), `"${t}" names the other partner`);
    });

    it('A official on Teams + Exchange, B becomes official on Teams: A is superseded on Teams only and stays official on Exchange', async () => {
      const customerTenantId = randomUUID();
      const a = await claimIn(world, 'Official', { customerTenantId, workloads: ['Microsoft Teams', 'Exchange Online'] });
      const b = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Microsoft Teams'], partnerTenantId: OTHER_PARTNER });
      assert.equal((await new Chat(world, rita).click('review.approve', data(await reread(b)))).response.body.statusCode, 200);
      await world.delivery.settled();
      assert.deepEqual([(await reread(a)).status, (await reread(a)).slotOutcomes], ['Official', undefined], 'untouched during the window');
      await customerToldAndWindowPassed(world, await reread(b));
      await scheduler().promoteApproved();
      await world.delivery.settled();
      const after = await reread(a);
      assert.deepEqual([after.status, results(after)], ['Official', { [TEAMS]: 'superseded' }]);
      assert.ok(partnerTexts().some((t) => t.includes(a.id) && /has ended for Microsoft Teams: .* It stays official for Exchange Online\./.test(t)));
    });

    it("another organisation's Draft never competes: not flagged, not shown, not held; the submitted claim beside it is approved alone", async () => {
      const customerTenantId = randomUUID();
      const draft = await claimIn(world, 'Draft', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
      const mine = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] });
      assert.deepEqual([mine.competing, (await reread(draft)).competing], [false, false]);
      const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(mine))).response.body.value);
      assert.doesNotMatch(card, /Competing claim/);
      assert.equal((await new Chat(world, rita).click('review.approve', data(await reread(mine)))).response.body.statusCode, 200);
      await world.delivery.settled();
      assert.deepEqual([(await reread(draft)).status, (await reread(draft)).slotOutcomes], ['Draft', undefined]);
    });

    it("a crash between storing a claim and flagging its competitors leaves no reviewer blind: the older claim's card finds the newer one", async () => {
      const customerTenantId = randomUUID();
      const older = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'] });
      const newer = await claimIn(world, 'UnderReview', { customerTenantId, workloads: ['Intune'], partnerTenantId: OTHER_PARTNER });
      assert.equal(newer.competing, true, 'flagged in its own first write');
      // As if the process died before the older claim was flagged.
      await world.deps.claims.update(older, (c) => {
        c.competing = false;
        return true;
      });
      const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(await reread(older)))).response.body.value);
      assert.match(card, /Competing claim: another partner holds an open claim/);
      assert.match(card, new RegExp(`"value":"${OTHER_PARTNER}"`), 'the competitor is shown side by side');
    });
  });
});
