// The scheduler with a controllable clock, on the embedded Cosmos server: Approved claims past their opt-out
// deadline become Official exactly once, even with instances racing, and a crash between the transition and the
// message loses nothing.
import assert from 'node:assert/strict';
import type { Claim } from '../../services/domain/claim';
import { Scheduler, SYSTEM_ACTOR } from '../../bot/scheduler';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';

describe('scheduler: opt-out window, official, exactly once', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
    await new Chat(world, alice).ask('help'); // the partner's chat is known
  });
  afterEach(() => world.close());

  const instance = (now: () => Date) =>
    new Scheduler({ claims: world.deps.claims, delivery: world.delivery, leases: world.store.containers.botState, log: world.deps.log, intervalMs: 60_000, now });
  const officialMessages = () => world.connector.received.filter((r) => /is now official/.test(r.activity.text ?? ''));

  it('promotes an Approved claim only once its deadline has passed, and tells the partner', async () => {
    const deadline = new Date(Date.now() + 3 * 86400_000);
    const claim = await claimIn(world, 'Approved', { set: { optOutDeadline: deadline.toISOString() } });
    await world.delivery.settled();
    assert.equal(await instance(() => new Date(deadline.getTime() - 1)).promoteApproved(), 0, 'not before the deadline');
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'Approved');
    assert.equal(await instance(() => new Date(deadline.getTime() + 1)).promoteApproved(), 1);
    const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    assert.equal(after.status, 'Official');
    assert.deepEqual([after.history.at(-1)?.action, after.history.at(-1)?.by.id], ['makeOfficial', SYSTEM_ACTOR.id]);
    assert.equal(officialMessages().length, 1);
    assert.match(officialMessages()[0].activity.text ?? '', new RegExp(`tenant ${claim.customerTenantId} for ${claim.workloads?.[0]}`));
  });

  it('two instances racing over many due claims: each promoted and announced exactly once', async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const claims = [];
    for (let i = 0; i < 12; i++) claims.push(await claimIn(world, 'Approved', { set: { optOutDeadline: past } }));
    await world.delivery.settled();
    const later = () => new Date(Date.now() + 1000);
    const [a, b] = await Promise.all([instance(later).pass(), instance(later).pass()]);
    assert.equal(a.official + b.official, 12, `promotions: ${a.official} + ${b.official}`);
    await world.delivery.settled();
    for (const claim of claims) {
      const stored = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
      assert.equal(stored.status, 'Official');
      assert.equal(stored.history.filter((h) => h.action === 'makeOfficial').length, 1);
    }
    assert.equal(officialMessages().length, 12, 'one message per claim');
  });

  it('a crash after the transition but before the message loses nothing: the next pass delivers it', async () => {
    const claim = await claimIn(world, 'Approved', { set: { optOutDeadline: new Date(Date.now() - 1000).toISOString() } });
    await world.delivery.settled();
    // The instance that made it official died before delivering: only the transition (and its outbox) exists.
    const result = await world.deps.claims.transition(claim, { action: 'makeOfficial', actor: SYSTEM_ACTOR });
    assert.equal(result.kind, 'done');
    assert.equal(officialMessages().length, 0);
    const pass = await instance(() => new Date()).pass();
    assert.equal(pass.official, 0, 'nothing left to promote');
    assert.ok(pass.delivered >= 1);
    assert.equal(officialMessages().length, 1);
    await instance(() => new Date()).pass();
    assert.equal(officialMessages().length, 1, 'and never twice');
  });

  it('one instance sweeps at a time: the lease', async () => {
    const now = new Date();
    const first = instance(() => now);
    const second = instance(() => now);
    assert.ok(await first.tick(), 'the first takes the lease');
    assert.equal(await second.tick(), undefined, 'the second stays out while the lease runs');
    const afterExpiry = instance(() => new Date(now.getTime() + 3 * 60_000));
    assert.ok(await afterExpiry.tick(), 'an expired lease is taken over');
    await afterExpiry.stop();
    assert.ok(await second.tick(), 'a released lease is free');
  });
});
