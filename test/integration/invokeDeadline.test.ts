// The invoke deadline counts from the request's arrival, whatever is slow. The store is made slow for real: the
// app talks to the embedded Cosmos server through a proxy on 127.0.0.1 that holds each request 12 s.
import assert from 'node:assert/strict';
import { startLocalCosmos, type LocalCosmos } from '../../services/localCosmos';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { startSlowProxy, type SlowProxy } from '../helpers/slowProxy';
import { startTestApp, tempDir, testConfig } from '../helpers/testApp';
import { alice, message, post } from '../helpers/activities';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

describe('invoke deadline with a slow store (12 s per request)', function () {
  this.timeout(120_000);
  let cosmos: LocalCosmos;
  let proxy: SlowProxy;
  let connector: LocalConnector;
  let app: TestApp;
  before(async () => {
    cosmos = await startLocalCosmos({ dataDir: tempDir() });
    proxy = await startSlowProxy(cosmos.endpoint);
    connector = await startLocalConnector();
    app = await startTestApp(testConfig({ COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: cosmos.key }));
  });
  after(async () => {
    proxy.delayMs = 0;
    await app.close();
    await proxy.close();
    await cosmos.close();
    await connector.close();
  });

  it('answers a card click within INVOKE_DEADLINE_MS of its arrival ("working on it"), and the work still completes', async () => {
    await post(app.url, message(alice, 'help', connector.serviceUrl));
    await connector.waitFor(1);
    const deadline = app.config.invokeDeadlineMs;

    proxy.delayMs = 12_000;
    const invoke = {
      ...message(alice, '', connector.serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'command', data: { text: 'help', prompt: 'x' } } },
    };
    const started = Date.now();
    const res = await post(app.url, invoke);
    const answeredMs = Date.now() - started;
    proxy.delayMs = 0;
    console.log(`      invoke answered after ${answeredMs} ms with a 12 s store (INVOKE_DEADLINE_MS ${deadline})`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Working on it: the card will update in a moment.',
    });
    assert.ok(answeredMs >= deadline - 200 && answeredMs < deadline + 1000, `answered after ${answeredMs} ms (deadline ${deadline} ms)`);

    // The turn went on behind the answer: the help card it sends arrives once the store has answered.
    await connector.waitFor(2, 90_000);
    assert.ok(app.logs().some((l) => l.msg === 'invoke answered at its deadline; the work goes on'));
  });
});
