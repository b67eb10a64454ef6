// Troubleshooting through the bot: typed questions in either language, the topic list, its buttons, "Open <claim>"
// for a partner whose organisation has a claim in the topic's state, and help plus the list for anything else.
import assert from 'node:assert/strict';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, marco } from '../helpers/activities';
import { claimIn } from '../helpers/claims';

type Card = { body: unknown[]; actions?: { verb: string; title: string; data: Record<string, unknown> }[] };
const cards = (replies: { attachments?: { content?: unknown }[] }[]) => replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as Card));

describe('troubleshooting in the chat', function () {
  this.timeout(120_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('answers a typed question with the topic card, in the language it was asked in', async () => {
    const [en] = cards(await new Chat(world, alice).say('Why was my claim rejected??'));
    assert.match(JSON.stringify(en), /Why was my claim rejected\?.*Next step/);
    const [it] = cards(await new Chat(world, alice).say("Il dominio non corrisponde all'ID tenant"));
    assert.match(JSON.stringify(it), /Dominio e tenant non corrispondono.*Cosa fare ora/);
  });

  it('offers "Open <claim>" when the organisation has a claim in the topic state', async () => {
    const claim = await claimIn(world, 'Rejected');
    const [card] = cards(await new Chat(world, alice).say('my claim got rejected, why?'));
    const open = card.actions?.find((a) => a.verb === 'claim.open');
    assert.ok(open, JSON.stringify(card.actions));
    assert.equal(open.title, `Open ${claim.name}`);
    assert.deepEqual(open.data, { claimId: claim.id, partnerTenantId: claim.partnerTenantId });
    const { response } = await new Chat(world, alice).click('claim.open', open.data);
    assert.equal(response.body.statusCode, 200);
    assert.match(JSON.stringify(response.body.value), new RegExp(claim.id));
  });

  it('shows the topic list for "troubleshoot" / "risolvi problemi", and its buttons answer', async () => {
    const [list] = cards(await new Chat(world, marco).say('risolvi problemi'));
    assert.match(JSON.stringify(list), /Risolvi problemi di associazione/);
    const button = (list.body.find((b) => (b as { type: string }).type === 'ActionSet') as { actions: { data: Record<string, unknown> }[] }).actions[0];
    const { replies, response } = await new Chat(world, marco).click('command', button.data);
    assert.match(JSON.stringify(response.body.value), /✓ Perché la mia richiesta è stata rifiutata\?/);
    assert.match(replies.map(textOf).join(), /Cosa fare ora/);
    const other = cards(replies)[0].actions?.find((a) => a.verb === 'command');
    const again = await new Chat(world, marco).click('command', other!.data);
    assert.match(again.replies.map(textOf).join(), /Risolvi problemi di associazione/);
  });

  it('answers what it does not understand with help and the topic list', async () => {
    const replies = await new Chat(world, alice).say('what is the weather');
    assert.match(replies[0].text ?? '', /didn't understand/);
    assert.deepEqual(
      cards(replies).map((c) => (c.body[0] as { text: string }).text),
      ['What I can do', 'Resolve association issues'],
    );
  });
});
