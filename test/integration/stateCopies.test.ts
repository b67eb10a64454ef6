// A dialog turn of a conversation whose state this instance wrote last starts from that copy, with no request, and
// counts its activity (the dedupe) only when it writes. These tests deliver copies of one activity (Teams redelivers
// slow ones) to the same instance and to another, at once and one after the other, and turns on a copy another
// instance has outdated: each activity changes the conversation and the claims once, and is answered once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import { ActivityDedupe } from '../../bot/teams/activityDedupe';
import { CporBot } from '../../bot/teams/cporBot';
import { Chat, openWorld, secondInstance, textOf, type BotWorld, type Reply } from '../helpers/chat';
import { alice } from '../helpers/activities';
import { m365Answers } from '../helpers/claims';
import { CosmosBotStorage, StateTooLargeError } from '../../services/botStateStorage';
import { LIMITS } from '../../services/domain/validation';
import { HeldReplies } from '../../bot/teams/heldReplies';
import sinon from 'sinon';

/**
 * alice's chat on `world`'s bot, with the activity dedupe the app puts in front of it. Each message has a new id
 * unless given one (the test adapter numbers activities per chat, so two chats would reuse ids).
 */
function dedupedChat(world: BotWorld, dedupe?: ActivityDedupe): { say(input: string | { id: string; text: string; value?: unknown }): Promise<Reply[]> } {
  const chat = new Chat(world, alice);
  const bot = new CporBot(world.deps);
  chat.adapter.use(dedupe ?? new ActivityDedupe(world.store.containers.botState, world.deps.log, bot.stateMarker));
  return { say: (input) => chat.say(typeof input === 'string' ? { id: randomUUID(), text: input } : input) };
}

const text = (replies: Reply[]) => replies.map(textOf).join('\n');

async function claimCount(world: BotWorld): Promise<number> {
  const { resources } = await world.store.containers.associations.items.query('SELECT c.id FROM c').fetchAll();
  return resources.length;
}

const dropped = (world: BotWorld) => world.logs().filter((l) => l.msg === 'duplicate delivery dropped').length;

/** Up to the summary, on `chat`: the next answer ("submit") stores the claim. */
async function toSummary(chat: ReturnType<typeof dedupedChat>): Promise<void> {
  for (const answer of ['new association', ...m365Answers(), 'later', 'Contoso copies']) await chat.say(answer);
  assert.match(text(await chat.say('none')), /submit/i, 'the summary asks to submit');
}

for (const soleInstance of [true, false]) {
  describe(`dialog turns, the dedupe counted by the state write (${soleInstance ? 'the only instance: from the state it wrote' : 'one of several instances: read with its count'}): copies of an activity`, function () {
    this.timeout(60_000);
    let world: BotWorld;
    beforeEach(async () => {
      world = await openWorld({}, undefined, undefined, { countRequests: true, soleInstance });
    });
    afterEach(() => world.close());
    // The only instance starts from the state it wrote; one of several reads it with the activity's count (a patch).
    const stateRead = soleInstance ? {} : { 'botState.patch': 1 };

    it(`a turn after the first ${soleInstance ? 'reads nothing' : 'reads the state and counts its activity in one request'}; a copy delivered after it is dropped on the request that counts it`, async () => {
      const chat = dedupedChat(world);
      await chat.say('new association');
      await chat.say('Microsoft 365');
      const log = world.requests!;
      log.take();
      assert.match(text(await chat.say({ id: 'act-pid', text: '1234567' })), /domain/i);
      assert.deepEqual(log.summary(log.take()), { ...stateRead, 'botState.replace': 1 }, 'the state written on its eTag, with the dedupe');
      assert.deepEqual(await chat.say({ id: 'act-pid', text: '1234567' }), [], 'the copy says nothing');
      // The copy of the state says "seen"; the store decides (a count can be taken back by a failed turn).
      assert.deepEqual(log.summary(log.take()), { 'botState.patch': 1 }, 'one request, which counts it');
      assert.equal(dropped(world), 1);
      assert.match(text(await chat.say('contoso.com')), /tenant/i, 'the dialog moved on once');
    });

    it('a copy arriving while the process still handles the activity: dropped at once, without a request', async () => {
      const dedupe = new ActivityDedupe(world.store.containers.botState, world.deps.log, new CporBot(world.deps).stateMarker);
      const one = dedupedChat(world, dedupe);
      const two = dedupedChat(world, dedupe);
      await one.say('new association');
      await one.say('Microsoft 365');
      // The first delivery waits at its state write until the second has been answered.
      const storage = world.deps.stateStorage;
      const { write } = storage;
      let reached!: () => void;
      const atWrite = new Promise<void>((resolve) => (reached = resolve));
      let go!: () => void;
      const secondDone = new Promise<void>((resolve) => (go = resolve));
      storage.write = async (changes: StoreItems) => {
        reached();
        await secondDone;
        return write.call(storage, changes);
      };
      const first = one.say({ id: 'act-during', text: '1234567' });
      await atWrite;
      const log = world.requests!;
      log.take();
      assert.deepEqual(await two.say({ id: 'act-during', text: '1234567' }), [], 'the copy says nothing');
      assert.deepEqual(log.take(), [], 'and asks the store nothing');
      go();
      assert.match(text(await first), /domain/i, 'the first delivery answers');
      storage.write = write;
      assert.equal(dropped(world), 1);
      assert.match(text(await one.say('contoso.com')), /tenant/i, 'the dialog moved on once');
    });

    it('two copies at once, each past its own dedupe (as on two instances): one answers, the other is dropped when its write loses', async () => {
      const one = dedupedChat(world);
      const two = dedupedChat(world);
      await one.say('new association');
      await one.say('Microsoft 365');
      // Both copies start from the same state; neither writes until both have tried (or one was dropped).
      const storage = world.deps.stateStorage;
      const { write } = storage;
      let arrived = 0;
      let both!: () => void;
      const bothThere = new Promise<void>((resolve) => (both = resolve));
      storage.write = async (changes: StoreItems) => {
        if (++arrived === 2) both();
        if (arrived <= 2) await bothThere;
        return write.call(storage, changes);
      };
      // (One of several instances drops the second copy at its read, which counts the activity: it never writes.)
      const answers = await Promise.all(
        [one.say({ id: 'act-twice', text: '1234567' }), two.say({ id: 'act-twice', text: '1234567' })].map((said) => said.finally(both)),
      );
      storage.write = write;
      assert.equal(answers.filter((a) => a.length > 0).length, 1, `one copy answered: ${JSON.stringify(answers.map(text))}`);
      assert.match(text(answers.flat()), /domain/i);
      assert.equal(dropped(world), 1, 'the other was dropped');
      assert.match(text(await one.say('contoso.com')), /tenant/i);
    });

    it('a submission whose copy another instance handled first: one claim, one answer, the late copy dropped', async () => {
      const here = dedupedChat(world);
      await toSummary(here);
      const other = secondInstance(world, soleInstance);
      const there = dedupedChat(other);
      assert.match(text(await there.say({ id: 'act-submit', text: 'submit' })), /Saved as a Draft: claim CPOR-/, 'the other instance stored it');
      assert.equal(await claimCount(world), 1);
      // This instance still holds the state as it wrote it (at the summary): the copy runs on it until its first write.
      const log = world.requests!;
      log.take();
      assert.deepEqual(await here.say({ id: 'act-submit', text: 'submit' }), [], 'the late copy says nothing');
      const requests = log.take();
      assert.equal(await claimCount(world), 1, 'and stores nothing');
      assert.equal(dropped(world), 1);
      assert.ok(
        requests.every((r) => r.container === 'botState' || !['create', 'upsert', 'replace', 'patch', 'delete'].includes(r.op)),
        `no write but the dedupe's: ${JSON.stringify(log.summary(requests))}`,
      );
    });

    it('a submission after another instance answered in the conversation: one claim', async () => {
      const here = dedupedChat(world);
      await toSummary(here);
      const there = dedupedChat(secondInstance(world, soleInstance));
      // Another instance handles a different activity of the conversation: the summary is shown again there.
      assert.match(text(await there.say('help')), /.+/);
      const submitted = text(await here.say({ id: 'act-submit-2', text: 'submit' }));
      // One of several instances reads the current state, and submits once. The only instance's premise is broken
      // here on purpose (a second instance on its store): its outdated copy's attempt stores the claim and loses its
      // state write, and the attempt run again on the current state finds the claim stored. One claim either way.
      assert.match(submitted, soleInstance ? /claim CPOR-|CPOR-\w+ \(Draft\)/ : /Saved as a Draft: claim CPOR-/, submitted);
      assert.equal(await claimCount(world), 1);
      assert.equal(dropped(world), 0, 'not taken for a copy');
    });

    // A later turn (started from the state this instance wrote, or read with its count) and a conversation's first
    // (recorded apart, its state created): each fails after writing its state, and its redelivery must run.
    for (const [which, before, said] of [
      ['a turn', ['new association'], 'Microsoft 365'],
      ["a conversation's first turn", [], 'new association'],
    ] as const) {
      it(`${which} that fails after its state was written is handled again when redelivered (its count taken back)`, async () => {
        const chat = dedupedChat(world);
        for (const line of before) await chat.say(line);
        const release = sinon.stub(HeldReplies.prototype, 'release');
        release.onFirstCall().rejects(new Error('connector down'));
        release.callThrough();
        try {
          assert.match(text(await chat.say({ id: 'act-fails', text: said })), /went wrong/i, 'the failed turn apologises');
          const again = text(await chat.say({ id: 'act-fails', text: said }));
          assert.equal(dropped(world), 0, `the redelivery is handled, not dropped: ${again}`);
          assert.ok(again.length > 0);
        } finally {
          release.restore();
        }
      });
    }

    it('a turn refused for its size before anything changed: a copy of it is dropped', async () => {
      const chat = dedupedChat(world);
      await chat.say('new association');
      const huge = { id: 'act-huge', text: '', value: Object.fromEntries(Array.from({ length: LIMITS.cardInputs + 1 }, (_, i) => [`f${i}`, 'x'])) };
      assert.ok(text(await chat.say(huge)).length > 0, 'refused with a message');
      assert.deepEqual(await chat.say(huge), [], 'the copy says nothing');
      assert.equal(dropped(world), 1);
    });

    it('a turn on a copy another instance outdated runs again on the current state: its answer goes to the current question', async () => {
      const here = dedupedChat(world);
      await here.say('new association');
      await here.say('Microsoft 365');
      const there = dedupedChat(secondInstance(world, soleInstance));
      assert.match(text(await there.say('1234567')), /domain/i, 'the other instance took the Partner ID');
      const answer = text(await here.say('contoso.com'));
      assert.match(answer, /tenant/i, 'the domain was taken, and the tenant id asked');
      assert.doesNotMatch(answer, /Partner ID/i, 'the attempt on the outdated copy (contoso.com as a Partner ID) said nothing');
    });
  });
}

describe('the state copies an instance keeps', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld({}, undefined, undefined, { countRequests: true });
  });
  afterEach(() => world.close());

  it('a kept copy that still counts an activity whose count was taken back elsewhere: the store decides, the activity runs', async () => {
    const storage = new CosmosBotStorage(world.store.containers.botState, { keepWritten: true });
    const state: Record<string, unknown> = { step: 1 };
    storage.remember(state, 'act-x');
    await storage.write({ k: state });
    // Another path (a failed turn's unmark racing a write) took the count back without this copy knowing.
    await new CosmosBotStorage(world.store.containers.botState).unmark('k', 'act-x');
    assert.equal(await storage.readMarking('k', 'act-x'), 'new', 'counted afresh in the store, not dropped on the copy');
    assert.equal(await storage.readMarking('k', 'act-x'), 'duplicate', 'a copy after it is dropped');
  });

  it('stay within their byte budget, the least recently used going first; a state deleted or refused is not kept', async () => {
    const storage = new CosmosBotStorage(world.store.containers.botState, { keepWritten: true, keptBytes: 2500 });
    const state = (n: number) => ({ text: String(n).repeat(1000) });
    for (const key of ['k1', 'k2']) await storage.write({ [key]: state(1) });
    const log = world.requests!;
    const requestsFor = async (key: string) => {
      log.take();
      const verdict = await storage.readMarking(key, `act-${key}-${randomUUID()}`);
      return { verdict, requests: log.take().length };
    };
    assert.deepEqual(await requestsFor('k1'), { verdict: 'unmarked', requests: 0 }, 'k1 kept (and now the most recently used)');
    await storage.write({ k3: state(3) });
    assert.deepEqual(await requestsFor('k2'), { verdict: 'new', requests: 1 }, 'k2 went first: read (and counted) with one request');
    assert.deepEqual(await requestsFor('k1'), { verdict: 'unmarked', requests: 0 });
    assert.deepEqual(await requestsFor('k3'), { verdict: 'unmarked', requests: 0 });
    await storage.delete(['k3']);
    assert.deepEqual(await requestsFor('k3'), { verdict: undefined, requests: 1 }, 'deleted: nothing kept, nothing stored');
    await assert.rejects(storage.write({ k1: { text: 'x'.repeat(LIMITS.conversationStateBytes) } }), StateTooLargeError);
    assert.deepEqual(await requestsFor('k1'), { verdict: 'new', requests: 1 }, 'a refused write leaves no copy of the refused state');
  });
});
