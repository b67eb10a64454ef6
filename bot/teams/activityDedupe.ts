// Teams redelivers a message or invoke when the bot is slow (pitfall: 2-4 copies). The first instance to record
// the activity id handles it; copies are dropped. Recording is atomic in Cosmos, so this holds across instances:
// a dialog turn counts the activity in its conversation's state document (see dialogStateDedupe.ts); other turns
// create a record (expires after a day, per-item ttl, on Azure and in the local store). A copy arriving while this
// process still handles the activity is dropped at once.
import type { Container } from '@azure/cosmos';
import type { Middleware, TurnContext } from 'botbuilder';
import { toCosmosId } from '../../services/botStateStorage';
import type { Logger } from '../../services/logger';

const DEDUPED_TYPES = new Set(['message', 'invoke']);

/**
 * The cheaper path, for turns that read their conversation's dialog state anyway: the activity is counted in the
 * state document by the same request that reads it (see CosmosBotStorage.readMarking).
 */
export interface StateMarker {
  /** 'new' / 'duplicate'; undefined when this turn has no state document to count in (a record is created). */
  mark(context: TurnContext): Promise<'new' | 'duplicate' | undefined>;
  unmark(context: TurnContext): Promise<void>;
  /**
   * A turn recorded the other way (its state did not exist yet) counts itself in the state it is about to write,
   * so a copy arriving once that state exists is recognised there. Call after `prefetch`.
   */
  remember(context: TurnContext): void;
  /**
   * Reads the turn will need anyway (its dialog state), started alongside the record instead of after it: one
   * round trip of waiting instead of two. Wasted only on a duplicate.
   */
  prefetch(context: TurnContext): Promise<unknown>;
}

export class ActivityDedupe implements Middleware {
  /** Activities this process is handling now: a copy arriving meanwhile is dropped without asking the store. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly container: Container,
    private readonly log: Logger,
    private readonly state?: StateMarker,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (!activity.id || !DEDUPED_TYPES.has(activity.type)) return next();
    const handling = `${activity.conversation?.id ?? ''}\n${activity.id}`;
    if (this.inFlight.has(handling)) return dropCopy(context, this.log);
    this.inFlight.add(handling);
    try {
      await this.deduped(context, next);
    } finally {
      this.inFlight.delete(handling);
    }
  }

  private async deduped(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const verdict = await this.state?.mark(context);
    if (verdict === 'duplicate') return dropCopy(context, this.log);
    if (verdict === 'new') {
      try {
        await next();
      } catch (err) {
        // The turn failed: let a redelivery try again rather than drop it as a duplicate.
        await this.state?.unmark(context).catch(() => undefined);
        throw err;
      }
      return;
    }
    const id = toCosmosId(`seen:${activity.conversation?.id ?? ''}:${activity.id}`);
    const prefetched = this.state?.prefetch(context).then(
      () => undefined,
      (err: unknown) => ({ err }),
    );
    try {
      await this.container.items.create({ id, ttl: 24 * 3600 });
    } catch (err) {
      await prefetched;
      if ((err as { code?: number }).code !== 409) throw err;
      return dropCopy(context, this.log);
    }
    const failed = await prefetched;
    try {
      if (failed) throw failed.err;
      this.state?.remember(context);
      await next();
    } catch (err) {
      // The turn failed: let a redelivery try again rather than drop it as a duplicate (nor as counted in the state
      // it may have written before failing).
      await this.container
        .item(id, id)
        .delete()
        .catch(() => undefined);
      await this.state?.unmark(context).catch(() => undefined);
      throw err;
    }
  }
}

/** A copy of an activity handled already: nothing is done, and a retried invoke is answered. */
export async function dropCopy(context: TurnContext, log: Logger): Promise<void> {
  const { activity } = context;
  log.info({ activityId: activity.id, conversationId: activity.conversation?.id }, 'duplicate delivery dropped');
  // A retried invoke still needs an answer, or Teams shows an error for work that is being done.
  if (activity.type === 'invoke') {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' } },
    });
  }
}
