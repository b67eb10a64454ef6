// A Bot Connector that accepts one chat's requests and never answers them (a real HTTP server on 127.0.0.1, the
// real CloudAdapter and ConnectorClient): the stuck notice costs its timeout and stays pending, every other notice
// is delivered, the scheduler keeps passing, and the stuck one is delivered once the chat answers again.
import assert from 'node:assert/strict';
import { eventually, until } from '../helpers/until';
import type { Claim } from '../../services/domain/claim';
import { schedulerOn } from '../helpers/scheduler';
import { type BotWorld, openWorldKnowing } from '../helpers/chat';
import { alice, message, post, TENANT, type Who } from '../helpers/activities';
import { claimIn, customerToldAndWindowPassed } from '../helpers/claims';
import { startLocalConnector } from '../helpers/connector';
import { startTestApp, testConfig } from '../helpers/testApp';

const bob: Who = { id: '29:bob', name: 'Bob Verdi', aadObjectId: '0d9c6a3e-0000-4000-8000-000000000b0b', locale: 'en-US' };
const TIMEOUT_MS = 400;

describe('a peer that never answers (outbound timeouts)', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorldKnowing([alice, bob], { OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterEach(async () => {
    world.connector.hang(undefined);
    await world.delivery.settled();
    await world.close();
  });

  const scheduler = () => schedulerOn(world);
  const stored = async (claim: Claim) => (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  const officialTexts = (who: Who) =>
    world.connector.received.filter((r) => r.path.includes(`a%3Apersonal-${encodeURIComponent(who.id)}`) && /is now official/.test(r.activity.text ?? ''));

  it('one stuck chat: the others are told, the pass ends, the stuck notice stays pending and is delivered later', async () => {
    const stuck = await claimIn(world, 'Approved', { author: bob });
    const others: Claim[] = [];
    for (let i = 0; i < 4; i++) others.push(await claimIn(world, 'Approved'));
    // Every customer told, every window passed: all five are due.
    for (const claim of [stuck, ...others]) await customerToldAndWindowPassed(world, claim);
    world.connector.hang(encodeURIComponent(`a:personal-${bob.id}`));

    const instance = scheduler();
    // The chat never answers while it is hung: the pass ending at all is the per-notice deadline's doing.
    const first = await instance.tick();
    assert.ok(first, 'the pass ended');
    assert.equal(first.official, 5, 'every due claim became Official, the stuck one included');
    await world.delivery.settled();
    for (const claim of others) assert.equal((await stored(claim)).status, 'Official');
    assert.equal(officialTexts(alice).length, 4, 'each other partner message delivered');
    assert.equal(officialTexts(bob).length, 0);
    assert.ok(world.connector.hung.length >= 1, 'the stuck chat was tried');
    // Per delivery run, one timeout per peer (partner chat, review card chat), not one per pending notice: the
    // pass ran two (the promotion's and the sweep's).
    assert.ok(world.connector.hung.length <= 4, `${world.connector.hung.length} requests to the stuck chat`);
    assert.ok(
      world.connector.hung.every((h) => h.closed),
      'and each hung request was closed by the bot, not left open',
    );

    const pending = (await stored(stuck)).notices.filter((n) => !n.deliveredAt && !n.failedAt && n.kind === 'partner');
    assert.ok(pending.length >= 1, 'the stuck notice is still pending');
    assert.match(pending.map((n) => n.lastError).join(' '), /within 400 ms|aborted/i);

    // The scheduler keeps passing while the chat is still stuck.
    const second = await instance.tick();
    assert.ok(second, 'a second pass ends too');

    world.connector.hang(undefined);
    // The timed-out notice waits out its backoff (a few seconds), then a pass delivers it: a pass every 200 ms.
    await eventually(
      'a pass to deliver the stuck notice',
      async () => {
        await instance.tick();
        return officialTexts(bob).length > 0 ? true : undefined;
      },
      20_000,
      200,
    );
    assert.equal(officialTexts(bob).length, 1, 'the stuck notice was delivered once the chat answered');
  });

  it('a stuck chat does not hold up other claims in the notice sweep (bounded concurrency, per-notice deadline)', async () => {
    // Notices written but never delivered (as after a crash): only the sweep delivers them.
    const stuck = await claimIn(world, 'UnderReview', { author: bob });
    const others: Claim[] = [];
    for (let i = 0; i < 3; i++) others.push(await claimIn(world, 'UnderReview'));
    world.connector.hang(encodeURIComponent(`a:personal-${bob.id}`));
    const delivered = await world.delivery.sweep();
    assert.ok(delivered >= 3, `delivered ${delivered}`);
    for (const claim of others) assert.ok((await stored(claim)).notices.every((n) => n.deliveredAt || n.kind !== 'partner'));
    assert.ok((await stored(stuck)).notices.some((n) => n.kind === 'partner' && !n.deliveredAt && !n.failedAt));
  });
});

describe('a connector that never answers a reply in a turn', function () {
  this.timeout(30_000);
  it('the HTTP request still ends (the reply times out), and the hung request is closed', async () => {
    const connector = await startLocalConnector();
    const app = await startTestApp(testConfig({ OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS) }));
    try {
      connector.hang('/v3/conversations/');
      // The connector never answers: the request ending at all is the timeouts' doing (the reply and then the
      // apology each give up); the turn is logged as failed.
      const res = await post(app.url, message(alice, 'help', connector.serviceUrl));
      assert.equal(res.status, 200);
      assert.ok(connector.hung.length >= 1);
      await until(() => connector.hung.every((h) => h.closed), 'the hung replies to be aborted');
      assert.ok(
        connector.hung.every((h) => h.closed),
        'each hung reply was aborted',
      );
      assert.ok(app.logs().some((l) => l.msg === 'turn failed'));
    } finally {
      connector.hang(undefined);
      await app.close();
      await connector.close();
    }
  });
});
