// The reviewers' daily digest: two instances on one store and a fake clock in Europe/Rome; the card goes to the local
// Bot Connector exactly once a business day, is updated in place when something changes, and is skipped when
// nothing waits for a reviewer.
import { ConversationStore } from '../../services/conversationStore';
import assert from 'node:assert/strict';
import { createAdapter } from '../../bot/app';
import { DailyDigest, localDayAndTime, type DigestOutcome } from '../../bot/workers/dailyDigest';
import type { Claim } from '../../services/domain/claim';
import { openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT, REVIEWER_TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { memoryLogger } from '../helpers/testApp';

const ORG_B = 'b0b0b0b0-1111-4222-8333-444455556666';
const CHANNEL = '19:reviews@thread.tacv2';

describe('daily review digest', function () {
  this.timeout(120_000);
  let world: BotWorld;

  beforeEach(async () => {
    world = await openWorld({ CUSTOMER_TIME_ZONE: 'Europe/Rome', DIGEST_TIME: '09:00', REVIEW_BUSINESS_DAYS: '5' });
    await world.deps.conversations.setReviewChannel({
      tenantId: REVIEWER_TENANT,
      reference: {
        channelId: 'msteams',
        serviceUrl: world.connector.serviceUrl,
        conversation: { id: CHANNEL, isGroup: true, conversationType: 'channel', name: '' },
      },
      setBy: { id: '29:rita', name: 'Rita Reviewer' },
      setAt: '2026-11-02T09:00:00Z',
    });
  });
  afterEach(() => world.close());

  /** An instance of the bot's digest, as each bot process builds it. */
  const instance = (conversations = world.deps.conversations) =>
    new DailyDigest({
      claims: world.deps.claims,
      conversations,
      state: world.store.containers.botState,
      adapter: createAdapter(world.config, memoryLogger().log),
      appId: '',
      clock: world.clock,
      policy: world.deps.claims.policy,
      digestTime: world.config.digestTime,
      log: memoryLogger().log,
    });
  const posts = () => world.connector.received.filter((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(CHANNEL)));
  const updates = () => world.connector.received.filter((r) => r.method === 'PUT');
  const cardText = (r: { activity: { attachments?: { content?: unknown }[] } }) => JSON.stringify(r.activity.attachments?.[0]?.content);
  const both = async (a: DailyDigest, b: DailyDigest): Promise<DigestOutcome[]> => (await Promise.all([a.run(), b.run()])).sort();

  it('reads the local day and time in the business time zone', () => {
    assert.deepEqual(localDayAndTime(new Date('2026-11-25T23:30:00Z'), 'Europe/Rome'), { day: '2026-11-26', time: '00:30' });
    assert.deepEqual(localDayAndTime(new Date('2026-07-01T07:00:00Z'), 'Europe/Rome'), { day: '2026-07-01', time: '09:00' });
  });

  it('two instances: posted exactly once a business day at DIGEST_TIME, then updated in place, never posted twice', async () => {
    world.clock.set('2026-11-16T08:00:00Z');
    await claimIn(world, 'Submitted');
    const [a, b] = [instance(), instance()];

    // 08:59 in Rome (07:59 UTC): not yet.
    world.clock.set('2026-11-25T07:59:00Z');
    assert.deepEqual(await both(a, b), ['notDue', 'notDue']);
    assert.equal(posts().length, 0);

    world.clock.set('2026-11-25T08:01:00Z');
    const first = await both(a, b);
    assert.equal(first.filter((o) => o === 'posted').length, 1, first.join());
    assert.equal(posts().length, 1);
    assert.match(cardText(posts()[0]), /CPOR review digest, 2026-11-25/);

    // Later passes, and a restarted instance: nothing new to say, nothing sent.
    world.clock.set('2026-11-25T10:00:00Z');
    assert.deepEqual(await both(a, instance()), ['unchanged', 'unchanged']);
    assert.equal(posts().length, 1);
    assert.equal(updates().length, 0);

    // A new claim: within the quarter of an hour, the same card is updated in place.
    await claimIn(world, 'Submitted', { partnerTenantId: ORG_B });
    world.clock.set('2026-11-25T10:05:00Z');
    assert.equal(await a.run(), 'unchanged', 'a read it at 10:00: not again before the refresh period');
    world.clock.set('2026-11-25T10:15:00Z');
    const changed = await both(a, b);
    assert.ok(changed.includes('updated'), changed.join());
    assert.equal(posts().length, 1, 'still one post');
    assert.ok(updates().length >= 1);
    const postedId = `reply-`;
    assert.ok(
      updates().every((u) => u.path.includes(postedId)),
      updates()
        .map((u) => u.path)
        .join(),
    );
    assert.match(cardText(updates()[updates().length - 1]), /"title":"Submitted","value":"2"/);

    // Saturday: no digest. Monday: a new one.
    world.clock.set('2026-11-28T08:30:00Z');
    assert.deepEqual(await both(a, b), ['notDue', 'notDue']);
    world.clock.set('2026-11-30T08:30:00Z');
    assert.equal((await both(a, b)).filter((o) => o === 'posted').length, 1);
    assert.equal(posts().length, 2);
  });

  it('skipped on a day when nothing waits for a reviewer, even if something arrives later that day', async () => {
    world.clock.set('2026-11-24T08:00:00Z');
    await claimIn(world, 'Approved');
    await claimIn(world, 'Draft');
    const digest = instance();
    world.clock.set('2026-11-25T08:30:00Z');
    assert.equal(await digest.run(), 'skipped');
    await claimIn(world, 'Submitted');
    assert.equal(await instance().run(), 'skipped');
    assert.equal(posts().length, 0);
    world.clock.set('2026-11-26T08:30:00Z');
    assert.equal(await digest.run(), 'posted');
  });

  it('lists counts by state, overdue reviews, disputes and competing pairs', async () => {
    world.clock.set('2026-11-16T08:00:00Z');
    const old: Claim = await claimIn(world, 'Submitted', { partnerName: 'Contoso Partner Ltd', workloads: ['Intune'] });
    await claimIn(world, 'UnderReview', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners', workloads: ['Intune'] });
    const rejected = await claimIn(world, 'Rejected');
    const disputed = await world.deps.claims.transition(rejected, {
      action: 'dispute',
      actor: alice,
      party: 'incentivesAdmin',
      comment: 'Signed.',
      expectedVersion: rejected.version,
    });
    assert.equal(disputed.kind, 'done');
    await claimIn(world, 'PartnerActionRequired');
    world.clock.set('2026-11-25T08:30:00Z');
    assert.equal(await instance().run(), 'posted');
    const text = cardText(posts()[0]);
    for (const [state, n] of [
      ['Submitted', 1],
      ['Under review', 2],
      ['Partner action required', 1],
      ['Approved', 0],
    ] as const) {
      assert.ok(text.includes(`"title":"${state}","value":"${n}"`), `${state}: ${n} in ${text}`);
    }
    assert.match(text, new RegExp(`Contoso claim \\d+ \\(${old.id}\\) · Contoso Partner Ltd · 7 business days`));
    assert.match(text, new RegExp(`\\(${rejected.id}\\) · ${TENANT}`), 'the disputed claim is listed');
    assert.match(text, /contoso\.com \(8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b\) · usage\|workload:intune: Contoso Partner Ltd · Fabrikam Partners/);
  });

  it('no review channel: nothing is posted', async () => {
    await world.store.containers.conversations.item('review-channel', 'review-channel').delete();
    world.clock.set('2026-11-16T08:00:00Z');
    await claimIn(world, 'Submitted');
    world.clock.set('2026-11-25T08:30:00Z');
    // Another instance's view (this one remembers the channel it read for a few seconds).
    assert.equal(await instance(new ConversationStore(world.store.containers.conversations, world.clock)).run(), 'noChannel');
    assert.equal(world.connector.received.length, 0);
  });
});
