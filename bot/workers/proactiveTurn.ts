// A proactive turn (a message the bot starts: a partner notice, a review card, the digest) whose failure reaches the
// caller: the adapter would otherwise hand it to onTurnError, which logs it and carries on, and a failed send would
// be taken for a delivered one.
import type { ConversationReference, TurnContext } from 'botbuilder';

/** What the workers need of the Bot Framework adapter to start a turn of their own. */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  createConversationAsync(
    botAppId: string,
    channelId: string,
    serviceUrl: string,
    audience: string,
    parameters: object,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export async function proactiveTurn(
  adapter: Pick<ProactiveAdapter, 'continueConversationAsync'>,
  appId: string,
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: { err: unknown } | undefined;
  await adapter.continueConversationAsync(appId, reference, async (context) => {
    // The continuation activity has a made-up id; replies would be sent "in reply to" it. A proactive message is a
    // new one (in a channel: a new thread).
    context.activity.id = undefined;
    try {
      await logic(context);
    } catch (err) {
      failure = { err };
    }
  });
  if (failure) throw failure.err;
}
