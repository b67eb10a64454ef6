// Who may do what. Production: Entra ID group membership through Graph (checkMemberGroups) with one group per
// role; local: a JSON file (ROLES_FILE) mapping Teams user ids, Entra object ids or e-mails to roles. With
// neither configured every user has every role ("demo mode"), so one person can try every flow alone.
import type { GraphGateway } from './graph';

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

export type RoleMapping = Record<string, Role[]>;
export type RoleGroups = Partial<Record<Role, string>>;

export const canClaim = (roles: Set<Role>) => roles.has('incentivesAdmin') || roles.has('incentivesUser');

export class DemoRoles implements RoleResolver {
  readonly demoMode = true;
  rolesOf(): Promise<Set<Role>> {
    return Promise.resolve(new Set(ROLES));
  }
}

export class MappedRoles implements RoleResolver {
  readonly demoMode = false;
  private readonly mapping: Map<string, Role[]>;
  constructor(mapping: RoleMapping) {
    this.mapping = new Map(Object.entries(mapping).map(([key, roles]) => [key.toLowerCase(), roles]));
  }
  rolesOf(user: UserIdentity): Promise<Set<Role>> {
    const keys = [user.userId, user.aadObjectId, user.email].filter((k): k is string => Boolean(k));
    return Promise.resolve(new Set(keys.flatMap((k) => this.mapping.get(k.toLowerCase()) ?? [])));
  }
}

export class GraphGroupRoles implements RoleResolver {
  readonly demoMode = false;
  constructor(
    private readonly graph: GraphGateway,
    private readonly groups: RoleGroups,
  ) {}
  async rolesOf(user: UserIdentity): Promise<Set<Role>> {
    const entries = Object.entries(this.groups).filter((e): e is [Role, string] => Boolean(e[1]));
    if (!user.aadObjectId || entries.length === 0) return new Set();
    const member = new Set(
      await this.graph.checkMemberGroups(
        user.aadObjectId,
        entries.map(([, group]) => group),
      ),
    );
    return new Set(entries.filter(([, group]) => member.has(group)).map(([role]) => role));
  }
}

/** Graph groups when configured, else the roles file, else demo mode. */
export function createRoleResolver(config: { groups?: RoleGroups; mapping?: RoleMapping }, graph?: GraphGateway): RoleResolver {
  if (config.groups && graph) return new GraphGroupRoles(graph, config.groups);
  if (config.mapping) return new MappedRoles(config.mapping);
  return new DemoRoles();
}

/** Parses and checks a roles file's content; returns the problems instead of throwing. */
export function parseRoleMapping(json: string): { mapping?: RoleMapping; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    return { problems: [`is not valid JSON (${(err as Error).message})`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problems: ['must be a JSON object mapping user ids, object ids or e-mails to arrays of roles'] };
  }
  const problems: string[] = [];
  const mapping: RoleMapping = {};
  for (const [key, roles] of Object.entries(data) as [string, unknown][]) {
    if (!Array.isArray(roles) || roles.some((r: unknown) => !(ROLES as readonly unknown[]).includes(r))) {
      problems.push(`"${key}": roles must be an array of ${ROLES.join(', ')}`);
      continue;
    }
    mapping[key] = roles as Role[];
  }
  return { mapping, problems };
}
