// The user's language (issue 21 item 5): "lingua" / "language" is kept per user in the store and wins over the
// activity's locale, for typed replies, button clicks and proactive notices. On the embedded Cosmos server.
import assert from 'node:assert/strict';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { it as italian } from '../../services/strings/it';
import { en as english } from '../../services/strings/en';
import { LanguagePreferences } from '../../services/languagePreferences';

describe("the user's language, chosen in the chat", function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('"lingua" then "aiuto" answers in Italian although the activity says en-US; "language" brings English back', async () => {
    const chat = new Chat(world, alice);
    assert.equal(alice.locale, 'en-US');
    assert.match(await chat.ask('lingua'), /D'ora in poi ti rispondo in italiano/);
    const help = await chat.ask('aiuto');
    assert.ok(help.includes(italian.help.heading), help);
    assert.ok(!help.includes(english.help.heading), help);
    // Even an English command word is answered in the chosen language.
    assert.ok((await chat.ask('help')).includes(italian.help.heading));
    assert.match(await chat.ask('language'), /From now on I answer you in English/);
    assert.ok((await chat.ask('aiuto')).includes(english.help.heading));
  });

  it('the preference is a document in the store: another instance (a fresh store reader) finds it', async () => {
    await new Chat(world, alice).ask('lingua');
    const fresh = new LanguagePreferences(world.store.containers.botState, world.clock);
    assert.equal(await fresh.get(TENANT, alice.id), 'it');
  });

  it('a button click stays in Italian: the help card it answers with, and the clicked card', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('lingua');
    const { response, replies } = await chat.click('command', { text: 'help', title: 'Help', prompt: 'x' });
    assert.equal(response.status, 200);
    const said = replies.map(textOf).join('\n');
    assert.ok(said.includes(italian.help.heading), said);
    assert.ok(!said.includes(english.help.heading), said);
  });

  it('the help card has English and Italiano buttons, and clicking Italiano sets Italian', async () => {
    const chat = new Chat(world, alice);
    const [card] = (await chat.say('help')).flatMap((r) => r.attachments ?? []);
    const buttons = new Set(JSON.stringify(card.content).match(/"title":"(English|Italiano)"/g));
    assert.deepEqual([...buttons].sort(), ['"title":"English"', '"title":"Italiano"']);
    await chat.click('command', { text: 'lingua italiano', title: 'Italiano', prompt: 'x' });
    assert.ok((await chat.ask('help')).includes(italian.help.heading));
  });

  it('a proactive notice to that user is in Italian, although the claim was created in English', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('lingua');
    const claim = await claimIn(world, 'Submitted');
    assert.equal(claim.locale, 'en-US');
    const started = await world.deps.claims.transition(claim, {
      action: 'startReview',
      actor: { id: '29:rita', name: 'Rita Reviewer' },
      party: 'reviewer',
      expectedVersion: claim.version,
    });
    assert.equal(started.kind, 'done');
    world.deps.deliverNotices(claim);
    await world.delivery.settled();
    const texts = world.connector.received.map((r) => r.activity.text ?? '').filter((t) => t.includes(claim.id));
    assert.ok(
      texts.some((t) => t.includes(italian.partnerNotices.startReview(claim.name, claim.id))),
      texts.join('\n'),
    );
    assert.ok(!texts.some((t) => t.includes(english.partnerNotices.startReview(claim.name, claim.id))), texts.join('\n'));
  });
});
