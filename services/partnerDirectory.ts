// Partner organisations' display names (Graph findTenantInformationByTenantId), so reviewers, customers and the
// opt-out page see *which partner* asks. Looked up once per organisation per instance and cached on each claim;
// without Graph (local default) or when the lookup fails, the name is unknown and the tenant id is shown.
import type { GraphGateway } from './graph';
import type { Logger } from './logger';

/** Organisations remembered per instance (names change rarely; a restart forgets them). */
const MAX_CACHED = 5000;

export class PartnerDirectory {
  private readonly names = new Map<string, string | undefined>();

  constructor(
    private readonly graph: GraphGateway | undefined,
    private readonly log: Logger,
  ) {}

  async nameOf(tenantId: string): Promise<string | undefined> {
    if (!this.graph) return undefined;
    if (this.names.has(tenantId)) return this.names.get(tenantId);
    try {
      const name = await this.graph.findTenantNameById(tenantId);
      if (this.names.size >= MAX_CACHED) this.names.delete(this.names.keys().next().value as string);
      this.names.set(tenantId, name);
      return name;
    } catch (err) {
      // Not cached: the next claim asks again. The claim is stored without a name, never refused for it.
      this.log.warn({ err, tenantId }, 'partner organisation name lookup failed');
      return undefined;
    }
  }
}
