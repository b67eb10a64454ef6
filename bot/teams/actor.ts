// Who acts in a turn: the user, their own organisation and their roles, read in one place for every verb.
// The organisation is the user's own Entra tenant, never the conversation's: a Teams shared channel carries its
// host's tenant (`conversation.tenantId`, `channelData.tenant`) for every member, whichever organisation they are
// from. In the 1:1 chat the conversation is the user's own; elsewhere Teams' roster says the member's tenant.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ConversationKind } from '../../services/conversationStore';
import type { Actor } from '../../services/domain/claim';
import type { Logger } from '../../services/logger';
import type { Party } from '../../services/domain/rules';
import { canClaim, type Role, type RoleResolver } from '../../services/roles';
import { kindOf, tenantOf } from './activity';

export interface ActingUser {
  /** The user as the history records them (Teams user id, name, Entra object id). */
  actor: Actor;
  /** Their own organisation (Entra tenant id); undefined when Teams did not say (then they have no role). */
  tenantId?: string;
  /** Where they act: partner verbs that change or reveal a claim work only in the 1:1 chat. */
  where: ConversationKind;
  roles: ReadonlySet<Role>;
}

/**
 * What the roles allow, named once: every check of "who may" in bot/ reads these (the roles come from actorOf only).
 * No tenant, no roles: lookUp gives none to a user whose organisation Teams did not say.
 */
export const isReviewer = (acting: Pick<ActingUser, 'roles'>): boolean => acting.roles.has('reviewer');
/** An Incentives user or admin: may claim, and see and answer for their organisation's claims. */
export const isPartner = (acting: Pick<ActingUser, 'roles'>): boolean => canClaim(acting.roles);
export const isPartnerAdmin = (acting: Pick<ActingUser, 'roles'>): boolean => acting.roles.has('incentivesAdmin');
/** The capacity the domain weighs for a partner: an Incentives admin may do everything an Incentives user may. */
export const partnerParty = (acting: Pick<ActingUser, 'roles'>): Party => (isPartnerAdmin(acting) ? 'incentivesAdmin' : 'incentivesUser');

export interface ActorDeps {
  roles: RoleResolver;
  log: Logger;
}

/** Each turn's answers, by the e-mail the roles were asked with (the claim dialog knows the user's). */
const TURN_KEY = Symbol('actingUser');

/**
 * The acting user of this turn (looked up once per turn, whoever asks). `email`, when known, is one more key the
 * roles file may name the user by.
 */
export function actorOf(context: TurnContext, deps: ActorDeps, email?: string): Promise<ActingUser> {
  let memo = context.turnState.get<Map<string, Promise<ActingUser>> | undefined>(TURN_KEY);
  if (!memo) context.turnState.set(TURN_KEY, (memo = new Map()));
  const key = email ?? '';
  let found = memo.get(key);
  if (!found) memo.set(key, (found = lookUp(context, deps, email)));
  return found;
}

async function lookUp(context: TurnContext, deps: ActorDeps, email: string | undefined): Promise<ActingUser> {
  const { activity } = context;
  const actor: Actor = { id: activity.from.id, name: activity.from.name ?? activity.from.id, aadObjectId: activity.from.aadObjectId };
  const where = kindOf(activity);
  const tenantId = where === 'personal' ? tenantOf(activity) : await memberTenant(context, deps);
  const roles = tenantId ? await deps.roles.rolesOf({ tenantId, userId: actor.id, aadObjectId: actor.aadObjectId, email }) : new Set<Role>();
  return { actor, tenantId, where, roles };
}

/** Roster answers kept: a Teams user id belongs to one organisation for good, so its tenant never goes stale. */
const MAX_KNOWN_MEMBERS = 10_000;

/**
 * Known members' tenants, one table per app: keyed by the app's role resolver, which every ActorDeps carries and
 * each app (each test world) has its own of, so no deps object needs another field.
 */
const knownMembers = new WeakMap<RoleResolver, Map<string, string>>();

/**
 * The member's own tenant from Teams' roster (TeamsChannelAccount.tenantId), asked once per member and conversation
 * (a reviewer's clicks in a channel then cost no roster round trip each); undefined when it cannot be had, which is
 * not kept: the next click asks again.
 */
async function memberTenant(context: TurnContext, deps: ActorDeps): Promise<string | undefined> {
  let known = knownMembers.get(deps.roles);
  if (!known) knownMembers.set(deps.roles, (known = new Map<string, string>()));
  const key = `${context.activity.conversation.id}\n${context.activity.from.id}`;
  const kept = known.get(key);
  if (kept) return kept;
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    if (!member.tenantId) return undefined;
    if (known.size >= MAX_KNOWN_MEMBERS) known.delete(known.keys().next().value as string);
    known.set(key, member.tenantId);
    return member.tenantId;
  } catch (err) {
    deps.log.warn({ err, activityId: context.activity.id }, "roster lookup failed: the member's organisation is unknown, so they act without a role");
    return undefined;
  }
}
