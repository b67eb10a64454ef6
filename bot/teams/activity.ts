// What the bot reads from a Teams activity itself, the same way in every handler.
import type { Activity } from 'botbuilder';

/** The Teams tenant the activity comes from: the actor's organisation (undefined outside Teams). */
export const tenantOf = (activity: Partial<Activity>): string | undefined =>
  activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
