// The real restify server, CloudAdapter and embedded Cosmos, driven with real Bot Framework activities whose
// replies go to a local recording connector.
import assert from 'node:assert/strict';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { startTestApp, testConfig } from '../helpers/testApp';
import { alice, botAddedToPersonalChat, botAddedToTeam, installed, marco, message, post, uninstalled } from '../helpers/activities';
import type { ConversationRecord } from '../../services/conversationStore';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const cardOf = (a: { activity: { attachments?: { contentType: string; content?: unknown }[] } }) =>
  a.activity.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as { body: { text?: string }[] } | undefined;

async function conversationDocs(app: TestApp): Promise<ConversationRecord[]> {
  const { resources } = await app.store.containers.conversations.items.readAll<ConversationRecord>().fetchAll();
  return resources;
}

describe('HTTP server (integration)', () => {
  let app: TestApp;
  let connector: LocalConnector;

  beforeEach(async () => {
    connector = await startLocalConnector();
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
    await connector.close();
  });

  it('greets once on install and stores the personal conversation reference', async () => {
    assert.equal((await post(app.url, installed(alice, connector.serviceUrl))).status, 200);
    // Teams also sends conversationUpdate for the same install: no second greeting.
    assert.equal((await post(app.url, botAddedToPersonalChat(alice, connector.serviceUrl))).status, 200);
    const replies = await connector.waitFor(1);
    await connector.nothingMoreWithin(200);
    assert.equal(connector.received.length, 1, 'exactly one greeting');
    assert.match(cardOf(replies[0])?.body[0].text ?? '', /Welcome to CPOR Assistant/);
    assert.match(replies[0].path, /^\/v3\/conversations\/a%3Apersonal-29%3Aalice\/activities/);

    const docs = await conversationDocs(app);
    assert.equal(docs.length, 1);
    assert.equal(docs[0].kind, 'personal');
    assert.equal(docs[0].userId, alice.id);
    assert.equal(docs[0].aadObjectId, alice.aadObjectId);
    assert.equal(docs[0].reference.serviceUrl, connector.serviceUrl);
    assert.equal(docs[0].reference.conversation?.id, 'a:personal-29:alice');
  });

  it('greets a team channel when the bot is added and stores the channel reference', async () => {
    await post(app.url, botAddedToTeam(alice, connector.serviceUrl));
    const [greeting] = await connector.waitFor(1);
    assert.match(JSON.stringify(cardOf(greeting)), /use this channel for reviews/);
    const docs = await conversationDocs(app);
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['channel'],
    );
  });

  it('forgets the chat on uninstall, and greets again on reinstall', async () => {
    await post(app.url, installed(alice, connector.serviceUrl));
    await connector.waitFor(1);
    await post(app.url, uninstalled(alice, connector.serviceUrl));
    assert.equal((await conversationDocs(app)).length, 0);
    await post(app.url, installed(alice, connector.serviceUrl));
    await connector.waitFor(2);
  });

  it('answers help with the help card, in Italian for it-IT users', async () => {
    await post(app.url, message(alice, 'help', connector.serviceUrl));
    await post(app.url, message(marco, 'aiuto', connector.serviceUrl));
    const [en, it] = await connector.waitFor(2);
    assert.equal(cardOf(en)?.body[0].text, 'What I can do');
    assert.equal(cardOf(it)?.body[0].text, 'Cosa posso fare');
    assert.equal(it.activity.replyToId !== undefined, true);
  });

  it('answers what it does not understand with help, never silence', async () => {
    await post(app.url, message(alice, 'what is the weather', connector.serviceUrl));
    const [reply] = await connector.waitFor(1);
    assert.match(reply.activity.text ?? '', /didn't understand "what is the weather"/);
    assert.equal(cardOf(reply)?.body[0].text, 'What I can do');
  });

  it('stores the conversation reference on every message (reference refreshed, greeting kept)', async () => {
    await post(app.url, installed(alice, connector.serviceUrl));
    await connector.waitFor(1);
    const before = (await conversationDocs(app))[0];
    const other = await startLocalConnector();
    try {
      await post(app.url, message(alice, 'help', other.serviceUrl));
      await other.waitFor(1);
      const after = (await conversationDocs(app))[0];
      assert.equal(after.reference.serviceUrl, other.serviceUrl, 'reference follows the latest serviceUrl');
      assert.equal(after.welcomedAt, before.welcomedAt);
    } finally {
      await other.close();
    }
  });

  it('handles a redelivered activity (same id) once', async () => {
    const activity = message(alice, 'help', connector.serviceUrl);
    const responses = await Promise.all([post(app.url, activity), post(app.url, activity), post(app.url, activity)]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200],
    );
    await connector.waitFor(1);
    await connector.nothingMoreWithin(300);
    assert.equal(connector.received.length, 1, 'one reply for three deliveries');
    assert.ok(app.logs().some((l) => l.msg === 'duplicate delivery dropped'));
  });

  it('handles a redelivered activity once when the conversation has state (counted in the state document)', async () => {
    await post(app.url, message(alice, 'help', connector.serviceUrl)); // the conversation's state now exists
    await connector.waitFor(1);
    const activity = message(alice, 'new association', connector.serviceUrl);
    const responses = await Promise.all([post(app.url, activity), post(app.url, activity), post(app.url, activity)]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200],
    );
    await connector.nothingMoreWithin(300);
    const asked = connector.received.length;
    assert.equal(connector.received.filter((r) => /Let's create a customer association/.test(r.activity.text ?? '')).length, 1, 'the dialog started once');
    assert.equal((await post(app.url, activity)).status, 200, 'once more, later');
    await connector.nothingMoreWithin(300);
    assert.equal(connector.received.length, asked, 'nothing more said');
    assert.equal(app.logs().filter((l) => l.msg === 'duplicate delivery dropped').length, 3);
  });

  it('answers a redelivered invoke (Teams retries slow ones) with 200, handling it once', async () => {
    const invoke = {
      ...message(alice, '', connector.serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'command', data: { text: 'help', prompt: 'x' } } },
    };
    const [first, second] = [await post(app.url, invoke), await post(app.url, invoke)];
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.equal(((await second.json()) as { statusCode: number }).statusCode, 200);
    await connector.waitFor(1);
    await connector.nothingMoreWithin(200);
    assert.equal(connector.received.length, 1, 'the help card was sent once');
  });

  it('logs one structured line per turn with type, conversation and duration', async () => {
    await post(app.url, message(alice, 'help', connector.serviceUrl));
    await connector.waitFor(1);
    const turn = app.logs().find((l) => l.msg === 'turn');
    assert.ok(turn, 'a turn line');
    assert.equal(turn.type, 'message');
    assert.equal(turn.conversationId, 'a:personal-29:alice');
    assert.equal(typeof turn.durationMs, 'number');
  });

  it('GET /healthz says alive, GET /readyz says ready (store, data folder, outbox)', async () => {
    const alive = await fetch(`${app.url}/healthz`);
    assert.equal(alive.status, 200);
    assert.deepEqual(await alive.json(), { status: 'alive' });
    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });
});

describe('HTTP server with an app id (Bot Framework auth)', () => {
  let app: TestApp;
  let connector: LocalConnector;
  before(async () => {
    connector = await startLocalConnector();
    app = await startTestApp(
      testConfig({
        MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        HOST: '127.0.0.1',
        DEMO_MODE: 'true',
      }),
    );
  });
  after(async () => {
    await app.close();
    await connector.close();
  });

  for (const [label, headers] of [
    ['no Authorization header', {}],
    ['a garbage bearer token', { authorization: 'Bearer not.a.jwt' }],
  ] as const) {
    it(`refuses ${label} with 401 and changes nothing`, async () => {
      // An https Bot Connector, as in production (loopback http is refused there before the token is looked at).
      const res = await post(app.url, installed(alice, connector.serviceUrl.replace('http:', 'https:')), headers);
      assert.equal(res.status, 401);
      await connector.nothingMoreWithin(100);
      assert.equal(connector.received.length, 0, 'no reply sent');
      assert.equal((await conversationDocs(app)).length, 0, 'nothing stored');
    });
  }
});
