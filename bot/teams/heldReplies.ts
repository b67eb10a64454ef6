// A turn's replies held until its conversation state is saved: a turn retried after losing a state write to a
// concurrent turn (another instance, a double click) is seen once, as its last attempt answered, and a turn whose
// state is refused (over its budget) never shows answers to a step it did not keep.
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';

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

  /** Sends what was held, in order, and lets later replies through. */
  async release(): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length) await this.context.sendActivities(held);
  }

  /** Drops what was held (an attempt that did not keep its state) and lets later replies through. */
  discard(): void {
    this.held = undefined;
  }
}
