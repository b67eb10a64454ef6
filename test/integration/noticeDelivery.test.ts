// Clicks first: notices a turn asks for are delivered after that turn is over, a few claims at a time, so a burst
// of approvals is answered before their deliveries compete with it. Real store; a recording Bot Connector adapter
// that holds each send until the test lets it go.
import assert from 'node:assert/strict';
import { until } from '../helpers/until';
import type { ConversationReference, TurnContext } from 'botbuilder';
import { NoticeDelivery, type ProactiveAdapter } from '../../bot/workers/noticeDelivery';
import { TurnEnd } from '../../bot/teams/turnEnd';
import { openWorldKnowing, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';

class HeldAdapter implements ProactiveAdapter {
  sends = 0;
  active = 0;
  maxActive = 0;
  private open = false;
  private waiting: (() => void)[] = [];

  release(): void {
    this.open = true;
    for (const go of this.waiting.splice(0)) go();
  }

  async continueConversationAsync(_appId: string, _ref: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (!this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.sends++;
      await logic({ activity: {}, sendActivity: async () => ({ id: `sent-${this.sends}` }), updateActivity: async () => undefined } as unknown as TurnContext);
    } finally {
      this.active--;
    }
  }

  async createConversationAsync(): Promise<void> {
    throw new Error('not expected: the partner chat is known');
  }
}

/** Sends at once; a click (a turn) arrives as the first notice leaves and lasts until `clickAnswered()`. */
class ClickAfterFirstSend extends HeldAdapter {
  waits = 0;
  clickAnswered: () => void = () => undefined;
  private turn = Promise.resolve();

  constructor() {
    super();
    this.release();
  }

  override async continueConversationAsync(...args: Parameters<HeldAdapter['continueConversationAsync']>): Promise<void> {
    await super.continueConversationAsync(...args);
    if (this.sends === 1) this.turn = new Promise<void>((resolve) => (this.clickAnswered = resolve));
  }

  /** The deliveries' wait on the turns in progress (counted). */
  afterTurn = (): Promise<void> => {
    this.waits++;
    return this.turn;
  };
}

/** Every callback already queued has run (a turn's end is processed in a setImmediate, see TurnEnd). */
const flushed = () => new Promise((resolve) => setImmediate(resolve));

/** Deliveries through `adapter`, waiting on `afterTurn` as the app's wait on its turns, `concurrency` claims at once. */
const deliveryWith = (world: BotWorld, adapter: ProactiveAdapter, afterTurn: () => Promise<void>, concurrency: number) =>
  new NoticeDelivery({
    adapter,
    appId: '',
    claims: world.deps.claims,
    conversations: world.deps.conversations,
    languages: world.deps.languages,
    roles: world.deps.roles,
    reviewCardFor: async () => ({ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }),
    mailCustomer: async () => undefined,
    settleCompetitors: async () => undefined,
    defaultServiceUrl: world.connector.serviceUrl,
    sendTimeoutMs: 5000,
    log: world.deps.log,
    clock: world.clock,
    afterTurn,
    concurrency,
  });

describe('notice delivery after the turn, bounded', function () {
  this.timeout(30_000);
  let world: BotWorld;
  beforeEach(async () => (world = await openWorldKnowing([alice])));
  afterEach(() => world.close());

  it('starts once the turn that asked is over, then delivers at most `concurrency` claims at once', async () => {
    const claims = [];
    for (let i = 0; i < 6; i++) claims.push(await claimIn(world, 'UnderReview'));
    const adapter = new HeldAdapter();
    let turnOver!: () => void;
    const turn = new Promise<void>((resolve) => (turnOver = resolve));
    // The turn as the deliveries wait on it: a thenable, so the test sees each wait (an `await` calls `then`).
    let waitsForTurn = 0;
    const afterTurn = () =>
      ({
        then: (go: () => void) => {
          waitsForTurn++;
          void turn.then(go);
        },
      }) as unknown as Promise<void>;
    const delivery = deliveryWith(world, adapter, afterTurn, 2);
    for (const claim of claims) delivery.schedule(claim);
    delivery.schedule(claims[0]); // asked twice before it ran: delivered once
    // The deterministic point: every worker is parked on the turn before taking a claim.
    await until(() => waitsForTurn >= 2, 'the deliveries to wait for the turn');
    assert.equal(waitsForTurn, 2, 'two workers, each waiting for the turn before its first claim');
    assert.equal(adapter.active, 0, 'nothing is sent while the turn is still being answered');
    turnOver();
    await until(() => adapter.active >= 2, 'two deliveries to start');
    // Both workers hold a claim in the held adapter, so none is back for a third.
    assert.equal(waitsForTurn, 2, 'no worker waits for a third claim while two are being sent');
    assert.equal(adapter.active, 2, 'then two claims at a time');
    adapter.release();
    await delivery.settled();
    assert.equal(adapter.maxActive, 2);
    for (const claim of claims) {
      const stored = await world.deps.claims.get(TENANT, claim.id);
      assert.ok(
        stored?.notices.every((n) => n.deliveredAt),
        `${claim.id}: every notice delivered`,
      );
    }
    // Per claim: the review card (one send settles the card notices of submit and start) and the partner's message.
    assert.equal(adapter.sends, claims.length * 2);
  });

  it("between one claim's notices the turns go first again: a click arriving after its first send is answered before its second", async () => {
    const claim = await claimIn(world, 'UnderReview');
    const adapter = new ClickAfterFirstSend();
    const delivery = deliveryWith(world, adapter, adapter.afterTurn, 1);
    delivery.schedule(claim);
    await until(() => adapter.waits === 2, 'the delivery to wait again after its first send');
    await flushed();
    assert.equal(adapter.sends, 1, 'the second notice waits while the click is answered');
    adapter.clickAnswered();
    await delivery.settled();
    assert.equal(adapter.sends, 2, 'then it goes');
    const stored = await world.deps.claims.get(TENANT, claim.id);
    assert.ok(
      stored?.notices.every((n) => n.deliveredAt),
      'every notice delivered',
    );
  });

  it('a stop while waiting between notices gives the next one back unsent, for the next instance to take at once', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const adapter = new ClickAfterFirstSend();
    const delivery = deliveryWith(world, adapter, adapter.afterTurn, 1);
    delivery.schedule(claim);
    await until(() => adapter.waits === 2, 'the delivery to wait again after its first send');
    const stopped = delivery.stop();
    adapter.clickAnswered();
    await stopped;
    assert.equal(adapter.sends, 1);
    const stored = await world.deps.claims.get(TENANT, claim.id);
    const pending = stored?.notices.filter((n) => !n.deliveredAt) ?? [];
    assert.equal(pending.length, 1, JSON.stringify(stored?.notices));
    assert.equal(pending[0].leaseUntil, undefined, 'not leased');
    assert.equal(pending[0].attempts, 0, 'no attempt counted');
  });
});

describe('TurnEnd: work a turn asks for waits for the turns in progress', () => {
  const context = { activity: { type: 'message' } } as TurnContext;

  it('resolves once the asking turn and every other turn are over, or after the longest wait', async () => {
    const turns = new TurnEnd();
    let endA!: () => void;
    let endB!: () => void;
    let released = false;
    let bounded = false;
    let asked!: () => void;
    const hasAsked = new Promise<void>((resolve) => (asked = resolve));
    const a = turns.onTurn(context, async () => {
      void turns.after(10_000).then(() => (released = true));
      void turns.after(150).then(() => (bounded = true));
      asked();
      await new Promise<void>((resolve) => (endA = resolve));
    });
    await hasAsked;
    // Steady load: another turn comes in after the asking.
    const b = turns.onTurn(context, () => new Promise<void>((resolve) => (endB = resolve)));
    await flushed();
    assert.equal(released, false, 'not while the asking turn runs');
    endA();
    await a;
    await flushed(); // the asking turn's end has been processed
    assert.equal(released, false, 'not while another turn runs');
    await until(() => bounded, 'the bounded wait to end');
    assert.equal(bounded, true, 'a bounded wait ends under steady load');
    assert.equal((turns as unknown as { idle: unknown[] }).idle.length, 1, 'the ended wait left the idle list (the other still waits)');
    endB();
    await b;
    await until(() => released, 'the wait to end once no turn is in progress');
    assert.equal((turns as unknown as { idle: unknown[] }).idle.length, 0);
    let outside = false;
    await turns.after(10_000).then(() => (outside = true));
    assert.ok(outside, 'at once outside any turn');
  });

  it('a turn in progress when the work asks is waited for to its end, past the longest wait', async () => {
    const turns = new TurnEnd();
    let end!: () => void;
    const slow = turns.onTurn(context, () => new Promise<void>((resolve) => (end = resolve)));
    let released = false;
    void turns.after(20).then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(released, false, 'still waiting for the turn, 5 times the longest wait later');
    end();
    await slow;
    await until(() => released, 'the wait to end with the turn');
  });

  it("does not count the bot's own proactive turns (a notice being sent): deliveries never wait for each other", async () => {
    const turns = new TurnEnd();
    let sent!: () => void;
    const notice = turns.onTurn(
      { activity: { type: 'event', name: 'ContinueConversation' } } as TurnContext,
      () => new Promise<void>((resolve) => (sent = resolve)),
    );
    let released = false;
    void turns.after(60_000).then(() => (released = true));
    await until(() => released, 'the wait to end while only a notice is being sent', 5_000);
    // An incoming activity meanwhile still counts.
    let answered!: () => void;
    const click = turns.onTurn(context, () => new Promise<void>((resolve) => (answered = resolve)));
    let afterClick = false;
    void turns.after(10_000).then(() => (afterClick = true));
    await flushed();
    assert.equal(afterClick, false, 'a click in progress is waited for');
    answered();
    await click;
    await until(() => afterClick, 'the wait to end once the click is answered');
    sent();
    await notice;
  });
});
