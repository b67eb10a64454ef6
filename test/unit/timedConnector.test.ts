// The Bot Connector clients the adapter gets: made once per bot identity, audience and service URL and reused by
// every later turn and proactive send (botbuilder would build a new one, credentials and pipeline, each time).
import assert from 'node:assert/strict';
import { ClaimsIdentity } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { TimedBotFrameworkAuthentication } from '../../bot/teams/timedConnector';

// Only made, never called (test/integration/hungPeer.test.ts sends through them, with the timeout).
const A = 'http://127.0.0.1:9/emea/';
const B = 'http://127.0.0.1:9/amer/';

describe('Bot Connector clients (timedConnector)', () => {
  const auth = () => new TimedBotFrameworkAuthentication({}, 1234);
  const identity = new ClaimsIdentity([], true);

  it('one client per service URL and audience, reused by later factories', async () => {
    const a = auth();
    const first = await a.createConnectorFactory(identity).create(A);
    const again = await a.createConnectorFactory(identity).create(A);
    const other = await a.createConnectorFactory(identity).create(B);
    const otherAudience = await a.createConnectorFactory(identity).create(A, 'https://api.botframework.us');
    assert.equal(again, first, 'the same service URL: the same client');
    assert.notEqual(other, first, 'another service URL: another client');
    assert.notEqual(otherAudience, first, 'another audience: another client');
    assert.notEqual(await auth().createConnectorFactory(identity).create(A), first, 'each authentication (each adapter) has its own');
  });

  it("a turn's factory (authenticateRequest) shares the clients of proactive sends", async () => {
    const a = auth();
    const activity = { type: 'message', serviceUrl: A, channelId: 'msteams' } as Activity;
    const { connectorFactory } = await a.authenticateRequest(activity, '');
    assert.ok(connectorFactory, 'anonymous (no app id): a factory all the same');
    const inTurn = await connectorFactory.create(A);
    assert.equal(await a.createConnectorFactory(identity).create(A), inTurn);
  });

  it('one user token client per app id, reused by every later turn (botbuilder makes one per turn)', async () => {
    const a = auth();
    const bot = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);
    const first = await a.createUserTokenClient(bot('app-1'));
    assert.equal(await a.createUserTokenClient(bot('app-1')), first, 'the same app id: the same client');
    assert.notEqual(await a.createUserTokenClient(bot('app-2')), first, 'another app id: another client');
    const anonymous = await a.createUserTokenClient(identity);
    assert.equal(await a.createUserTokenClient(new ClaimsIdentity([], true)), anonymous, 'no app id (the local default): one client');
    assert.notEqual(anonymous, first);
  });
});
