// A proof of execution a partner sent in the 1:1 chat outside a dialog, kept for an hour so an answer to a request
// for information or a dispute can carry it ("send the new file, then answer / dispute"). In the conversation's state, like the dialogs: any instance
// can take the next click, and the state is saved with the turn.
import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Clock } from '../../services/clock';
import type { ProofOfExecution } from '../../services/domain/claim';

/** How long a file sent for an answer or a dispute waits for it. */
export const PENDING_PROOF_MS = 3600_000;

export class PendingProofs {
  private readonly property: StatePropertyAccessor<ProofOfExecution | undefined>;

  constructor(
    state: ConversationState,
    private readonly clock: Clock,
  ) {
    this.property = state.createProperty<ProofOfExecution | undefined>('pendingProof');
  }

  async keep(context: TurnContext, poe: ProofOfExecution): Promise<void> {
    await this.property.set(context, poe);
  }

  /** The file kept in this chat within the hour, forgotten once taken. */
  async take(context: TurnContext): Promise<ProofOfExecution | undefined> {
    const poe = await this.property.get(context);
    if (!poe) return undefined;
    await this.property.delete(context);
    return this.clock.now().getTime() - Date.parse(poe.uploadedAt) <= PENDING_PROOF_MS ? poe : undefined;
  }
}
