// Every input bounded (issue 19 item 3): oversize card inputs, fields, conversation state, cards and store items
// are refused with a clear message and change nothing, so no conversation can outgrow what Azure keeps.
import assert from 'node:assert/strict';
import { Chat, openWorld, textOf, type BotWorld, type Reply } from '../helpers/chat';
import { alice } from '../helpers/activities';
import { actionsOf } from '../helpers/cardActions';
import { LIMITS } from '../../services/domain/validation';
import { toCosmosId } from '../../services/botStateStorage';
import { en } from '../../services/strings/en';

/** The bytes of every conversation state document (botbuilder's conversation state, not the dedupe records). */
async function conversationStateBytes(world: BotWorld): Promise<number[]> {
  const { resources } = await world.store.containers.botState.items.query<{ realId?: string }>('SELECT * FROM c').fetchAll();
  return resources.filter((r) => r.realId?.includes('/conversations/')).map((r) => Buffer.byteLength(JSON.stringify(r)));
}

const formCardIn = (replies: Reply[]) =>
  replies.flatMap((r) => r.attachments ?? []).find((a) => JSON.stringify(a.content).includes('claimForm.submit'))?.content as
    Record<string, unknown> | undefined;

async function openForm(chat: Chat): Promise<string> {
  await chat.say('new association');
  const { replies } = await chat.click('choice', { text: 'Fill in one card', prompt: 'x' });
  const card = formCardIn(replies);
  assert.ok(card, replies.map(textOf).join('\n'));
  return String(actionsOf(card).find((a) => a.verb === 'claimForm.submit')?.data?.claimId);
}

describe('input limits: card inputs, fields, files, conversation state', function () {
  this.timeout(120_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it("eight clicks with a 300,000-character field leave the conversation's state under its budget, each answered with the limit", async () => {
    const chat = new Chat(world, alice);
    const claimId = await openForm(chat);
    const huge = 'x'.repeat(300_000);
    for (let i = 0; i < 8; i++) {
      const field = ['comments', 'customerName', 'name', 'customerDomain'][i % 4];
      const { response } = await chat.click('claimForm.submit', {
        claimForm: 'submit',
        claimId,
        solutionArea: 'microsoft365',
        activity: 'usage',
        [field]: huge,
      });
      const answer = JSON.stringify(response.body);
      assert.ok(Buffer.byteLength(answer) < LIMITS.cardBytes, `the answer is a card Teams takes (${Buffer.byteLength(answer)} bytes)`);
      assert.match(answer, new RegExp(`${LIMITS.cardInputBytes / 1024} KB`), answer.slice(0, 300));
    }
    const sizes = await conversationStateBytes(world);
    assert.ok(sizes.length > 0);
    for (const size of sizes) assert.ok(size < LIMITS.conversationStateBytes, `state of ${size} bytes`);
  });

  it("a field over its own limit (within the card's) is refused under the field, with the limit named", async () => {
    const chat = new Chat(world, alice);
    const claimId = await openForm(chat);
    const { response } = await chat.click('claimForm.submit', {
      claimForm: 'submit',
      claimId,
      solutionArea: 'microsoft365',
      activity: 'usage',
      customerName: 'n'.repeat(5000),
      customerDomain: 'd'.repeat(300),
      partnerId: '1'.repeat(30),
    });
    const card = JSON.stringify(response.body);
    assert.match(card, new RegExp(en.validation.tooLong(String(LIMITS.text)).replace(/[.]/g, '\\.')));
    assert.match(card, new RegExp(`at most ${LIMITS.domain} characters`));
    assert.match(card, new RegExp(`at most ${LIMITS.partnerId} characters`));
  });

  it('a message with more files than a proof of execution takes is refused, naming the limit', async () => {
    const chat = new Chat(world, alice);
    const file = (name: string) => ({
      contentType: 'application/pdf',
      name,
      contentUrl: `data:application/pdf;base64,${Buffer.from('%PDF-1.4').toString('base64')}`,
    });
    const replies = await chat.say({ text: '', attachments: [file('a.pdf'), file('b.pdf')] });
    assert.equal(replies.map(textOf).join('\n'), en.validation.poeTooMany(LIMITS.files));
  });

  it('a conversation state over its budget is refused before it is written: the turn says so, the stored state is kept', async () => {
    const chat = new Chat(world, alice);
    await chat.say('new association');
    const id = toCosmosId(`msteams/conversations/a:personal-${alice.id}/`);
    const item = world.store.containers.botState.item(id, id);
    const { resource } = await item.read<{ document: Record<string, unknown> }>();
    assert.ok(resource, 'the conversation has a state');
    // A state grown near its budget by earlier turns (as before the limits): the next turn's save would pass it.
    resource.document.padding = 'p'.repeat(LIMITS.conversationStateBytes - 200);
    await item.replace(resource);
    const before = (await item.read()).resource;
    const { response } = await chat.click('choice', { text: 'Fill in one card', prompt: 'x' });
    assert.equal(response.body.statusCode, 400, JSON.stringify(response.body).slice(0, 300));
    assert.match(JSON.stringify(response.body), new RegExp(`at most ${LIMITS.conversationStateBytes / 1024} KB`));
    assert.deepEqual((await item.read()).resource, before, 'the stored state is as it was');
  });

  it('refuses a document over 2 MB with 413 RequestEntityTooLarge, as Azure Cosmos DB does, and keeps nothing of it', async () => {
    const { conversations } = world.store.containers;
    await assert.rejects(conversations.items.create({ id: 'big', blob: 'x'.repeat(LIMITS.itemBytes) }), (err: { code?: number }) => err.code === 413);
    assert.equal((await conversations.item('big', 'big').read()).statusCode, 404);
    await conversations.items.create({ id: 'fits', blob: 'x'.repeat(LIMITS.itemBytes - 1000) });
    await assert.rejects(
      conversations.item('fits', 'fits').replace({ id: 'fits', blob: 'x'.repeat(LIMITS.itemBytes + 1) }),
      (err: { code?: number }) => err.code === 413,
    );
    const { resource } = await conversations.item('fits', 'fits').read<{ blob: string }>();
    assert.equal(resource?.blob.length, LIMITS.itemBytes - 1000, 'the replace over the limit changed nothing');
  });
});
