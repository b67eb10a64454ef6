// The activity dedupe of dialog turns, on their conversation's state document (see ActivityDedupe):
// - on the only instance (the local default), a turn of a conversation whose state this instance wrote last starts
//   from that copy, with no request, and counts its activity in the state it writes, conditionally on the copy's
//   eTag. A copy of the activity arriving while the first is running is dropped by ActivityDedupe (same process);
//   one arriving later finds its count in the copy. A turn whose write loses to another turn of the conversation
//   reads the state again, counting its activity there, and runs again (or is dropped, if that was its copy);
// - any other turn counts its activity with the request that reads the state (an atomic patch).
import type { ConversationState, TurnContext } from 'botbuilder';
import type { CosmosBotStorage } from '../../services/botStateStorage';
import type { StateMarker } from './activityDedupe';

/** A turn started from this instance's copy of its state: whether its activity is counted in the stored state. */
interface CopyStart {
  key: string;
  activityId: string;
  marked: boolean;
}

const COPY_START = Symbol('copyStart');

export interface DialogStateDeps {
  conversationState: ConversationState;
  stateStorage: CosmosBotStorage;
}

export class DialogStateDedupe implements StateMarker {
  constructor(
    private readonly deps: DialogStateDeps,
    /** Whether the turn reads its conversation's dialog state (only those are counted in it). */
    private readonly dialogTurn: (context: TurnContext) => boolean,
  ) {}

  async mark(context: TurnContext): Promise<'new' | 'duplicate' | undefined> {
    const key = this.dialogTurn(context) ? this.deps.conversationState.getStorageKey(context) : undefined;
    const activityId = context.activity.id;
    if (!key || !activityId) return undefined;
    const verdict = await this.deps.stateStorage.readMarking(key, activityId);
    if (verdict !== 'unmarked') return verdict;
    context.turnState.set(COPY_START, { key, activityId, marked: false } satisfies CopyStart);
    this.remember(context, (await this.deps.conversationState.load(context)) as Record<string, unknown>);
    return 'new';
  }

  async unmark(context: TurnContext): Promise<void> {
    const start = copyStartOf(context);
    if (start && !start.marked) return this.deps.stateStorage.forget(start.key);
    const key = this.deps.conversationState.getStorageKey(context);
    if (key && context.activity.id) await this.deps.stateStorage.unmark(key, context.activity.id);
  }

  prefetch(context: TurnContext): Promise<unknown> {
    return this.dialogTurn(context) ? this.deps.conversationState.load(context) : Promise.resolve();
  }

  remember(context: TurnContext, state?: Record<string, unknown>): void {
    const counted = state ?? (this.deps.conversationState.get(context) as Record<string, unknown> | undefined);
    if (counted && context.activity.id && this.dialogTurn(context)) this.deps.stateStorage.remember(counted, context.activity.id);
  }

  /** The attempt's state is saved: its activity is counted there. */
  saved(context: TurnContext): void {
    const start = copyStartOf(context);
    if (start) start.marked = true;
  }

  /**
   * The state again for the next attempt, after the last one lost its write to a concurrent turn: 'copy' when that
   * turn was this activity's other delivery (nothing more to do).
   */
  async reload(context: TurnContext): Promise<'copy' | undefined> {
    const start = copyStartOf(context);
    if (start && !start.marked) {
      const verdict = await this.deps.stateStorage.readMarking(start.key, start.activityId);
      if (verdict === 'duplicate') return 'copy';
      start.marked = verdict === 'new';
    }
    const state = (await this.deps.conversationState.load(context, true)) as Record<string, unknown>;
    // Counted in the state the next attempt writes, unless that read counted it (a turn first recorded elsewhere
    // because its state did not exist yet, or whose read found nothing to count in, is counted here).
    if (!start?.marked) this.remember(context, state);
    return undefined;
  }

  /** A turn refused before its state was saved: counted now if it started from the copy, so a copy of it is dropped. */
  async refused(context: TurnContext): Promise<void> {
    const start = copyStartOf(context);
    if (!start || start.marked) return;
    await this.deps.stateStorage.count(start.key, start.activityId);
    start.marked = true;
  }
}

const copyStartOf = (context: TurnContext): CopyStart | undefined => context.turnState.get<CopyStart | undefined>(COPY_START);
