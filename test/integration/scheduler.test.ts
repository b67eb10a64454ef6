// The scheduler with a controllable clock, on the embedded Cosmos server: Approved claims past their opt-out
// deadline become Official exactly once, even with instances racing, and a crash between the transition and the
// message loses nothing.
import assert from 'node:assert/strict';
import type { Claim } from '../../services/domain/claim';
import { SYSTEM_ACTOR } from '../../bot/workers/scheduler';
import { schedulerOn } from '../helpers/scheduler';
import { openWorldKnowing, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { FakeClock, type Clock } from '../../services/clock';

describe('scheduler: opt-out window, official, exactly once', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => (world = await openWorldKnowing([alice])));
  afterEach(() => world.close());

  const instance = (clock: Clock = world.clock) => schedulerOn(world, clock);
  const officialMessages = () => world.connector.received.filter((r) => /is now official/.test(r.activity.text ?? ''));

  /** Approved, and the customer e-mail gone (the window runs from then). */
  async function approvedAndTold(): Promise<Claim> {
    const claim = await claimIn(world, 'Approved');
    await world.delivery.deliverPending(claim);
    const told = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    assert.ok(told.customerNotifiedAt);
    return told;
  }

  it('promotes an Approved claim only once its deadline has passed, and tells the partner', async () => {
    const claim = await approvedAndTold();
    const deadline = new Date(claim.optOutDeadline as string);
    world.clock.set(new Date(deadline.getTime() - 60_000)); // the clock ticks on while the pass runs
    assert.equal(await instance().promoteApproved(), 0, 'not before the deadline');
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'Approved');
    world.clock.set(new Date(deadline.getTime() + 1));
    assert.equal(await instance().promoteApproved(), 1);
    const after = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    assert.equal(after.status, 'Official');
    assert.deepEqual([after.history.at(-1)?.action, after.history.at(-1)?.by.id], ['makeOfficial', SYSTEM_ACTOR.id]);
    assert.equal(officialMessages().length, 1);
    assert.match(officialMessages()[0].activity.text ?? '', new RegExp(`tenant ${claim.customerTenantId} for ${claim.workloads?.[0]}`));
  });

  it('an Approved claim whose customer e-mail has not left stays Approved past its deadline', async () => {
    const claim = await claimIn(world, 'Approved'); // its notices are not delivered: no e-mail yet
    world.clock.set(new Date(Date.parse(claim.optOutDeadline as string) + 86400_000));
    assert.equal(await instance().promoteApproved(), 0);
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'Approved');
    await world.delivery.deliverPending(claim);
    const told = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    assert.ok(Date.parse(told.optOutDeadline as string) > world.clock.now().getTime(), 'the window starts again from the late e-mail');
    assert.equal(await instance().promoteApproved(), 0, 'and the customer gets all of it');
  });

  it('two instances racing over many due claims: each promoted and announced exactly once', async () => {
    const claims = [];
    for (let i = 0; i < 12; i++) claims.push(await approvedAndTold());
    await world.delivery.settled();
    world.clock.set(new Date(Math.max(...claims.map((c) => Date.parse(c.optOutDeadline as string))) + 1000));
    const [a, b] = await Promise.all([instance().pass(), instance().pass()]);
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
    const claim = await approvedAndTold();
    await world.delivery.settled();
    world.clock.set(new Date(Date.parse(claim.optOutDeadline as string) + 1000));
    // The instance that made it official died before delivering: only the transition (and its outbox) exists.
    const result = await world.deps.claims.promote(claim, SYSTEM_ACTOR);
    assert.equal(result.kind, 'done');
    assert.equal(officialMessages().length, 0);
    const pass = await instance().pass();
    assert.equal(pass.official, 0, 'nothing left to promote');
    assert.ok(pass.delivered >= 1);
    assert.equal(officialMessages().length, 1);
    await instance().pass();
    assert.equal(officialMessages().length, 1, 'and never twice');
  });

  it('one instance sweeps at a time: the lease', async () => {
    const now = world.clock.now();
    const first = instance(new FakeClock(now));
    const second = instance(new FakeClock(now));
    assert.ok(await first.tick(), 'the first takes the lease');
    assert.equal(await second.tick(), undefined, 'the second stays out while the lease runs');
    const afterExpiry = instance(new FakeClock(new Date(now.getTime() + 3 * 60_000)));
    assert.ok(await afterExpiry.tick(), 'an expired lease is taken over');
    await afterExpiry.stop();
    assert.ok(await second.tick(), 'a released lease is free');
  });
});
