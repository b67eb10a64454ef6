// Asked for more, able to give it (issue 21 item 8): the partner's answer card says how to send a new proof of
// execution, a file sent in the chat then goes with the answer, the dispute form says the same before it is
// opened, and each required input's error says what is needed. On the embedded Cosmos server.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { en } from '../../services/strings/en';
import type { Claim } from '../../services/domain/claim';

const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4 dated, signed statement of work').toString('base64')}`;
const file = (name: string) => ({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name }] });
const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});

/** The first input of a card (or of its show-cards) with this id. */
function inputWithId(card: unknown, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const obj = node as Record<string, unknown>;
    if (obj.id === id && String(obj.type).startsWith('Input.')) found = obj;
    else Object.values(obj).forEach(walk);
  };
  walk(card);
  return found;
}

describe('a request for information answered with a new proof of execution', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  const reread = async (claim: Claim) => (await world.deps.claims.get(claim.partnerTenantId, claim.id)) as Claim;

  it('the answer card says to send the file in the chat first, and an empty answer says what is needed', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('hi'); // the chat the notice goes to
    const claim = await claimIn(world, 'PartnerActionRequired');
    world.deps.deliverNotices(claim);
    await world.delivery.settled();
    const card = world.connector.received
      .flatMap((r) => r.activity.attachments ?? [])
      .map((a) => a.content)
      .find((c) => inputWithId(c, 'comment'));
    assert.ok(card, 'the answer card was sent');
    assert.ok((card as { body: { text?: string }[] }).body.some((block) => block.text === en.partnerNotices.answerProofNote));
    assert.equal(inputWithId(card, 'comment')?.errorMessage, 'Write your answer to the request.');
  });

  it('a file sent in the chat, then the answer: the claim is back under review with the file as its proof', async () => {
    const chat = new Chat(world, alice);
    const claim = await claimIn(world, 'PartnerActionRequired');
    assert.equal(claim.poe?.fileName, 'sow.pdf');
    const kept = await chat.ask(file('sow-dated-signed.pdf'));
    assert.match(kept, /I kept sow-dated-signed\.pdf for an hour: it goes with your next answer/);
    const { response } = await chat.click('partner.respond', data(claim, { comment: 'The dated, signed SOW is attached.' }));
    assert.equal(response.body.statusCode, 200);
    assert.match(String(response.body.value), /sent with the new proof of execution sow-dated-signed\.pdf/);
    const answered = await reread(claim);
    assert.equal(answered.status, 'UnderReview');
    assert.equal(answered.poe?.fileName, 'sow-dated-signed.pdf');
    assert.notEqual(answered.poe?.fileId, claim.poe?.fileId);
  });

  it('an answer without a file keeps the proof it had', async () => {
    const chat = new Chat(world, alice);
    const claim = await claimIn(world, 'PartnerActionRequired');
    const { response } = await chat.click('partner.respond', data(claim, { comment: 'See page 4 of the SOW.' }));
    assert.equal(String(response.body.value), en.partnerNotices.answered);
    assert.deepEqual((await reread(claim)).poe, claim.poe);
  });

  it('an answer that is refused (stale version) leaves the file for the next try', async () => {
    const chat = new Chat(world, alice);
    const claim = await claimIn(world, 'PartnerActionRequired');
    await chat.ask(file('new-sow.pdf'));
    const stale = await chat.click('partner.respond', data({ ...claim, version: claim.version - 1 }, { comment: 'x' }));
    assert.notEqual(stale.response.body.statusCode, 200);
    const { response } = await chat.click('partner.respond', data(claim, { comment: 'Now with the file.' }));
    assert.match(String(response.body.value), /new-sow\.pdf/);
    assert.equal((await reread(claim)).poe?.fileName, 'new-sow.pdf');
  });

  it('a dispute refused at its write (another change came first) leaves the file for the next try', async () => {
    const chat = new Chat(world, alice);
    const claim = await claimIn(world, 'Rejected');
    await chat.ask(file('signed-sow.pdf'));
    const transition = sinon.stub(world.deps.claims, 'transition').callThrough();
    transition.onFirstCall().resolves({ kind: 'busy', claim });
    try {
      const refused = await chat.click('claim.dispute', data(claim, { comment: 'Signed on page 4.' }));
      assert.notEqual(refused.response.body.statusCode, 200);
    } finally {
      transition.restore();
    }
    const { response } = await chat.click('claim.dispute', data(claim, { comment: 'Signed on page 4.' }));
    assert.equal(response.body.statusCode, 200, JSON.stringify(response.body));
    assert.equal((await reread(claim)).poe?.fileName, 'signed-sow.pdf');
  });
});

describe('the dispute form and the forms of the detail card say what is needed', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('a rejected claim: the detail card says, before the form is opened, to send the file in the chat first', async () => {
    const claim = await claimIn(world, 'Rejected');
    const { response } = await new Chat(world, alice).click('claim.open', data(claim));
    const card = response.body.value as { body: { text?: string }[]; actions: unknown[] };
    assert.ok(
      card.body.some((block) => block.text === en.manage.disputeProofNote),
      'in the card body, not behind the button',
    );
    assert.equal(inputWithId(card, 'claim.dispute')?.errorMessage, 'Give a justification for the dispute.');
    assert.equal(inputWithId(card, 'claim.comment')?.errorMessage, 'Write your comment.');
  });

  it("the reviewer's reject and request forms name what an empty input needs", async () => {
    const claim = await claimIn(world, 'UnderReview');
    const { response } = await new Chat(world, { id: '29:rita', name: 'Rita Reviewer' }).click('review.refresh', data(claim));
    const card = response.body.value;
    assert.equal(inputWithId(card, 'review.reject.reason')?.errorMessage, 'Give a reason for the rejection.');
    assert.equal(inputWithId(card, 'review.reject.comment')?.errorMessage, 'Write a comment for the partner on the rejection.');
    assert.equal(inputWithId(card, 'review.requestInfo.reason')?.errorMessage, 'Pick the information that is missing.');
    assert.equal(inputWithId(card, 'review.comment.comment')?.errorMessage, 'Write your comment.');
  });
});
