// Every copy of a claim's card tells the truth (issue 21 items 2, 3 and 7): cards opened from the review queue and
// from "my associations" are updated in place with the posted ones, also when the customer e-mail leaves; dialog
// cards from an earlier step never rewrite their answer; approve and withdraw may be undone for UNDO_SECONDS before
// anything leaves the bot. The real store, the real delivery and a local Bot Connector.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, rita } from '../helpers/activities';
import { claimIn, m365Answers } from '../helpers/claims';
import { tempDir } from '../helpers/testApp';
import { until } from '../helpers/until';
import { en } from '../../services/strings/en';

const CHANNEL = '19:reviews@thread.tacv2';

const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  seen: claim.updatedAt,
  ...extra,
});

function rolesFile(): string {
  const file = path.join(tempDir(), 'roles.json');
  fs.writeFileSync(file, JSON.stringify({ [alice.id]: ['incentivesAdmin'], [rita.id]: ['reviewer'] }));
  return file;
}

/** The card of each update (PUT) the bot made of one message, in order. */
const updatesOf = (world: BotWorld, conversationId: string, activityId: string): string[] =>
  world.connector.received
    .filter((r) => r.method === 'PUT' && r.path === `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`)
    .map((r) => JSON.stringify(r.activity.attachments));

const stored = async (world: BotWorld, claim: Claim) => (await world.deps.claims.get(claim.partnerTenantId, claim.id)) as Claim;

describe('every copy of a card is current (integration)', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld({ ROLES_FILE: rolesFile() });
    assert.match(await new Chat(world, rita, `${CHANNEL};messageid=1`).ask('use this channel for reviews'), /This channel now receives/);
  });
  after(() => world.close());

  it('a review card opened from the queue is updated in place, and every copy says when the customer e-mail left', async () => {
    const claim = await claimIn(world, 'UnderReview');
    await world.delivery.deliverPending(claim);
    const posted = (await stored(world, claim)).reviewCards[0];
    assert.ok(posted, 'posted in the review channel');

    // Rita opens it from the queue card in her chat: that message now shows the review card.
    const reviewer = new Chat(world, rita);
    const queue = { fromQueue: true, status: 'UnderReview' };
    const opened = await reviewer.click('review.refresh', data(claim, queue), 'queue-card-1');
    assert.equal(opened.response.body.statusCode, 200);
    await until(async () => (await stored(world, claim)).cardCopies?.length === 1, 'the opened copy is remembered');

    const approved = await reviewer.click('review.approve', data(await stored(world, claim), queue), 'queue-card-1');
    assert.equal(approved.response.body.statusCode, 200);
    assert.match(JSON.stringify(approved.response.body.value), /Not sent yet/, 'the e-mail has not left when the click is answered');
    await world.delivery.deliverPending(claim);
    const told = await stored(world, claim);
    assert.ok(told.customerNotifiedAt, 'the customer e-mail left');

    const sent = new RegExp(`Customer e-mail","value":"Sent ${told.customerNotifiedAt.slice(0, 10)}`);
    const queueCopy = updatesOf(world, `a:personal-${rita.id}`, 'queue-card-1');
    const channelCopy = updatesOf(world, CHANNEL, posted.activityId);
    assert.match(queueCopy.at(-1) ?? '', sent, 'the copy opened from the queue says the e-mail was sent');
    assert.match(channelCopy.at(-1) ?? '', sent, 'the channel card says the e-mail was sent');
    assert.match(queueCopy.at(-1) ?? '', /Approved · CPOR-/);
    // Updated by the delivery, not by Rita's click: the copy from the queue still has its way back, with its filter.
    assert.match(queueCopy.at(-1) ?? '', /"verb":"review\.queue","title":"Back to queue","data":\{"status":"UnderReview"\}/);
    assert.doesNotMatch(channelCopy.at(-1) ?? '', /review\.queue/, 'the posted card has no way back to a queue');
  });

  it("a partner's detail card opened from my associations is updated when a reviewer acts", async () => {
    const claim = await claimIn(world, 'Submitted');
    const opened = await new Chat(world, alice).click('claim.open', data(claim), 'list-card-7');
    assert.equal(opened.response.body.statusCode, 200);
    assert.match(
      JSON.stringify(opened.response.body.value),
      /"refresh":\{"action":\{"type":"Action.Execute","verb":"claim.open"/,
      'it refreshes itself when viewed',
    );
    await until(async () => (await stored(world, claim)).cardCopies?.[0]?.view === 'detailAdmin', 'the opened detail card is remembered');

    await new Chat(world, rita).click('review.start', data(await stored(world, claim)));
    await world.delivery.deliverPending(claim);
    const copy = updatesOf(world, `a:personal-${alice.id}`, 'list-card-7').at(-1) ?? '';
    assert.match(copy, /Under review · CPOR-/, 'the partner sees the review started');
    assert.match(copy, /"verb":"claim.withdraw"/, "with an Incentives admin's actions");
    assert.doesNotMatch(copy, /review\.approve/, 'never a reviewer action');
  });
});

describe('Undo after approve and withdraw (integration)', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld({ ROLES_FILE: rolesFile(), UNDO_SECONDS: '60' });
  });
  after(() => world.close());

  const emails = () => (fs.existsSync(world.config.mailOutboxDir) ? fs.readdirSync(world.config.mailOutboxDir).filter((f) => f.endsWith('.eml')) : []);

  it('an approval shows Undo and e-mails nobody during the grace; Undo puts the claim back and cancels its notices', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const reviewer = new Chat(world, rita);
    const approved = await reviewer.click('review.approve', data(claim));
    const card = JSON.stringify(approved.response.body.value);
    assert.match(card, /"verb":"review.undo","title":"Undo"/);
    assert.match(card, /Approved: takes effect at \d\d:\d\d:\d\d UTC\. Until then, Undo puts the claim back as it was\./);

    const mailsBefore = emails().length;
    await world.delivery.deliverPending(claim);
    let now = await stored(world, claim);
    assert.equal(now.status, 'Approved');
    assert.equal(now.customerNotifiedAt, undefined, 'no customer e-mail during the grace');
    assert.equal(emails().length, mailsBefore);
    const customer = now.notices.find((n) => n.kind === 'customer');
    assert.ok(customer && !customer.deliveredAt && Date.parse(customer.notBefore ?? '') >= Date.parse(now.updatedAt) + 60_000, 'scheduled for the grace end');

    const approvedVersion = now.version;
    world.clock.advance(30_000);
    const undone = await reviewer.click('review.undo', data(now));
    assert.equal(undone.response.body.statusCode, 200);
    assert.match(JSON.stringify(undone.response.body.value), /Undone: the approval\. Nothing left the bot\./);
    now = await stored(world, claim);
    assert.equal(now.status, 'UnderReview');
    assert.equal(now.optOutDeadline, undefined);
    assert.equal(now.undo, undefined);
    assert.equal(now.history.at(-1)?.action, 'undo');
    assert.ok(!now.notices.some((n) => n.version === approvedVersion), 'the approval’s notices are cancelled');

    world.clock.advance(120_000);
    await world.delivery.deliverPending(claim);
    assert.equal(emails().length, mailsBefore, 'never e-mailed');
  });

  it('after the grace Undo answers that it is too late, and the customer e-mail leaves', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const reviewer = new Chat(world, rita);
    await reviewer.click('review.approve', data(claim));
    const approved = await stored(world, claim);
    world.clock.advance(61_000);
    const late = await reviewer.click('review.undo', data(approved));
    assert.equal(late.response.body.statusCode, 409);
    assert.match((late.response.body.value as { message: string }).message, /Too late to undo/);
    await world.delivery.deliverPending(claim);
    const told = await stored(world, claim);
    assert.equal(told.status, 'Approved');
    assert.ok(told.customerNotifiedAt, 'the e-mail left after the grace');
  });

  it('a withdrawal shows Undo to the Incentives admin; Undo restores the previous status', async () => {
    const claim = await claimIn(world, 'Submitted');
    const admin = new Chat(world, alice);
    const withdrawn = await admin.click('claim.withdraw', data(claim, { 'claim.withdraw': 'Customer changed their mind' }));
    assert.match(JSON.stringify(withdrawn.response.body.value), /"verb":"claim.undo","title":"Undo"/);
    assert.equal((await stored(world, claim)).status, 'Rejected');
    const undone = await admin.click('claim.undo', data(await stored(world, claim)));
    assert.equal(undone.response.body.statusCode, 200);
    const now = await stored(world, claim);
    assert.equal(now.status, 'Submitted');
    assert.ok(now.reviewQueuedAt, 'back in the review queue');
  });

  it("a withdrawn approval cannot be undone once another organisation's claim was approved on its workload", async () => {
    const workloads = ['Workload undo-race'];
    const approved = await claimIn(world, 'Approved', { workloads });
    const admin = new Chat(world, alice);
    const withdrawn = await admin.click('claim.withdraw', data(approved, { 'claim.withdraw': 'Customer changed their mind' }));
    assert.equal(withdrawn.response.body.statusCode, 200);
    // Within the grace, another organisation claims the same workload and a reviewer approves it.
    const other = await claimIn(world, 'Approved', { workloads, partnerTenantId: 'a0a0a0a0-0000-4000-8000-00000000000c' });
    const undone = await admin.click('claim.undo', data(await stored(world, approved)));
    assert.equal(undone.response.body.statusCode, 409);
    assert.ok(JSON.stringify(undone.response.body.value).includes(en.review.errors.undoSlotTaken.slice(0, 60)), JSON.stringify(undone.response.body));
    assert.deepEqual(
      [(await stored(world, approved)).status, (await stored(world, other)).status],
      ['Rejected', 'Approved'],
      'one approval on the workload: the withdrawn one stays withdrawn',
    );
  });
});

describe('old dialog cards and shared cards (integration)', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('the workloads card clicked after the dialog moved on says it is no longer current and never rewrites its answer', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('new association');
    // Up to the workloads (typed), then the dialog asks for the customer contact.
    for (const answer of m365Answers({ workloads: 'Intune' }).slice(0, 5)) await chat.ask(answer);
    const { response, replies } = await chat.click('form', { field: 'workloads', workloads: 'Exchange Online', prompt: en.claim.workloadsCardTitle });
    assert.equal(response.body.type, 'application/vnd.microsoft.activity.message', 'the clicked card is left as it was');
    assert.match(String(response.body.value), /no longer current/);
    const said = replies.map(textOf).join('\n');
    assert.match(said, /no longer current: your answer there stays as it was/);
    assert.match(said, /Customer contact: their name, job title and e-mail/, `where the dialog stands: ${said}`);
    // The claim still holds the workload answered.
    const rest = m365Answers({ workloads: 'Intune' }).slice(5);
    for (const answer of rest) await chat.ask(answer);
    await chat.ask('later');
    await chat.ask('Contoso Intune');
    const summary = await chat.ask('none');
    assert.match(summary, /Workloads","value":"Intune"/);
    assert.doesNotMatch(summary, /Exchange Online/);
  });

  it('a button of the welcome card in a channel answers the clicker and leaves the shared card whole', async () => {
    const channel = new Chat(world, alice, '19:general@thread.tacv2;messageid=9');
    const { response } = await channel.click('command', { text: 'help', prompt: en.welcome.heading });
    assert.equal(response.body.type, 'application/vnd.microsoft.activity.message');
    assert.notEqual(response.body.type, 'application/vnd.microsoft.card.adaptive', 'the card is not replaced for everyone');
  });
});
