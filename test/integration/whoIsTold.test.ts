// Every admin told (issue 20 item 4): a claim's notices reach its creator and every Incentives admin of the
// organisation the bot has a chat with, each once, and the organisation's own channel; whoever may not dispute a
// rejection is told who can. Through the real store, roles file and CloudAdapter to the local Bot Connector.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT, REVIEWER_TENANT, OTHER_TENANT, rita, type Who } from '../helpers/activities';
import { claimIn } from '../helpers/claims';
import { tempDir } from '../helpers/testApp';
import type { ReceivedActivity } from '../helpers/connector';

const anna: Who = { id: '29:anna', name: 'Anna Verdi', tenantId: TENANT };
const pete: Who = { id: '29:pete', name: 'Pete Partner', tenantId: TENANT };
const paula: Who = { id: '29:paula', name: 'Paula User', tenantId: TENANT };
/** An Incentives admin of another organisation: never told of this one's claims. */
const olga: Who = { id: '29:olga', name: 'Olga Other', tenantId: OTHER_TENANT };
const ORG_CHANNEL = '19:partner-associations@thread.tacv2';

const reject = { reason: 'Insufficient proof of execution', comment: 'The SOW is not signed.' };

describe('every admin told', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(
      rolesFile,
      JSON.stringify({
        [TENANT]: { [alice.id]: ['incentivesAdmin'], [anna.id]: ['incentivesAdmin'], [pete.id]: ['incentivesUser'], [paula.id]: ['incentivesUser'] },
        [REVIEWER_TENANT]: { [rita.id]: ['reviewer'] },
        [OTHER_TENANT]: { [olga.id]: ['incentivesAdmin'] },
      }),
    );
    world = await openWorld({ ROLES_FILE: rolesFile, CUSTOMER_TIME_ZONE: 'Europe/Rome' });
    // Everyone has chatted with the bot: their personal chats' references are stored.
    for (const who of [alice, anna, pete, paula, olga]) await new Chat(world, who).ask('help');
  });
  afterEach(() => world.close());

  const chatOf = (who: Who) => `/v3/conversations/${encodeURIComponent(`a:personal-${who.id}`)}/activities`;
  const sentTo = (where: string, about: RegExp): ReceivedActivity[] =>
    world.connector.received.filter((r) => r.method === 'POST' && r.path === where && about.test(r.activity.text ?? ''));

  async function rejectedBy(author: Who): Promise<Claim> {
    const claim = await claimIn(world, 'UnderReview', { author });
    await world.delivery.deliverPending(claim);
    const fresh = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    const result = await world.deps.claims.transition(fresh, { action: 'reject', actor: { id: rita.id, name: rita.name }, party: 'reviewer', ...reject });
    assert.equal(result.kind, 'done');
    await world.delivery.deliverPending(claim);
    return (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  }

  it("a rejection of an Incentives user's claim reaches every Incentives admin, each once; the user is told who can dispute", async () => {
    const claim = await rejectedBy(pete);
    await world.delivery.deliverPending(claim); // again: nothing left to send
    const rejected = new RegExp(`${claim.id}\\) was rejected`);
    const [toPete] = sentTo(chatOf(pete), rejected);
    assert.ok(toPete, 'the creator is told');
    assert.match(toPete.activity.text ?? '', /Only an Incentives admin of your organisation can dispute it, once, by .*: Alice Rossi, Anna Verdi\./);
    assert.doesNotMatch(toPete.activity.text ?? '', /You can dispute/);
    for (const admin of [alice, anna]) {
      const told = sentTo(chatOf(admin), rejected);
      assert.equal(told.length, 1, `${admin.name} is told once`);
      assert.match(told[0].activity.text ?? '', /You can dispute it once, .* by \w+day \d+ \w+ \d{4} \(until the end of the day, Europe\/Rome time\)/);
    }
    assert.equal(sentTo(chatOf(paula), rejected).length, 0, 'another Incentives user is not told');
    assert.equal(sentTo(chatOf(olga), rejected).length, 0, "another organisation's admin is not told");
    const notice = claim.notices.find((n) => n.kind === 'partner' && n.historyIndex === claim.history.length - 1);
    assert.ok(notice?.deliveredAt);
    assert.deepEqual([...(notice?.sentTo ?? [])].sort(), [`user:${alice.id}`, `user:${anna.id}`, `user:${pete.id}`]);
  });

  it('a send that fails part-way is retried for the recipients not reached only', async () => {
    const claim = await claimIn(world, 'Submitted', { author: pete });
    await world.delivery.deliverPending(claim);
    // The first recipient's message goes through; the next request is throttled once, then retried.
    world.connector.onActivity(() => {
      world.connector.onActivity(undefined);
      world.connector.failNext(429, { retryAfterSeconds: 0 });
    });
    const fresh = (await world.deps.claims.get(TENANT, claim.id)) as Claim;
    const result = await world.deps.claims.transition(fresh, { action: 'startReview', actor: { id: rita.id, name: rita.name }, party: 'reviewer' });
    assert.equal(result.kind, 'done');
    await world.delivery.deliverPending(claim);
    assert.equal(world.connector.refused.length, 1, 'one send was refused');
    for (const who of [pete, alice, anna]) assert.equal(sentTo(chatOf(who), /started reviewing/).length, 1, `${who.name}: exactly once`);
  });

  it("the organisation's channel, chosen by one of its Incentives admins, gets every notice too", async () => {
    assert.match(await new Chat(world, pete, `${ORG_CHANNEL};messageid=1`).ask('use this channel for our associations'), /Only an Incentives admin/);
    assert.match(await new Chat(world, alice).ask('use this channel for our associations'), /Say this in the team channel/);
    assert.match(await new Chat(world, alice, `${ORG_CHANNEL};messageid=2`).ask('use this channel for our associations'), /This channel now receives/);
    const claim = await rejectedBy(alice);
    const inChannel = `/v3/conversations/${encodeURIComponent(ORG_CHANNEL)}/activities`;
    assert.equal(sentTo(inChannel, /started reviewing/).length, 1, 'the review start');
    const [rejection] = sentTo(inChannel, new RegExp(`${claim.id}\\) was rejected`));
    assert.ok(rejection, 'the rejection');
    assert.match(rejection.activity.text ?? '', /Only an Incentives admin of your organisation can dispute it, once, by .*: Alice Rossi, Anna Verdi\./);
    assert.equal(rejection.activity.attachments?.length ?? 0, 0);
    // Another organisation's claims do not go to this channel.
    const before = world.connector.received.length;
    const theirs = await claimIn(world, 'UnderReview', { author: olga, partnerTenantId: OTHER_TENANT });
    await world.delivery.deliverPending(theirs);
    assert.equal(world.connector.received.slice(before).filter((r) => r.path === inChannel).length, 0);
  });
});
