// Teams redelivers a message or invoke when the bot is slow (pitfall: 2-4 copies). The first instance to record
// the activity id handles it; copies are dropped. Recording is an atomic create in Cosmos, so this holds across
// instances. Records expire after a day on Azure (per-item ttl; the local emulator keeps them).
import type { Container } from '@azure/cosmos';
import type { Middleware, TurnContext } from 'botbuilder';
import { toCosmosId } from '../services/botStateStorage';
import type { Logger } from '../services/logger';

const DEDUPED_TYPES = new Set(['message', 'invoke']);

export class ActivityDedupe implements Middleware {
  constructor(
    private readonly container: Container,
    private readonly log: Logger,
    /**
     * Reads the turn will need anyway (its dialog state), started alongside the record instead of after it: one
     * round trip of waiting instead of two. Wasted only on a duplicate.
     */
    private readonly prefetch?: (context: TurnContext) => Promise<unknown>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (!activity.id || !DEDUPED_TYPES.has(activity.type)) return next();
    const id = toCosmosId(`seen:${activity.conversation?.id ?? ''}:${activity.id}`);
    const prefetched = this.prefetch?.(context).then(
      () => undefined,
      (err: unknown) => err,
    );
    try {
      await this.container.items.create({ id, ttl: 24 * 3600, at: new Date().toISOString() });
    } catch (err) {
      await prefetched;
      if ((err as { code?: number }).code !== 409) throw err;
      this.log.info({ activityId: activity.id, conversationId: activity.conversation?.id }, 'duplicate delivery dropped');
      // A retried invoke still needs an answer, or Teams shows an error for work that is being done.
      if (activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' } } });
      }
      return;
    }
    const failed = await prefetched;
    try {
      if (failed) throw failed;
      await next();
    } catch (err) {
      // The turn failed: let a redelivery try again rather than drop it as a duplicate.
      await this.container.item(id, id).delete().catch(() => undefined);
      throw err;
    }
  }
}
