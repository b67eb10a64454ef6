// The activity dedupe of dialog turns, on their conversation's state document (see ActivityDedupe):
// - a turn of a conversation whose state this instance wrote last starts from that copy, with no request. It counts
//   its activity in the state it writes at the end, conditionally on that copy's eTag; before any other write
//   (a claim, a slot) it counts it atomically first (WriteGuard), so a copy of it handled elsewhere changes nothing
//   twice. A copy that lost the state write learns, when it reads the state again, that it was a copy;
// - any other turn counts its activity with the request that reads the state (an atomic patch).
import type { ConversationState, TurnContext } from 'botbuilder';
import { StateConflictError, type CosmosBotStorage } from '../../services/botStateStorage';
import type { WriteGuard } from '../../services/store/writeGuard';
import type { StateMarker } from './activityDedupe';

/** A turn started from this instance's copy of its state: whether its activity is counted where others see it. */
interface LateMark {
  key: string;
  activityId: string;
  /** Counted in the stored state document (by markLate, a read, or the turn's own write). */
  marked: boolean;
  /** A copy of this activity was counted first: this turn is the copy. */
  copy: boolean;
}

const LATE_MARK = Symbol('lateMark');

/** Thrown into a copy's writes: its activity was handled by another delivery. */
export class CopyOfHandledActivity extends Error {}

export interface DialogStateDeps {
  conversationState: ConversationState;
  stateStorage: CosmosBotStorage;
  writeGuard: WriteGuard;
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
    context.turnState.set(LATE_MARK, { key, activityId, marked: false, copy: false } satisfies LateMark);
    this.remember(context, (await this.deps.conversationState.load(context)) as Record<string, unknown>);
    return 'new';
  }

  async unmark(context: TurnContext): Promise<void> {
    const key = this.deps.conversationState.getStorageKey(context);
    const late = lateOf(context);
    if (late && !late.marked) return this.deps.stateStorage.forget(late.key);
    if (key && context.activity.id) await this.deps.stateStorage.unmark(key, context.activity.id);
  }

  prefetch(context: TurnContext): Promise<unknown> {
    return this.dialogTurn(context) ? this.deps.conversationState.load(context) : Promise.resolve();
  }

  remember(context: TurnContext, state?: Record<string, unknown>): void {
    const counted = state ?? (this.deps.conversationState.get(context) as Record<string, unknown> | undefined);
    if (counted && context.activity.id && this.dialogTurn(context)) this.deps.stateStorage.remember(counted, context.activity.id);
  }

  /** One attempt of the turn's work: an unmarked turn's writes wait for its activity to be counted. */
  attempt(context: TurnContext, work: () => Promise<void>): Promise<void> {
    const late = lateOf(context);
    if (!late || late.marked) return work();
    return this.deps.writeGuard.around(() => this.markLate(context, late), work);
  }

  /** The attempt's state is saved: its activity is counted there. */
  saved(context: TurnContext): void {
    const late = lateOf(context);
    if (late) late.marked = true;
  }

  /** The attempt failed: whether that is because this turn is a copy of a handled activity. */
  isCopy(context: TurnContext): boolean {
    return lateOf(context)?.copy === true;
  }

  /**
   * The state again for the next attempt, after the last one lost its write to a concurrent turn: 'copy' when that
   * turn was this activity's other delivery (nothing more to do).
   */
  async reload(context: TurnContext): Promise<'copy' | undefined> {
    const late = lateOf(context);
    if (late && !late.marked) {
      const verdict = await this.deps.stateStorage.readMarking(late.key, late.activityId);
      if (verdict === 'duplicate') return 'copy';
      late.marked = verdict !== 'unmarked';
    }
    const state = (await this.deps.conversationState.load(context, true)) as Record<string, unknown>;
    if (late && !late.marked) this.remember(context, state);
    return undefined;
  }

  private async markLate(context: TurnContext, late: LateMark): Promise<void> {
    const state = this.deps.conversationState.get(context) as Record<string, unknown>;
    const verdict = await this.deps.stateStorage.markLate(late.key, late.activityId, state);
    if (verdict === 'duplicate') {
      late.copy = true;
      throw new CopyOfHandledActivity(`activity ${late.activityId} was handled by another delivery`);
    }
    late.marked = true;
    if (verdict === 'moved') throw new StateConflictError(`Storage: state "${late.key}" was changed by another turn (eTag conflict)`);
  }
}

const lateOf = (context: TurnContext): LateMark | undefined => context.turnState.get<LateMark | undefined>(LATE_MARK);
