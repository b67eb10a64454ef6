// /healthz (alive) and /readyz (able to work) for each cause of "not ready": a store that hangs or is gone, a data
// folder whose lock is no longer ours, an outbox stuck past its limit (a full disk: test/helpers/diskFullScenario.ts);
// and a clean stop (SIGTERM) with a turn in flight: new requests refused, the turn finished, exit 0.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCosmos, type LocalCosmos } from '../../services/localCosmos';
import { startSlowProxy, type SlowProxy } from '../helpers/slowProxy';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { startTestApp, tempDir, testConfig } from '../helpers/testApp';
import { startBotProcess } from '../helpers/botProcess';
import { alice, message, post, TENANT } from '../helpers/activities';
import { until } from '../helpers/until';
import type { Claim, Notice } from '../../services/domain/claim';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const readyz = async (app: { url: string }) => {
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[] } };
};

describe('health and readiness', function () {
  this.timeout(120_000);

  describe('with the store behind a proxy', () => {
    let cosmos: LocalCosmos;
    let proxy: SlowProxy;
    let app: TestApp;
    beforeEach(async () => {
      cosmos = await startLocalCosmos({ dataDir: tempDir() });
      proxy = await startSlowProxy(cosmos.endpoint);
      app = await startTestApp(testConfig({ COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: cosmos.key, INVOKE_DEADLINE_MS: '1000' }));
    });
    afterEach(async () => {
      proxy.release();
      await app.close();
      await proxy.close();
      await cosmos.close();
    });

    it('a hung store: /healthz answers at once, /readyz answers 503 naming the store within its deadline', async () => {
      assert.equal((await readyz(app)).status, 200);
      proxy.hold();
      const answered = proxy.answered;
      const alive = await fetch(`${app.url}/healthz`);
      assert.equal(alive.status, 200);
      assert.deepEqual(await alive.json(), { status: 'alive' });
      const { status, body } = await readyz(app);
      assert.equal(proxy.answered, answered, 'both answered while the store answered nothing');
      assert.equal(status, 503);
      assert.equal(body.status, 'not ready');
      assert.ok(body.reasons?.includes('store: no answer within 500 ms'), JSON.stringify(body));
      proxy.release();
      await until(async () => (await readyz(app)).status === 200, 'ready again once the store answers');
    });

    it('a store that is gone: /readyz 503 naming the store', async () => {
      await proxy.close();
      const { status, body } = await readyz(app);
      assert.equal(status, 503);
      assert.ok(
        body.reasons?.some((r) => r.startsWith('store: ')),
        JSON.stringify(body),
      );
    });
  });

  describe('with the local store', () => {
    let app: TestApp;
    afterEach(() => app.close());

    it("a data folder whose lock is no longer this process's: /readyz 503 naming it", async () => {
      app = await startTestApp();
      assert.equal((await readyz(app)).status, 200);
      const lock = path.join(app.config.dataDir, 'lock');
      const mine = fs.readFileSync(lock, 'utf8');
      fs.writeFileSync(lock, '999999\n'); // another process's now
      const { status, body } = await readyz(app);
      assert.equal(status, 503);
      assert.deepEqual(body, { status: 'not ready', reasons: ['data folder: the lock file is no longer this process’s'] });
      fs.writeFileSync(lock, mine);
      assert.equal((await readyz(app)).status, 200);
    });

    /** A claim owing a notice written `minutes` ago (as if every delivery since had failed). */
    async function claimOwing(minutes: number): Promise<void> {
      const createdAt = new Date(Date.now() - minutes * 60_000).toISOString();
      const notice: Notice = { id: 'n-1', kind: 'partner', version: 1, historyIndex: 0, createdAt, attempts: 3, lastError: 'answered 503' };
      const claim = { id: 'CPOR-STUCK', type: 'claim', partnerTenantId: TENANT, status: 'Submitted', history: [], notices: [notice], reviewCards: [] };
      await app.store.containers.associations.items.create(claim as unknown as Claim);
    }

    it('an outbox stuck past READY_OUTBOX_MAX_AGE_MINUTES: /readyz 503 saying how many wait and for how long', async () => {
      app = await startTestApp(testConfig({ READY_OUTBOX_MAX_AGE_MINUTES: '15' }));
      await claimOwing(20);
      const { status, body } = await readyz(app);
      assert.equal(status, 503);
      assert.deepEqual(body, { status: 'not ready', reasons: ['outbox: 1 notice(s) waiting, the oldest for 20 min (limit 15 min)'] });
    });

    it('a notice younger than the limit, or the check turned off (0): ready', async () => {
      app = await startTestApp(testConfig({ READY_OUTBOX_MAX_AGE_MINUTES: '30' }));
      await claimOwing(20);
      assert.equal((await readyz(app)).status, 200);
      await app.close();
      app = await startTestApp(testConfig({ READY_OUTBOX_MAX_AGE_MINUTES: '0' }));
      await claimOwing(600);
      assert.equal((await readyz(app)).status, 200);
    });
  });

  describe('SIGTERM (the bot process)', () => {
    let cosmos: LocalCosmos;
    let proxy: SlowProxy;
    let connector: LocalConnector;
    before(async () => {
      cosmos = await startLocalCosmos({ dataDir: tempDir() });
      proxy = await startSlowProxy(cosmos.endpoint);
      connector = await startLocalConnector();
    });
    after(async () => {
      proxy.release();
      await proxy.close();
      await cosmos.close();
      await connector.close();
    });

    it('with a turn in flight: new requests get 503 and Connection: close, /readyz 503, the turn finishes, exit 0', async () => {
      const bot = startBotProcess({ PORT: '0', DATA_DIR: tempDir(), COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: cosmos.key, LOG_LEVEL: 'info' });
      try {
        const url = await bot.listening();
        proxy.hold();
        const turn = message(alice, 'help', connector.serviceUrl);
        const inFlight = post(url, turn);
        // The turn's own request (its conversation's state), not a background one: on a loaded machine a worker's
        // query may be held first while the turn has not reached the bot yet, and SIGTERM would then refuse it.
        await until(() => proxy.held.some((r) => r.includes(`conversations*2f${turn.conversation?.id}`)), "the turn's state read to wait on the store");
        bot.child.kill('SIGTERM');
        await until(() => /"msg":"stopping"/.test(bot.out()), 'the bot to start stopping');

        const refused = await post(url, message(alice, 'help', connector.serviceUrl));
        assert.equal(refused.status, 503);
        assert.equal(refused.headers.get('connection'), 'close');
        const ready = await readyz({ url });
        assert.equal(ready.status, 503);
        assert.ok(ready.body.reasons?.includes('stopping'), JSON.stringify(ready.body));

        proxy.release();
        assert.equal((await inFlight).status, 200, 'the turn in flight was finished');
        assert.equal(await bot.exited, 0, bot.err());
        assert.ok(connector.received.length >= 1, 'its reply was sent');
        assert.equal(connector.received.filter((r) => r.activity.attachments?.length).length, 1, 'one help card: the refused message had no turn');
      } finally {
        bot.child.kill('SIGKILL');
      }
    });
  });
});
