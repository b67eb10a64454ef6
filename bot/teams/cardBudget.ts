// Every card the bot sends stays within what Teams takes (LIMITS.cardBytes, Teams refuses a message over about
// 28 KB): checked where every activity leaves, turns and proactive sends alike (adapter middleware). A card over
// it is replaced by a one-line message and logged, so the user reads why instead of getting nothing (or an error).
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { LIMITS } from '../../services/domain/validation';
import type { Logger } from '../../services/logger';
import { stringsFor } from '../../services/strings';
import { messageResponse, type Response } from './invokeResponses';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));

/** The cards an activity carries: its attachments', or an invoke response's. */
function cardsOf(activity: Partial<Activity>): unknown[] {
  const body = (activity.value as { body?: Response } | undefined)?.body;
  if (activity.type === 'invokeResponse') return body?.type === ADAPTIVE ? [body.value] : [];
  return (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE).map((a): unknown => a.content);
}

/** The largest card of an activity over the budget, in bytes; undefined when every card fits. */
export function oversizedCard(activity: Partial<Activity>): number | undefined {
  const largest = Math.max(0, ...cardsOf(activity).map(bytesOf));
  return largest > LIMITS.cardBytes ? largest : undefined;
}

export class CardBudget implements Middleware {
  constructor(private readonly log: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_context, activities, send) => {
      for (const activity of activities) this.fit(context, activity);
      return send();
    });
    context.onUpdateActivity(async (_context, activity, update) => {
      this.fit(context, activity);
      return update();
    });
    await next();
  }

  /** Replaces, in place, an activity whose card is over the budget by the message saying so. */
  private fit(context: TurnContext, activity: Partial<Activity>): void {
    const bytes = oversizedCard(activity);
    if (bytes === undefined) return;
    const text = stringsFor(context.activity.locale).errors.cardTooLarge;
    this.log.error(
      { bytes, limit: LIMITS.cardBytes, activityId: context.activity.id, type: activity.type },
      'card over the Teams size limit: sent as a message instead',
    );
    if (activity.type === 'invokeResponse') activity.value = { ...(activity.value as object), body: messageResponse(text) };
    else Object.assign(activity, { text, attachments: [] });
  }
}
