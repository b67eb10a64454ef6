// Bot Framework activities as Teams sends them, for tests.
import type { Activity } from 'botbuilder';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:cpor-bot', name: 'CPOR Assistant' };

export interface Who {
  id: string;
  name: string;
  aadObjectId?: string;
  locale?: string;
  tenantId?: string;
}

export const alice: Who = { id: '29:alice', name: 'Alice Rossi', aadObjectId: '0d9c6a3e-0000-4000-8000-00000000a11c', locale: 'en-US' };
/** The reviewers' organisation (Microsoft's, in production) and another partner organisation. */
export const REVIEWER_TENANT = 'f00dcafe-0000-4000-8000-000000000001';
export const OTHER_TENANT = 'c0ffee00-1111-4222-8333-444455556666';
/** A reviewer. */
export const rita: Who = { id: '29:rita', name: 'Rita Reviewer', tenantId: REVIEWER_TENANT };
export const marco: Who = { id: '29:marco', name: 'Marco Bianchi', aadObjectId: '0d9c6a3e-0000-4000-8000-0000000ba7c0', locale: 'it-IT' };

let counter = 0;

function base(who: Who, serviceUrl: string): Partial<Activity> {
  const tenantId = who.tenantId ?? TENANT;
  return {
    id: `act-${Date.now()}-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date(),
    locale: who.locale,
    from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:personal-${who.id}`, conversationType: 'personal', tenantId, isGroup: false, name: '' },
    channelData: { tenant: { id: tenantId } },
  };
}

export function message(who: Who, text: string, serviceUrl: string): Partial<Activity> {
  return { ...base(who, serviceUrl), type: 'message', text };
}

export function installed(who: Who, serviceUrl: string): Partial<Activity> {
  return { ...base(who, serviceUrl), type: 'installationUpdate', action: 'add' };
}

export function uninstalled(who: Who, serviceUrl: string): Partial<Activity> {
  return { ...base(who, serviceUrl), type: 'installationUpdate', action: 'remove' };
}

export function botAddedToPersonalChat(who: Who, serviceUrl: string): Partial<Activity> {
  return { ...base(who, serviceUrl), type: 'conversationUpdate', membersAdded: [BOT] };
}

export function botAddedToTeam(who: Who, serviceUrl: string, teamId = '19:team-general@thread.tacv2'): Partial<Activity> {
  const activity = base(who, serviceUrl);
  return {
    ...activity,
    type: 'conversationUpdate',
    membersAdded: [BOT],
    conversation: { id: teamId, conversationType: 'channel', tenantId: who.tenantId ?? TENANT, isGroup: true, name: '' },
    channelData: { ...activity.channelData, team: { id: teamId }, channel: { id: teamId }, eventType: 'teamMemberAdded' },
  };
}

export async function post(url: string, activity: Partial<Activity>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
