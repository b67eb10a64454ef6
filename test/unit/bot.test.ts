// The activity handler through botbuilder's TestAdapter, on the embedded Cosmos server.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TestAdapter, type Activity } from 'botbuilder';
import { CporBot } from '../../bot/teams/cporBot';
import { turnErrorHandler } from '../../bot/app';
import { memoryLogger } from '../helpers/testApp';
import { openWorld, type BotWorld } from '../helpers/chat';

const cardTitle = (a: Partial<Activity>) => (a.attachments?.[0]?.content as { body: { text: string }[] } | undefined)?.body[0].text;

describe('CporBot (TestAdapter)', () => {
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());
  afterEach(() => sinon.restore());

  function adapterFor(locale: string) {
    const { log, lines } = memoryLogger();
    const bot = new CporBot(world.deps);
    const adapter = new TestAdapter((context) => bot.run(context), { locale });
    adapter.onTurnError = turnErrorHandler(log);
    return { adapter, lines };
  }

  it('shows help in English', async () => {
    const { adapter } = adapterFor('en-US');
    await adapter.send('help').assertReply((reply) => assert.equal(cardTitle(reply), 'What I can do'));
  });

  it('shows help in Italian and explains what it did not understand', async () => {
    const { adapter } = adapterFor('it-IT');
    await adapter.send('vorrei un caffè').assertReply((reply) => {
      assert.equal(reply.text, 'Non ho capito "vorrei un caffè". Ecco cosa posso fare.');
      assert.equal(cardTitle(reply), 'Cosa posso fare');
    });
  });

  it('on a failing turn logs the activity id and tells the user, without internals', async () => {
    sinon.stub(world.deps.conversations, 'save').rejects(new Error('Cosmos said 503 at https://secret-host/dbs/cpor'));
    const { adapter, lines } = adapterFor('it-IT');
    await adapter.send({ type: 'message', text: 'help', id: 'activity-42' }).assertReply((reply) => {
      assert.match(reply.text ?? '', /Si è verificato un errore/);
      assert.doesNotMatch(reply.text ?? '', /Cosmos|secret-host|503/);
    });
    const failure = lines().find((l) => l.msg === 'turn failed');
    assert.equal(failure?.activityId, 'activity-42');
    assert.match(JSON.stringify(failure?.err), /Cosmos said 503/);
  });
});
