// Who may do what. Production: Entra ID group membership through Graph (checkMemberGroups) with one group per
// role, for users of the groups' own tenant; local: a JSON file (ROLES_FILE) giving, per tenant, the roles of Teams
// user ids, Entra object ids or e-mails. With neither configured every user has every role ("demo mode"), so one
// person can try every flow alone. The tenant is always the user's own (bot/teams/actor.ts), never a channel's host.
import type { GraphGateway } from './graph';
import type { Logger } from './logger';

export const ROLES = ['incentivesAdmin', 'incentivesUser', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export interface UserIdentity {
  tenantId: string;
  /** Teams user id (29:…). */
  userId: string;
  aadObjectId?: string;
  email?: string;
}

export interface RoleResolver {
  readonly demoMode: boolean;
  rolesOf(user: UserIdentity): Promise<Set<Role>>;
}

/** User keys (Teams user id, Entra object id or e-mail, any case) to roles. */
export type UserRoles = Record<string, Role[]>;

/** A roles file: `{ "<tenant id>": { "<user key>": [roles] } }`, and the old form's `"<user key>": [roles]`. */
export interface RoleMapping {
  byTenant: Record<string, UserRoles>;
  /** The old form, keyed by user alone: these roles hold in whichever tenant the user acts from. */
  anyTenant: UserRoles;
}
export type RoleGroups = Partial<Record<Role, string>>;

export const canClaim = (roles: ReadonlySet<Role>) => roles.has('incentivesAdmin') || roles.has('incentivesUser');

export class DemoRoles implements RoleResolver {
  readonly demoMode = true;
  rolesOf(): Promise<Set<Role>> {
    return Promise.resolve(new Set(ROLES));
  }
}

const lowerKeys = (entries: UserRoles): Map<string, Role[]> => new Map(Object.entries(entries).map(([key, roles]) => [key.toLowerCase(), roles]));

export class MappedRoles implements RoleResolver {
  readonly demoMode = false;
  private readonly byTenant: Map<string, Map<string, Role[]>>;
  private readonly anyTenant: Map<string, Role[]>;
  constructor(mapping: RoleMapping, log: Logger) {
    this.byTenant = new Map(Object.entries(mapping.byTenant).map(([tenant, users]) => [tenant.toLowerCase(), lowerKeys(users)]));
    this.anyTenant = lowerKeys(mapping.anyTenant);
    // Said once, at start: the old form still works, but a user id alone does not say which organisation it is of.
    if (this.anyTenant.size > 0) {
      log.warn(
        { entries: [...this.anyTenant.keys()].length },
        'ROLES_FILE: entries keyed by user alone (old form) hold in any tenant; key them by tenant: { "<tenant id>": { "<user>": ["role"] } }',
      );
    }
  }
  rolesOf(user: UserIdentity): Promise<Set<Role>> {
    const keys = [user.userId, user.aadObjectId, user.email].filter((k): k is string => Boolean(k)).map((k) => k.toLowerCase());
    const tenant = this.byTenant.get(user.tenantId.toLowerCase());
    return Promise.resolve(new Set(keys.flatMap((k) => [...(tenant?.get(k) ?? []), ...(this.anyTenant.get(k) ?? [])])));
  }
}

/** The Graph gateway of one Entra tenant (GRAPH_TENANT_ID), whose groups grant the roles. */
export interface RoleDirectory {
  graph: GraphGateway;
  tenantId: string;
}

export class GraphGroupRoles implements RoleResolver {
  readonly demoMode = false;
  constructor(
    private readonly directory: RoleDirectory,
    private readonly groups: RoleGroups,
  ) {}
  async rolesOf(user: UserIdentity): Promise<Set<Role>> {
    const entries = Object.entries(this.groups).filter((e): e is [Role, string] => Boolean(e[1]));
    if (!user.aadObjectId || entries.length === 0) return new Set();
    // An object id is looked up in the user's own directory only: the groups are the configured tenant's, and a
    // user of another tenant is not one of its members (a guest there has another object id).
    if (user.tenantId.toLowerCase() !== this.directory.tenantId.toLowerCase()) return new Set();
    const member = new Set(
      await this.directory.graph.checkMemberGroups(
        user.aadObjectId,
        entries.map(([, group]) => group),
      ),
    );
    return new Set(entries.filter(([, group]) => member.has(group)).map(([role]) => role));
  }
}

/** Graph groups when configured, else the roles file, else demo mode. */
export function createRoleResolver(config: { groups?: RoleGroups; mapping?: RoleMapping }, directory: RoleDirectory | undefined, log: Logger): RoleResolver {
  if (config.groups && directory) return new GraphGroupRoles(directory, config.groups);
  if (config.mapping) return new MappedRoles(config.mapping, log);
  return new DemoRoles();
}

const isRoleList = (roles: unknown): roles is Role[] => Array.isArray(roles) && roles.every((r: unknown) => (ROLES as readonly unknown[]).includes(r));
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks a roles file's content; returns the problems instead of throwing. */
export function parseRoleMapping(json: string): { mapping?: RoleMapping; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    return { problems: [`is not valid JSON (${(err as Error).message})`] };
  }
  if (!isPlainObject(data)) {
    return { problems: ['must be a JSON object mapping tenant ids to objects that map user ids, object ids or e-mails to arrays of roles'] };
  }
  const problems: string[] = [];
  const mapping: RoleMapping = { byTenant: {}, anyTenant: {} };
  const rolesProblem = (where: string) => `${where}: roles must be an array of ${ROLES.join(', ')}`;
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) {
      if (isRoleList(value)) mapping.anyTenant[key] = value;
      else problems.push(rolesProblem(`"${key}"`));
    } else if (isPlainObject(value)) {
      const users: UserRoles = {};
      for (const [user, roles] of Object.entries(value)) {
        if (isRoleList(roles)) users[user] = roles;
        else problems.push(rolesProblem(`"${key}" > "${user}"`));
      }
      mapping.byTenant[key] = users;
    } else {
      problems.push(`"${key}": must be a tenant id mapping users to roles, or (old form) a user mapped to an array of roles`);
    }
  }
  return { mapping, problems };
}
