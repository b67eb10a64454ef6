// A turn's replies held until its conversation state is saved: a turn retried after losing a state write to a
// concurrent turn (another instance, a double click) is seen once, as its last attempt answered, and a turn whose
// state is refused (over its budget) never shows answers to a step it did not keep.
// Held replies leave as few messages as they can: a plain line (an acknowledgement, "Noted.") goes out as the first
// paragraph of the message after it (the next question), so a chat shows one message per answer and each turn
// costs one Bot Connector request fewer.
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { LIMITS } from '../../services/domain/validation';

/** What makes a message more than a line of text: such a message is sent as it is. */
const CONTENT_KEYS = [
  'attachments',
  'suggestedActions',
  'entities',
  'channelData',
  'value',
  'valueType',
  'summary',
  'speak',
  'importance',
  'expiration',
] as const;

/** A joined message stays within what Teams takes in one message (about 28 KB, text and cards together). */
const fits = (activity: Partial<Activity>) => Buffer.byteLength(JSON.stringify(activity)) <= LIMITS.cardBytes;

function isPlainLine(activity: Partial<Activity>): boolean {
  if (activity.type !== 'message' || !activity.text) return false;
  return CONTENT_KEYS.every((key) => {
    const value = activity[key] as unknown;
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

/**
 * Each plain line of text joined to the message that follows it (as its first paragraph), when both are messages
 * in the same text format and the joined message fits in one Teams message; everything else in order, unchanged.
 */
export function joinPlainLines(activities: readonly Partial<Activity>[]): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  let pending: Partial<Activity> | undefined;
  for (const activity of activities) {
    const joined: Partial<Activity> | undefined =
      pending !== undefined && activity.type === 'message' && (activity.textFormat ?? 'markdown') === (pending.textFormat ?? 'markdown')
        ? { ...activity, text: activity.text ? `${pending.text}\n\n${activity.text}` : pending.text }
        : undefined;
    const joinable = joined !== undefined && fits(joined);
    const next = joinable ? joined : activity;
    if (pending && !joinable) out.push(pending);
    pending = undefined;
    if (isPlainLine(next)) pending = next;
    else out.push(next);
  }
  if (pending) out.push(pending);
  return out;
}

export class HeldReplies {
  private held: Partial<Activity>[] | undefined;

  constructor(private readonly context: TurnContext) {
    context.onSendActivities(async (_context, activities, next) => {
      if (!this.held) return next();
      this.held.push(...activities);
      return activities.map((): ResourceResponse => ({ id: '' }));
    });
  }

  /** From now on replies wait (an attempt begins); what an earlier attempt held is dropped. */
  hold(): void {
    this.held = [];
  }

  /** Sends what was held, in order (plain lines joined to the message after them), and lets later replies through. */
  async release(): Promise<void> {
    const held = joinPlainLines(this.held ?? []);
    this.held = undefined;
    if (held.length) await this.context.sendActivities(held);
  }

  /** Drops what was held (an attempt that did not keep its state) and lets later replies through. */
  discard(): void {
    this.held = undefined;
  }
}
