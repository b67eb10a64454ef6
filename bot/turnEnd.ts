// Knows when the turn in progress is over, so work a turn asks for (notice delivery) can start after its answer
// has left instead of competing with it: a burst of clicks is answered first, and their deliveries follow.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Middleware, TurnContext } from 'botbuilder';

export class TurnEnd implements Middleware {
  private readonly turn = new AsyncLocalStorage<Promise<void>>();

  async onTurn(_context: TurnContext, next: () => Promise<void>): Promise<void> {
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    try {
      await this.turn.run(end, next);
    } finally {
      // The adapter writes the invoke response once the turn returns: let that go out first.
      setImmediate(ended);
    }
  }

  /** Resolves once the current turn is over (at once outside a turn, or for work that outlived its turn). */
  current(): Promise<void> {
    return this.turn.getStore() ?? Promise.resolve();
  }
}
