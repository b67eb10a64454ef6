// What the bot reads from a Teams activity itself, the same way in every handler.
import type { Activity } from 'botbuilder';
import type { ConversationKind } from '../../services/conversationStore';

/** What the bot reads of Teams' channelData (botbuilder types it `any`). */
interface TeamsChannelData {
  tenant?: { id?: string };
  channel?: { id?: string };
}

export const teamsChannelData = (activity: Partial<Activity>): TeamsChannelData => (activity.channelData ?? {}) as TeamsChannelData;

/**
 * The tenant of the conversation (undefined outside Teams): where replies and stored references go. It is the
 * acting user's own organisation only in their 1:1 chat; who acts is bot/teams/actor.ts's answer.
 */
export const tenantOf = (activity: Partial<Activity>): string | undefined => activity.conversation?.tenantId ?? teamsChannelData(activity).tenant?.id;

export function kindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}
