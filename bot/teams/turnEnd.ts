// Knows when turns are over, so work a turn asks for (notice delivery) starts after its answer has left instead of
// competing with it: a burst of clicks is answered first, and their deliveries follow in the gaps.
// Only turns that answer someone count: the bot's own proactive turns (a notice being sent runs the middleware too)
// are the background work itself, and waiting on them would make each delivery wait for the others.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';

const PROACTIVE: ReadonlySet<string> = new Set([ActivityEventNames.ContinueConversation, ActivityEventNames.CreateConversation]);

/** A turn the bot began itself (continueConversationAsync / createConversationAsync), not an incoming activity. */
const isProactive = (context: TurnContext) => context.activity.type === String(ActivityTypes.Event) && PROACTIVE.has(context.activity.name ?? '');

export class TurnEnd implements Middleware {
  private readonly turn = new AsyncLocalStorage<Promise<void>>();
  private active = 0;
  private idle: (() => void)[] = [];

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isProactive(context)) return next();
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    this.active++;
    try {
      await this.turn.run(end, next);
    } finally {
      // The adapter writes the invoke response once the turn returns: let that go out first.
      setImmediate(() => {
        ended();
        if (--this.active === 0) for (const go of this.idle.splice(0)) go();
      });
    }
  }

  /**
   * Resolves once the current turn is over (at once outside a turn, or for work that outlived its turn), and no
   * other turn is in progress either — or `maxWaitMs` later, so background work still moves under steady load.
   */
  async after(maxWaitMs: number): Promise<void> {
    await (this.turn.getStore() ?? Promise.resolve());
    if (this.active === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
