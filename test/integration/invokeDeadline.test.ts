// The invoke deadline counts from the request's arrival, whatever is slow. The store is made unresponsive for real:
// the app talks to the embedded Cosmos server through a proxy on 127.0.0.1 that holds every request until let go.
import assert from 'node:assert/strict';
import { startLocalCosmos, type LocalCosmos } from '../../services/localCosmos';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { startSlowProxy, type SlowProxy } from '../helpers/slowProxy';
import { startTestApp, tempDir, testConfig } from '../helpers/testApp';
import { alice, message, post } from '../helpers/activities';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

describe('invoke deadline with a store that does not answer', function () {
  this.timeout(120_000);
  let cosmos: LocalCosmos;
  let proxy: SlowProxy;
  let connector: LocalConnector;
  let app: TestApp;
  before(async () => {
    cosmos = await startLocalCosmos({ dataDir: tempDir() });
    proxy = await startSlowProxy(cosmos.endpoint);
    connector = await startLocalConnector();
    app = await startTestApp(testConfig({ COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: cosmos.key, INVOKE_DEADLINE_MS: '1000' }));
  });
  after(async () => {
    proxy.release();
    await app.close();
    await proxy.close();
    await cosmos.close();
    await connector.close();
  });

  it('answers a card click within INVOKE_DEADLINE_MS of its arrival ("working on it"), and the work still completes', async () => {
    await post(app.url, message(alice, 'help', connector.serviceUrl));
    await connector.waitFor(1);

    proxy.hold();
    const invoke = {
      ...message(alice, '', connector.serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'command', data: { text: 'help', prompt: 'x' } } },
    };
    const answeredBefore = proxy.answered;
    const res = await post(app.url, invoke);
    // Answered while the store had answered none of the turn's requests: the deadline does not wait for the store
    // (it used to start after the first store request, and the click waited for it).
    assert.equal(proxy.answered, answeredBefore, 'the store answered nothing before the click was answered');
    proxy.release();
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Working on it: the card will update in a moment.',
    });

    // The turn went on behind the answer: the help card it sends arrives once the store has answered.
    await connector.waitFor(2, 90_000);
    assert.ok(app.logs().some((l) => l.msg === 'invoke answered at its deadline; the work goes on'));
  });
});
