// The domain's rules as people meet them: windows from configuration (help card, deadlines, partner messages,
// troubleshooting answers), review age and the overdue flag, a customer's decline as final, "Rejected, final".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { businessDaysBetween, endOfLocalDay } from '../../services/businessDays';
import { formatDeadline } from '../../services/customerNotice';
import type { Claim } from '../../services/domain/claim';
import { Chat, textOf, type BotWorld, openWorldKnowing } from '../helpers/chat';
import { alice, TENANT, rita } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn } from '../helpers/claims';

const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});
const cardOf = (response: { body: { value: unknown } }) => JSON.stringify(response.body.value);

describe('domain rules as partners and reviewers meet them', function () {
  this.timeout(120_000);
  let world: BotWorld;
  before(async () => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [alice.id]: ['incentivesAdmin'], [rita.id]: ['reviewer'] }));
    world = await openWorldKnowing([alice], {
      ROLES_FILE: rolesFile,
      PARTNER_RESPONSE_BUSINESS_DAYS: '14',
      DISPUTE_DAYS: '10',
      OPT_OUT_BUSINESS_DAYS: '7',
      REVIEW_BUSINESS_DAYS: '3',
    });
  });
  after(() => world.close());
  const reread = async (claim: Claim) => (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  const partnerTexts = () => world.connector.received.map((r) => r.activity.text ?? '').filter(Boolean);

  it("windows come from configuration: the help card, the deadlines and the partner's messages say the configured numbers", async () => {
    const help = (await new Chat(world, alice).say('help')).map(textOf).join();
    assert.match(help, /the customer has 7 business days to opt out/);
    const claim = await claimIn(world, 'UnderReview');
    await new Chat(world, rita).click('review.requestInfo', data(claim, { reason: 'Missing All PoE', comment: 'Please attach the SOW.' }));
    const asked = await reread(claim);
    assert.equal(businessDaysBetween(new Date(asked.history.at(-1)?.at ?? ''), new Date(asked.partnerActionDeadline ?? ''), world.config.businessCalendar), 14);
    world.clock.set(new Date(Date.parse(asked.partnerActionDeadline ?? '') + 1000));
    const expired = await world.deps.claims.transition(asked, {
      action: 'expirePartnerAction',
      actor: { id: 'system', name: 'CPOR Assistant' },
      party: 'system',
    });
    assert.equal(expired.kind, 'done');
    await world.delivery.deliverPending(claim);
    assert.ok(partnerTexts().some((t) => t.includes(claim.id) && /no partner response within 14 business days/.test(t)));
    const approved = await claimIn(world, 'Approved');
    assert.equal(businessDaysBetween(new Date(approved.history.at(-1)?.at ?? ''), new Date(approved.optOutDeadline ?? ''), world.config.businessCalendar), 7);
    const rejected = await claimIn(world, 'Rejected');
    await world.delivery.deliverPending(rejected);
    // DISPUTE_DAYS=10: until the end of the tenth day after the rejection, said as that date.
    const { timeZone } = world.config.businessCalendar;
    const lastDay = formatDeadline(endOfLocalDay(new Date(rejected.history.at(-1)?.at ?? ''), 10, timeZone), timeZone, 'en');
    assert.ok(
      partnerTexts().some((t) => t.includes(rejected.id) && t.includes(`dispute it once, with a stronger proof of execution if you have one, by ${lastDay}`)),
      partnerTexts().join('\n'),
    );
    const topic = (await new Chat(world, alice).say('why was my association rejected')).map(textOf).join();
    assert.match(topic, /within 14 business days/);
    assert.match(topic, /once, within 10 days/);
  });

  it('the review card shows how long a claim has waited for a reviewer, flagged overdue past REVIEW_BUSINESS_DAYS', async () => {
    world.clock.set('2026-11-23T09:00:00Z'); // a Monday
    const claim = await claimIn(world, 'Submitted');
    const fresh = cardOf((await new Chat(world, rita).click('review.refresh', data(claim))).response);
    assert.match(fresh, /Waiting for a reviewer.*0 business days/);
    assert.ok(!/Overdue/.test(fresh));
    world.clock.set('2026-11-27T10:00:00Z'); // Friday: 4 business days
    const late = cardOf((await new Chat(world, rita).click('review.refresh', data(claim))).response);
    assert.match(late, /Waiting for a reviewer.*4 business days/);
    assert.match(late, /Overdue: waiting for a reviewer for 4 business days \(the target is 3\)/);
    assert.match(late, /"color":"Warning"/);
  });

  it('a customer\'s decline is final: no dispute button, a dispute is refused, the status reads "Rejected, final"', async () => {
    const claim = await claimIn(world, 'Approved');
    const declined = await world.deps.claims.transition(claim, {
      action: 'customerDecline',
      actor: { id: 'customer', name: 'jane@contoso.com' },
      party: 'customer',
    });
    assert.equal(declined.kind, 'done');
    const after = await reread(claim);
    const detail = cardOf((await new Chat(world, alice).click('claim.open', data(after))).response);
    assert.match(detail, /Rejected, final · /);
    assert.ok(!detail.includes('claim.dispute'), 'no dispute button');
    const { response } = await new Chat(world, alice).click('claim.dispute', data(after, { comment: 'The customer misunderstood.' }));
    assert.equal(response.body.statusCode, 400);
    assert.match(String((response.body.value as { message: string }).message), /The customer declined this association, and their decision is final/);
    assert.equal((await reread(claim)).status, 'Rejected');
  });

  it('a dispute may bring a new proof of execution: the file sent in the chat first goes with it, and reviewers see it', async () => {
    const claim = await claimIn(world, 'Rejected');
    const chat = new Chat(world, alice);
    const pdf = Buffer.from('%PDF-1.4 statement of work, now signed').toString('base64');
    const kept = (
      await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${pdf}`, name: 'sow-signed.pdf' }] })
    )
      .map(textOf)
      .join();
    assert.match(kept, /I kept sow-signed\.pdf for an hour/);
    const { response, replies } = await chat.click('claim.dispute', data(claim, { comment: 'Signed now: see the new SOW.' }));
    assert.equal(response.body.statusCode, 200);
    assert.match(replies.map(textOf).join(), /was sent with the new proof of execution sow-signed\.pdf/);
    const disputed = await reread(claim);
    assert.deepEqual([disputed.status, disputed.poe?.fileName, disputed.history.at(-1)?.action], ['UnderReview', 'sow-signed.pdf', 'dispute']);
    const stored = await world.deps.files.read(disputed.poe?.fileId ?? '');
    assert.equal(stored?.bytes.toString(), '%PDF-1.4 statement of work, now signed');
    const card = cardOf((await new Chat(world, rita).click('review.refresh', data(disputed))).response);
    assert.match(card, /Open PoE: sow-signed\.pdf/);
    // Taken once: a later dispute elsewhere does not carry it again.
    const other = await claimIn(world, 'Rejected');
    await chat.click('claim.dispute', data(other, { comment: 'Again.' }));
    assert.equal((await reread(other)).poe?.fileName, 'sow.pdf');
  });

  it('a claim document stays bounded: delivered notices are pruned, and the thread takes at most 200 comments', async () => {
    const claim = await claimIn(world, 'UnderReview');
    for (let i = 0; i < 200; i++) {
      const added = await world.deps.claims.addComment(claim, { at: world.clock.now().toISOString(), by: alice, side: 'reviewer', text: `Comment ${i}` });
      assert.ok(added && added !== 'threadFull');
    }
    await world.delivery.deliverPending(claim);
    const full = await reread(claim);
    assert.equal(full.thread?.length, 200);
    assert.ok(full.notices.filter((n) => n.deliveredAt).length <= 10, `${full.notices.length} notices kept`);
    const refused = await new Chat(world, rita).click('review.comment', data(full, { comment: 'One more.' }));
    assert.equal(refused.response.body.statusCode, 400);
    assert.match(String((refused.response.body.value as { message: string }).message), /thread is full \(200 comments\)/);
    assert.equal((await reread(claim)).thread?.length, 200, 'nothing added');
    const card = cardOf((await new Chat(world, rita).click('review.refresh', data(full))).response);
    assert.ok(!card.includes('review.comment'), 'no comment button on a full thread');
  });

  it('a rejection by a reviewer reads "Rejected" while it may be disputed, "Rejected, final" once DISPUTE_DAYS have passed', async () => {
    const claim = await claimIn(world, 'Rejected');
    const open = cardOf((await new Chat(world, alice).click('claim.open', data(claim))).response);
    assert.match(open, /"Rejected · /);
    assert.match(open, /claim\.dispute/);
    world.clock.set(new Date(Date.parse(claim.history.at(-1)?.at ?? '') + 11 * 86400_000));
    const closed = cardOf((await new Chat(world, alice).click('claim.open', data(claim))).response);
    assert.match(closed, /Rejected, final · /);
    assert.ok(!closed.includes('claim.dispute'));
    const { response } = await new Chat(world, alice).click('claim.dispute', data(claim, { comment: 'Late.' }));
    assert.match(String((response.body.value as { message: string }).message), /only within 10 days/);
  });
});
