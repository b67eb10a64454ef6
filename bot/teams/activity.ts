// What the bot reads from a Teams activity itself, the same way in every handler.
import type { Activity } from 'botbuilder';

/** What the bot reads of Teams' channelData (botbuilder types it `any`). */
interface TeamsChannelData {
  tenant?: { id?: string };
  channel?: { id?: string };
}

export const teamsChannelData = (activity: Partial<Activity>): TeamsChannelData => (activity.channelData ?? {}) as TeamsChannelData;

/** The Teams tenant the activity comes from: the actor's organisation (undefined outside Teams). */
export const tenantOf = (activity: Partial<Activity>): string | undefined => activity.conversation?.tenantId ?? teamsChannelData(activity).tenant?.id;
