// Store round trips per turn and per promoted claim, counted on the real Cosmos containers (the embedded server):
// the bot's speed rests on how few requests a turn makes, so the counts are asserted here as behaviour, and the
// times live in the benchmark.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { turnErrorHandler } from '../../bot/app';
import { ActivityDedupe } from '../../bot/teams/activityDedupe';
import { CporBot } from '../../bot/teams/cporBot';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice } from '../helpers/activities';
import type { StoreRequest } from '../helpers/storeRequests';
import { ConversationStore } from '../../services/conversationStore';
import { schedulerOn } from '../helpers/scheduler';
import type { Claim } from '../../services/domain/claim';
import { claimIn, customerToldAndWindowPassed, m365Answers } from '../helpers/claims';
import { until } from '../helpers/until';

const DIALOG = ['new association', ...m365Answers({ workloads: 'Microsoft Teams, Intune' }), 'later', 'Contoso Teams', 'none', 'submit'];

const count = (list: StoreRequest[], container: string, ops: string[]) => list.filter((r) => r.container === container && ops.includes(r.op)).length;

describe('store requests per turn and per promoted claim', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld({}, undefined, undefined, { countRequests: true });
  });
  afterEach(() => world.close());

  it('a dialog turn: the conversation reference written once; the state written once, never read (the count on the first turn finds none)', async () => {
    const chat = new Chat(world, alice);
    const bot = new CporBot(world.deps);
    chat.adapter.use(new ActivityDedupe(world.store.containers.botState, world.deps.log, bot.stateMarker));
    const log = world.requests!;
    const perTurn: StoreRequest[][] = [];
    for (const text of DIALOG) {
      log.take();
      await chat.ask(text);
      perTurn.push(log.take());
    }
    const all = perTurn.flat();
    const what = JSON.stringify(log.summary(all));
    const writes = ['create', 'upsert', 'replace', 'patch'];
    assert.ok(count(perTurn[0], 'conversations', writes) >= 1, `the first turn stores the reference: ${what}`);
    const stateId = perTurn[0].find((r) => r.container === 'botState' && r.op === 'patch')?.id;
    assert.ok(stateId, `the first turn counts its activity in the state document, and finds none: ${what}`);
    assert.equal(
      perTurn[0].filter((r) => r.id === stateId && r.op === 'read').length,
      0,
      `nor is the state document read after that: the count found none: ${JSON.stringify(perTurn[0])}`,
    );
    assert.equal(count(perTurn.slice(1).flat(), 'conversations', writes), 0, `and no later turn writes it again: ${what}`);
    perTurn.slice(1).forEach((turn, i) => {
      const detail = `turn ${i + 2} ("${DIALOG[i + 1]}"): ${JSON.stringify(log.summary(turn))}`;
      assert.equal(count(turn, 'botState', ['read', 'create']), 0, `the state this instance wrote is not read again, no dedupe record: ${detail}`);
      assert.equal(count(turn, 'botState', ['upsert', 'replace']), 1, `state written once (with the dedupe, on its eTag): ${detail}`);
      assert.equal(count(turn, 'botState', ['patch']), 0, `no other request on the state: ${detail}`);
    });
    // 15 turns, 29 requests: one state write each (the first creates it); on the first turn the counting patch that
    // finds no state, the dedupe record, the partner's language and the conversation reference (a patch, then an
    // upsert: no install event came first); the Partner IDs used before; the early conflict check once the workloads
    // are known (a read per slot, one query for competitors); and the submission (two reads, the claim, its slots).
    assert.ok(all.length <= 29, `${all.length} requests for ${DIALOG.length} turns: ${what}`);
  });

  it('a conversation reference is written again when it changes, after an uninstall, and stored without the activity id', async () => {
    const store = new ConversationStore(world.store.containers.conversations, world.clock);
    const log = world.requests!;
    const record = (serviceUrl: string, activityId: string) => ({
      id: 'personal:t:29:alice',
      kind: 'personal' as const,
      tenantId: 't',
      userId: '29:alice',
      reference: { channelId: 'msteams', serviceUrl, activityId, conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' } },
    });
    const writes = () => log.take().filter((r) => r.container === 'conversations' && r.op !== 'read').length;
    log.take();
    await store.save(record('https://smba.one/', 'act-1'), { greet: false });
    assert.ok(writes() >= 1, 'first save writes');
    await store.save(record('https://smba.one/', 'act-2'), { greet: false });
    assert.equal(writes(), 0, 'same reference, another activity: nothing written');
    await store.save(record('https://smba.two/', 'act-3'), { greet: false });
    assert.equal(writes(), 1, 'a new service URL is written');
    assert.equal((await store.get('personal:t:29:alice'))?.reference.serviceUrl, 'https://smba.two/');
    assert.equal((await store.get('personal:t:29:alice'))?.reference.activityId, undefined);
    await store.remove('personal:t:29:alice');
    log.take();
    await store.save(record('https://smba.two/', 'act-4'), { greet: false });
    assert.ok(writes() >= 1, 'after an uninstall the reference is stored again');
    assert.ok(await store.get('personal:t:29:alice'));
    assert.equal(await store.save(record('https://smba.two/', 'act-5'), { greet: true }), false, 'a greeting still asks the store (and the chat exists)');
  });

  it('the dedupe in the state document: a copy is dropped, a failed turn is not remembered (its redelivery is handled)', async () => {
    const chat = new Chat(world, alice);
    const bot = new CporBot(world.deps);
    chat.adapter.use(new ActivityDedupe(world.store.containers.botState, world.deps.log, bot.stateMarker));
    chat.adapter.onTurnError = turnErrorHandler(world.deps.log);
    await chat.ask('help'); // the conversation's state exists from now on
    const list = sinon.stub(world.deps.manageActions, 'listMessage');
    list.onFirstCall().rejects(new Error('store down'));
    list.onSecondCall().resolves();
    await chat.say({ id: 'act-x', text: 'my associations' });
    await chat.say({ id: 'act-x', text: 'my associations' });
    assert.equal(list.callCount, 2, 'the failed turn ran again on redelivery');
    await chat.say({ id: 'act-x', text: 'my associations' });
    assert.equal(list.callCount, 2, 'the handled one is not run a third time');
    assert.ok(world.logs().some((l) => l.msg === 'duplicate delivery dropped'));
  });

  it('a card opened elsewhere is remembered from the claim as the click read it: one read in all, then one write', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const log = world.requests!;
    log.take();
    await new Chat(world, alice).click('review.refresh', { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version }, 'message-1');
    let probes = 0; // the test's own reads, not the click's
    await until(async () => {
      probes++;
      return ((await world.deps.claims.get(claim.partnerTenantId, claim.id))?.cardCopies ?? []).some((c) => c.activityId === 'message-1');
    }, 'the opened card to be remembered');
    const click = log.take();
    const what = JSON.stringify(log.summary(click));
    assert.equal(count(click, 'associations', ['read']) - probes, 1, `the claim read once, by the click: ${what}`);
    assert.equal(count(click, 'associations', ['replace']), 1, `the copy written once: ${what}`);
  });

  it('a promoted claim: one write for the transition with its first notice leased, one per notice delivered, no read of the claim', async () => {
    await new Chat(world, alice).ask('help'); // the partner's chat is known
    const told = await customerToldAndWindowPassed(world, await claimIn(world, 'Approved'));
    await world.delivery.settled();
    const log = world.requests!;
    log.take();
    const scheduler = schedulerOn(world);
    assert.equal(await scheduler.promoteApproved(), 1);
    await world.delivery.settled();
    const pass = log.take();
    const what = JSON.stringify(log.summary(pass));
    const official = (await world.deps.claims.get(told.partnerTenantId, told.id)) as Claim;
    const owed = official.notices.filter((n) => n.version === official.version);
    assert.equal(official.status, 'Official');
    assert.ok(owed.length >= 2 && owed.every((n) => n.deliveredAt), `the partner message and the review card went: ${JSON.stringify(owed)}`);
    assert.equal(count(pass, 'associations', ['read']), 0, `the claim is transitioned from the page as read: ${what}`);
    assert.equal(count(pass, 'associations', ['replace']), 1 + owed.length, `the transition and its first lease, then one write per notice: ${what}`);
  });
});
