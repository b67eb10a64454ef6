// Two turns of one conversation on two instances at once (a double click or two quick answers behind a load
// balancer, issue 19 item 7): the state write is conditional on the eTag it was read with, and the turn that
// loses the race runs again on the state the other left. Neither answer is lost, and the lost attempt says nothing.
import assert from 'node:assert/strict';
import type { Storage, StoreItems } from 'botbuilder';
import { Chat, openWorld, secondInstance, type BotWorld } from '../helpers/chat';
import { alice } from '../helpers/activities';
import { CUSTOMER_TENANT, m365Answers } from '../helpers/claims';

/** Resolves once `n` callers have arrived. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === n) open();
    return opened;
  };
}

/**
 * Holds both turns after their state read until both have read, and the second one's write until the first one's
 * is done: `race(storage)` on the instance that writes first, `race(storage, written)` on the other.
 */
function racing() {
  const bothRead = barrier(2);
  let firstWritten!: () => void;
  const written = new Promise<void>((resolve) => (firstWritten = resolve));
  const race = (storage: Storage, after?: Promise<void>, done?: () => void) => {
    const { read, write } = storage;
    let raced = false;
    storage.read = async (keys: string[]) => {
      const items = await read.call(storage, keys);
      if (!raced) await bothRead();
      return items;
    };
    storage.write = async (changes: StoreItems) => {
      if (!raced) await after;
      raced = true;
      try {
        return await write.call(storage, changes);
      } finally {
        done?.();
      }
    };
  };
  return { race, firstWritten, written };
}

describe('conversation state: two instances, one conversation, two turns at once', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('both turns read the same state; the second writer runs again on the first one’s: both answers are kept', async () => {
    const other = secondInstance(world);
    const first = new Chat(world, alice);
    const second = new Chat(other, alice);
    await first.say('new association');
    await first.say('Microsoft 365');

    // Both turns read the state before either writes; the first instance writes first.
    const { race, firstWritten, written } = racing();
    race(world.deps.stateStorage, undefined, firstWritten);
    race(other.deps.stateStorage, written);

    const [partnerIdTurn, domainTurn] = await Promise.all([first.ask('1234567'), second.ask('contoso.com')]);
    assert.match(partnerIdTurn, /domain/i, 'the first turn took the Partner ID and asked for the domain');
    assert.doesNotMatch(domainTurn, /Partner ID/i, "the second turn's lost attempt (contoso.com as a Partner ID) said nothing");
    assert.match(domainTurn, /tenant/i, 'the second turn, run again on the first one’s state, took the domain and asked for the tenant id');

    // Go on to the summary: both answers are in it.
    for (const answer of m365Answers().slice(3)) await first.say(answer);
    await first.say('later');
    await first.say('Contoso race');
    const summary = await first.ask('none');
    assert.match(summary, /1234567/);
    assert.match(summary, /contoso\.com/);
    assert.match(summary, new RegExp(CUSTOMER_TENANT));
  });

  it('two first turns of a new conversation at once: both find no state, the second create fails, and that turn runs again on the first one’s state', async () => {
    const other = secondInstance(world);
    const first = new Chat(world, alice);
    const second = new Chat(other, alice);
    const { race, firstWritten, written } = racing();
    race(world.deps.stateStorage, undefined, firstWritten);
    race(other.deps.stateStorage, written);
    const [started, secondTurn] = await Promise.all([first.ask('new association'), second.ask('help')]);
    assert.match(started, /Which solution area/i, 'the first turn started the claim dialog');
    assert.match(
      secondTurn,
      /I am creating a customer association with you/i,
      "the second turn's help, run again on the state the first created, knows the dialog",
    );
    const next = await first.ask('Microsoft 365');
    assert.match(next, /Partner ID/i, 'the dialog goes on from the state both turns wrote');
  });
});
