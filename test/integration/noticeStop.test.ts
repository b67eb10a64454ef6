// A clean stop (SIGTERM) and the notice leases: the run in progress records the notice in hand and leaves the next
// one unleased, a notice leased in a transition's write but not yet sent is given back, and no new lease is taken —
// so the next instance delivers them at once instead of waiting out a lease.
import assert from 'node:assert/strict';
import type { Claim } from '../../services/domain/claim';
import { openWorldKnowing, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';

describe('notice leases on a clean stop', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => (world = await openWorldKnowing([alice])));
  afterEach(() => world.close());

  const stored = async (claim: Claim) => (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  const pending = (claim: Claim) => claim.notices.filter((n) => !n.deliveredAt && !n.failedAt);

  it('stopping while a notice is being sent: that one is recorded, the next is left unleased', async () => {
    const claim = await claimIn(world, 'UnderReview');
    assert.ok(pending(claim).length >= 2, 'two notices owed');
    const before = world.connector.received.length;
    let stopped: Promise<void> | undefined;
    world.connector.onActivity(() => {
      stopped ??= world.delivery.stop();
    });
    const delivered = await world.delivery.deliverPending(claim);
    await stopped;
    world.connector.onActivity(undefined);

    assert.equal(delivered, 1);
    assert.equal(world.connector.received.length, before + 1, 'one send, then the stop');
    const after = await stored(claim);
    assert.ok(
      after.notices.some((n) => n.deliveredAt),
      'the notice sent was recorded',
    );
    assert.ok(pending(after).length >= 1, 'one still owed');
    for (const n of pending(after)) {
      assert.equal(n.leaseUntil, undefined, `${n.kind} notice left unleased`);
      assert.equal(n.attempts, 0);
    }
  });

  it('a notice leased in a write before the stop is given back unsent; after the stop nothing is leased', async () => {
    const claim = await claimIn(world, 'UnderReview');
    let first: ReturnType<BotWorld['delivery']['lease']>;
    const leased = (await world.deps.claims.update(claim, (c) => (first = world.delivery.lease(c)) !== undefined)) as Claim;
    assert.ok(first && (await stored(claim)).notices.some((n) => n.leaseUntil), 'leased');
    await world.delivery.stop();
    const sent = world.connector.received.length;
    assert.equal(await world.delivery.deliverPending(leased, { claim: leased, notice: first }), 0);
    assert.equal(world.connector.received.length, sent, 'nothing sent after the stop');
    const after = await stored(claim);
    assert.ok(
      pending(after).every((n) => n.leaseUntil === undefined && n.attempts === 0),
      JSON.stringify(after.notices),
    );
    assert.equal(world.delivery.lease(structuredClone(after)), undefined, 'no new lease once stopped');
  });
});
