// Knows when turns are over, so work a turn asks for (notice delivery) starts after its answer has left instead of
// competing with it: a burst of clicks is answered first, and their deliveries follow in the gaps.
// Only turns that answer someone count: the bot's own proactive turns (a notice being sent runs the middleware too)
// are the background work itself, and waiting on them would make each delivery wait for the others.
// The asking turn is not singled out (that would take an AsyncLocalStorage, whose promise hooks cost every turn about
// a fifth of its CPU on Node 20): work waits for every turn in progress when it asks, the asking one among them.
import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';

const PROACTIVE: ReadonlySet<string> = new Set([ActivityEventNames.ContinueConversation, ActivityEventNames.CreateConversation]);

/** A turn the bot began itself (continueConversationAsync / createConversationAsync), not an incoming activity. */
const isProactive = (context: TurnContext) => context.activity.type === String(ActivityTypes.Event) && PROACTIVE.has(context.activity.name ?? '');

export class TurnEnd implements Middleware {
  /** The turns in progress: each one's end. */
  private readonly inProgress = new Set<Promise<void>>();
  private idle: (() => void)[] = [];

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isProactive(context)) return next();
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    this.inProgress.add(end);
    try {
      await next();
    } finally {
      // The adapter writes the invoke response once the turn returns: let that go out first.
      setImmediate(() => {
        this.inProgress.delete(end);
        ended();
        if (this.inProgress.size === 0) for (const go of this.idle.splice(0)) go();
      });
    }
  }

  /**
   * Resolves once the turns in progress now (the asking one among them) are over, and then no other turn is in
   * progress either — or `maxWaitMs` after those, so background work still moves under steady load. (At once when
   * no turn is in progress. The turns waited for first have deadlines of their own.)
   */
  async after(maxWaitMs: number): Promise<void> {
    if (this.inProgress.size === 0) return;
    await Promise.all(this.inProgress);
    if (this.inProgress.size === 0) return;
    let go!: () => void;
    const idle = new Promise<void>((resolve) => (go = resolve));
    this.idle.push(go);
    const timer = setTimeout(go, maxWaitMs);
    await idle;
    clearTimeout(timer);
    // Gone from the idle list if the deadline came first: under steady load the list would only grow.
    const waiting = this.idle.indexOf(go);
    if (waiting >= 0) this.idle.splice(waiting, 1);
  }
}
