// Partners manage their associations: list (filters, paging), detail, withdraw, dispute — every action checked on
// the server per role, state and organisation. Embedded Cosmos, real store transitions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim, ClaimStatus } from '../../services/domain/claim';
import { DEFAULT_POLICY, disputeCheck } from '../../services/domain/rules';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, TENANT, OTHER_TENANT, rita, type Who } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { tempDir } from '../helpers/testApp';
import { allLanguages } from '../../services/strings';

const pete: Who = { id: '29:pete', name: 'Pete Partner', tenantId: TENANT };
const olga: Who = { id: '29:olga', name: 'Olga Other', tenantId: OTHER_TENANT };

const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});
const cardText = (response: { body: { value: unknown } }) => JSON.stringify(response.body.value);

describe('managing associations', function () {
  this.timeout(120_000);
  let world: BotWorld;
  before(async () => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(
      rolesFile,
      JSON.stringify({ [alice.id]: ['incentivesAdmin'], [pete.id]: ['incentivesUser'], [olga.id]: ['incentivesAdmin'], [rita.id]: ['reviewer'] }),
    );
    world = await openWorld({ ROLES_FILE: rolesFile });
  });
  after(() => world.close());

  const WITHDRAWABLE: ClaimStatus[] = ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Official'];
  for (const state of [...WITHDRAWABLE, 'Rejected'] as ClaimStatus[]) {
    for (const [role, who] of [
      ['incentives admin', alice],
      ['incentives user', pete],
      ['reviewer only', rita],
      ['admin of another organisation', olga],
    ] as const) {
      const allowed = role === 'incentives admin' && WITHDRAWABLE.includes(state);
      it(`withdraw on ${state} by ${role}: ${allowed ? 'Rejected, final' : 'refused, nothing changes'}`, async () => {
        const claim = await claimIn(world, state);
        const { response, replies } = await new Chat(world, who).click('claim.withdraw', data(claim, { comment: 'The customer changed its mind.' }));
        const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
        if (allowed) {
          assert.equal(response.body.statusCode, 200);
          assert.equal(after.status, 'Rejected');
          assert.deepEqual([after.history.at(-1)?.action, after.history.at(-1)?.reason], ['withdraw', 'Partner request']);
          assert.match(replies.map(textOf).join(), /withdrawn\. The customer will not be contacted again/);
          assert.equal(disputeCheck(after, world.clock.now(), DEFAULT_POLICY).ok, false, 'a withdrawal is final');
        } else {
          assert.equal(response.body.type, 'application/vnd.microsoft.error');
          assert.equal(after.version, claim.version);
        }
      });
    }
  }

  it('withdrawing before the customer e-mail left means the customer is not contacted', async () => {
    const claim = await claimIn(world, 'Approved');
    await new Chat(world, alice).click('claim.withdraw', data(claim, { comment: 'Wrong tenant.' }));
    await world.delivery.deliverPending(claim);
    await world.delivery.settled();
    const outbox = world.config.mailOutboxDir;
    const mails = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.includes('.eml')) : [];
    const mentions = mails.filter((f) => fs.readFileSync(path.join(outbox, f), 'utf8').includes(claim.id));
    assert.equal(mentions.length, 0);
  });

  it("a Draft withdrawn gets no review card (reviewers never saw it); an Official claim's customer is still told", async () => {
    const draft = await claimIn(world, 'Draft');
    await new Chat(world, alice).click('claim.withdraw', data(draft, { 'claim.withdraw': 'Created by mistake.' }));
    const withdrawn = (await world.deps.claims.get(TENANT, draft.id)) as Claim;
    assert.equal(withdrawn.history.at(-1)?.comment, 'Created by mistake.', 'the form input named after its verb');
    assert.equal(withdrawn.notices.filter((n) => n.kind === 'reviewCard').length, 0);
    const official = await claimIn(world, 'Official');
    await world.delivery.deliverPending(official);
    const outbox = world.config.mailOutboxDir;
    const mails = fs.readdirSync(outbox).filter((f) => fs.readFileSync(path.join(outbox, f), 'utf8').includes(official.id));
    assert.equal(mails.length, 1, 'the customer e-mail went out even though the claim became official first');
  });

  it('a reason is required to withdraw', async () => {
    const claim = await claimIn(world, 'Submitted');
    const { response } = await new Chat(world, alice).click('claim.withdraw', data(claim, { comment: '   ' }));
    assert.equal(response.body.statusCode, 400);
  });

  it('a withdrawal whose comment is not text, or a list filter that is not, is refused as bad card data and changes nothing', async () => {
    const claim = await claimIn(world, 'Submitted');
    const chat = new Chat(world, alice);
    const withdraw = await chat.click('claim.withdraw', data(claim, { 'claim.withdraw': 42 }));
    const list = await chat.click('claim.list', { status: 5 });
    for (const { response } of [withdraw, list]) {
      assert.equal(response.body.statusCode, 400);
      assert.equal((response.body.value as { message: string }).message, allLanguages.en.cardData.invalid);
    }
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.version, claim.version);
  });

  describe('dispute', () => {
    async function rejectedAt(when: Date): Promise<Claim> {
      const claim = await claimIn(world, 'Rejected');
      const moved = claim.history.map((h, i) => (i === claim.history.length - 1 ? { ...h, at: when.toISOString() } : h));
      await world.store.containers.associations.item(claim.id, TENANT).patch([{ op: 'set', path: '/history', value: moved }]);
      return (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    }

    it('within 30 days: back under review, flagged as disputed on the review card; a second dispute is refused', async () => {
      const claim = await rejectedAt(new Date(world.clock.now().getTime() - 29 * 86400_000));
      const detail = await new Chat(world, alice).click('claim.open', data(claim));
      assert.match(cardText(detail.response), /claim\.dispute/, 'the detail card offers the dispute');
      const { response } = await new Chat(world, alice).click('claim.dispute', data(claim, { comment: 'The SOW is signed on page 4.' }));
      assert.equal(response.body.statusCode, 200);
      const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
      assert.equal(after.status, 'UnderReview');
      const review = await new Chat(world, rita).click('review.refresh', data(after));
      assert.match(cardText(review.response), /Disputed: the rejection is being reviewed again/);
      await new Chat(world, rita).click('review.reject', data(after, { reason: 'Insufficient proof of execution', comment: 'Still unsigned.' }));
      const again = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
      const second = await new Chat(world, alice).click('claim.dispute', data(again, { comment: 'Please look again.' }));
      assert.equal(second.response.body.statusCode, 400);
      assert.match(String((second.response.body.value as { message: string }).message), /only once/);
    });

    it('a dispute is refused while the organisation has claimed the same thing again since', async () => {
      const customerTenantId = randomUUID();
      const rejected = await claimIn(world, 'Rejected', { workloads: ['Intune'], customerTenantId });
      const again = await claimIn(world, 'Submitted', { workloads: ['Intune'], customerTenantId });
      const { response } = await new Chat(world, alice).click('claim.dispute', data(rejected, { comment: 'Please look again.' }));
      assert.equal(response.body.statusCode, 400);
      assert.match(String((response.body.value as { message: string }).message), new RegExp(`already has an open claim.*${again.id}`));
      assert.equal((await world.deps.claims.get(TENANT, rejected.id))?.status, 'Rejected');
    });

    it("day 30 is in until its end in the calendar's time zone (23:00 in Rome), day 31 is out (00:01 in Rome)", async () => {
      const rome = await openWorld({ CUSTOMER_TIME_ZONE: 'Europe/Rome', HOLIDAY_COUNTRY: 'IT' });
      try {
        // Rejected on Monday 2 November 2026 at 15:00 in Rome (14:00 UTC): day 30 is Wednesday 2 December.
        rome.clock.set('2026-11-02T14:00:00Z');
        const [inTime, late] = [await claimIn(rome, 'Rejected'), await claimIn(rome, 'Rejected')];
        const dispute = (claim: Claim) => new Chat(rome, alice).click('claim.dispute', data(claim, { comment: 'The SOW is signed on page 4.' }));

        rome.clock.set('2026-12-02T22:00:00Z'); // 23:00 in Rome on day 30: eight hours past 30 × 24 hours
        assert.equal((await dispute(inTime)).response.body.statusCode, 200);
        assert.equal((await rome.deps.claims.get(TENANT, inTime.id))?.status, 'UnderReview');

        rome.clock.set('2026-12-02T23:01:00Z'); // 00:01 in Rome on day 31
        const refused = await dispute(late);
        assert.equal(refused.response.body.statusCode, 400);
        assert.match(String((refused.response.body.value as { message: string }).message), /within 30 days/);
        assert.equal((await rome.deps.claims.get(TENANT, late.id))?.status, 'Rejected');
      } finally {
        await rome.close();
      }
    });

    it('a late dispute is refused with the rule, and an incentives user may not dispute', async () => {
      const late = await rejectedAt(new Date(world.clock.now().getTime() - 31 * 86400_000));
      const refused = await new Chat(world, alice).click('claim.dispute', data(late, { comment: 'x' }));
      assert.match(String((refused.response.body.value as { message: string }).message), /within 30 days/);
      const fresh = await rejectedAt(world.clock.now());
      const byUser = await new Chat(world, pete).click('claim.dispute', data(fresh, { comment: 'x' }));
      assert.equal(byUser.response.body.statusCode, 403);
      assert.equal((await world.deps.claims.get(TENANT, fresh.id))?.status, 'Rejected');
    });
  });

  it("lists the organisation's claims newest first, page by page, and never another organisation's", async () => {
    const listWorld = await openWorld();
    try {
      const mine: Claim[] = [];
      for (let i = 0; i < 23; i++) mine.push(await claimIn(listWorld, i % 2 ? 'Submitted' : 'Draft'));
      const chat = new Chat(listWorld, alice);
      const first = await chat.say('my associations');
      const firstCard = first[0].attachments?.[0].content as { body: unknown[]; actions: { data: { continuation: string } }[] };
      const seen = new Set<string>();
      const ids = (card: unknown) => [...JSON.stringify(card).matchAll(/"claimId":"(CPOR-[^"]+)"/g)].map((m) => m[1]);
      ids(firstCard).forEach((id) => seen.add(id));
      assert.equal(seen.size, 10);
      let continuation = firstCard.actions.find((a) => a.data?.continuation)?.data.continuation;
      let pages = 1;
      while (continuation) {
        const next = await chat.click('claim.list', { continuation });
        const card = next.response.body.value as { actions: { data: { continuation?: string } }[] };
        ids(card).forEach((id) => seen.add(id));
        continuation = card.actions.find((a) => a.data?.continuation)?.data.continuation;
        pages++;
      }
      assert.equal(pages, 3);
      assert.equal(seen.size, 23, 'every claim once across the pages');
      const other = await new Chat(listWorld, { ...olga }).say('my associations');
      assert.deepEqual(ids(other[0].attachments?.[0].content), [], 'another organisation sees none of them');
      const drafts = await chat.click('claim.list', { status: 'Draft' });
      assert.equal(ids(drafts.response.body.value).length, 10);
      assert.match(cardText(drafts.response), /"value":"Draft"/, 'the filter stays selected');
      const byWorkload = await chat.click('claim.list', { workload: mine[5].workloads?.[0] });
      assert.deepEqual(ids(byWorkload.response.body.value), [mine[5].id]);
    } finally {
      await listWorld.close();
    }
  });

  it("partner and reviewer talk in the claim's comments; the other side is told", async () => {
    await new Chat(world, alice).ask('help'); // the partner's chat is known
    const claim = await claimIn(world, 'UnderReview');
    await world.delivery.deliverPending(claim);
    const fromPartner = await new Chat(world, pete).click('claim.comment', data(claim, { comment: 'The SOW <b>is</b> signed on page 4.' }));
    assert.equal(fromPartner.response.body.statusCode, 200);
    assert.match(cardText(fromPartner.response), /Pete Partner \(partner\): The SOW <b>is<\/b> signed on page 4\./);
    const review = await new Chat(world, rita).click('review.refresh', data(claim));
    assert.match(cardText(review.response), /Pete Partner \(partner\): The SOW/, 'the reviewer sees it on the review card');
    const before = world.connector.received.length;
    const fromReviewer = await new Chat(world, rita).click('review.comment', data(claim, { comment: 'Thanks, checking now.' }));
    assert.equal(fromReviewer.response.body.statusCode, 200);
    await world.delivery.settled();
    const told = world.connector.received
      .slice(before)
      .filter((r) => /Rita Reviewer commented on your claim .*"Thanks, checking now\."/.test(r.activity.text ?? ''));
    assert.equal(told.length, 1, 'the partner is told once');
    const stored = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    assert.equal(stored.version, claim.version, 'comments are not transitions: cards stay valid');
    assert.deepEqual(
      stored.thread?.map((c) => c.side),
      ['partner', 'reviewer'],
    );
    const empty = await new Chat(world, rita).click('review.comment', data(claim, { comment: ' ' }));
    assert.equal(empty.response.body.statusCode, 400);
    const outsider = await new Chat(world, olga).click('claim.comment', data(claim, { comment: 'hello' }));
    assert.equal(outsider.response.body.statusCode, 400, 'another organisation cannot comment');
  });

  describe('edit', () => {
    const pdf = `data:application/pdf;base64,${Buffer.from('%PDF-1.4 signed SOW').toString('base64')}`;

    const valid = () => ({ workloads: ['Intune'], customerTenantId: randomUUID() });

    it('a Draft: change the Partner ID, add the PoE, submit — re-validated, Submitted, history kept', async () => {
      const claim = await claimIn(world, 'Draft', valid());
      const chat = new Chat(world, alice);
      const opened = await chat.click('claim.edit', data(claim));
      assert.equal(opened.response.body.statusCode, 200);
      assert.match(opened.replies.map(textOf).join(), /Your customer association/, 'the summary of the stored claim');
      const groups = await chat.ask('edit');
      assert.doesNotMatch(groups, /Customer domain and tenant ID/, 'what it claims on whom is fixed');
      await chat.ask('Partner ID');
      assert.match(await chat.ask('12'), /4 to 10 digits/, 'the same rules as creation');
      assert.match(await chat.ask('7654321'), /7654321/);
      await chat.ask('edit');
      await chat.ask('Proof of execution');
      assert.match(
        await chat.ask({ text: '', attachments: [{ contentType: 'application/pdf', contentUrl: pdf, name: 'sow-signed.pdf' }] }),
        /Got it: sow-signed\.pdf/,
      );
      await chat.ask('edit');
      await chat.ask('Comments');
      const summary = await chat.ask('Signed SOW attached');
      assert.match(summary, /"Submit"/);
      assert.match(await chat.ask('submit'), new RegExp(`Saved: claim ${claim.id} is now Submitted`));
      const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
      assert.equal(after.partnerId, '7654321');
      assert.equal(after.poe?.fileName, 'sow-signed.pdf');
      assert.equal(after.comments, 'Signed SOW attached');
      assert.deepEqual(
        after.history.slice(-2).map((h) => h.action),
        ['edit', 'submit'],
      );
    });

    it('"Partner action required": editing answers the request — back under review', async () => {
      const claim = await claimIn(world, 'PartnerActionRequired', valid());
      const chat = new Chat(world, alice);
      await chat.click('claim.edit', data(claim));
      await chat.ask('edit');
      await chat.ask('Customer contact');
      await chat.ask('Giulia Verdi');
      await chat.ask('CTO');
      await chat.ask('giulia@contoso.com');
      assert.match(await chat.ask('submit'), /is now Under review/);
      const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
      assert.equal(after.customerContact.name, 'Giulia Verdi');
      assert.deepEqual(
        after.history.slice(-2).map((h) => [h.action, h.to]),
        [
          ['edit', 'PartnerActionRequired'],
          ['partnerRespond', 'UnderReview'],
        ],
      );
    });

    it('refused for an incentives user, another organisation, a state that is not editable, a stale card', async () => {
      const draft = await claimIn(world, 'Draft');
      assert.equal((await new Chat(world, pete).click('claim.edit', data(draft))).response.body.statusCode, 403);
      assert.equal((await new Chat(world, olga).click('claim.edit', data(draft))).response.body.statusCode, 400, 'not found in her organisation');
      const approved = await claimIn(world, 'Approved');
      assert.equal((await new Chat(world, alice).click('claim.edit', data(approved))).response.body.statusCode, 400);
      assert.equal((await new Chat(world, alice).click('claim.edit', data(draft, { version: draft.version - 1 }))).response.body.statusCode, 412);
    });

    it('changing the workloads to one the organisation already claims is refused as a duplicate, nothing saved', async () => {
      const customerTenantId = randomUUID();
      const held = await claimIn(world, 'Submitted', { workloads: ['Microsoft Teams'], customerTenantId });
      const draft = await claimIn(world, 'Draft', { workloads: ['Intune'], customerTenantId });
      const chat = new Chat(world, alice);
      await chat.click('claim.edit', data(draft));
      await chat.ask('edit');
      await chat.ask('Workloads / product and subscription');
      await chat.click('form', { field: 'workloads', workloads: 'Intune,Microsoft Teams', prompt: 'Workloads' });
      const refused = await chat.ask('submit');
      assert.match(refused, new RegExp(`already has an open claim .*${held.id}`));
      assert.match(refused, /Your customer association/, 'back on the summary to fix it');
      assert.deepEqual((await world.deps.claims.get(TENANT, draft.id))?.workloads, ['Intune']);
      await chat.ask('edit');
      await chat.ask('Workloads / product and subscription');
      await chat.click('form', { field: 'workloads', workloads: 'Exchange Online', prompt: 'Workloads' });
      assert.match(await chat.ask('submit'), /is now Draft/);
      assert.deepEqual((await world.deps.claims.get(TENANT, draft.id))?.workloads, ['Exchange Online']);
      // Intune was released: another claim of the organisation may take it now.
      const intune = await world.deps.claims.create({
        ...draft,
        id: 'CPOR-AFTEREDIT',
        fields: { ...draft, workloads: ['Intune'] },
        submit: false,
        actor: { id: alice.id, name: alice.name },
      });
      assert.equal(intune.kind, 'created');
    });
  });

  it('"export" gives partner users a short-lived download link of their organisation\'s CSV; nobody else', async () => {
    const reply = await new Chat(world, pete).ask('export');
    assert.match(reply, /"type":"Action.OpenUrl"/);
    const url = /"url":"([^"]+)"/.exec(reply)?.[1] ?? '';
    assert.match(url, /\/export\/[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+$/);
    assert.match(await new Chat(world, { id: '29:nobody', name: 'No Body' }).ask('esporta'), /Only incentives users and admins/);
  });

  it('opening a claim of another organisation finds nothing, whatever the card data says', async () => {
    const claim = await claimIn(world, 'Approved');
    const forged = await new Chat(world, olga).click('claim.open', data(claim));
    assert.equal(forged.response.body.statusCode, 400);
    const relabelled = await new Chat(world, olga).click('claim.open', data(claim, { partnerTenantId: OTHER_TENANT }));
    assert.equal(relabelled.response.body.statusCode, 400);
    const own = await new Chat(world, pete).click('claim.open', data(claim));
    assert.equal(own.response.body.statusCode, 200);
    assert.match(cardText(own.response), /Customer may opt out until/);
    assert.doesNotMatch(cardText(own.response), /claim\.withdraw/, 'an incentives user sees no withdraw');
  });
});
