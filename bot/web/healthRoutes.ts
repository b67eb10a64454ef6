// GET /healthz: the process is alive (answered at once, never waits on anything). GET /readyz: it can do its work:
// the store answers, the local data folder can be written and is still locked by this process, the outbox is not
// stuck, and the bot is not stopping. Each check has a deadline within the invoke deadline, so a hung store makes
// /readyz answer 503 in time instead of hanging the probe; 503 names every reason.
import type { Server } from 'restify';
import type { CosmosStore } from '../../services/cosmosStore';
import type { Clock } from '../../services/clock';
import { isTimeout, withDeadline } from '../../services/deadline';
import type { Logger } from '../../services/logger';
import { outboxBacklog } from '../../services/outboxBacklog';
import type { AssociationStore } from '../../services/associationStore';

export interface HealthDeps {
  store: Pick<CosmosStore, 'ping' | 'writable' | 'locked'>;
  claims: Pick<AssociationStore, 'pendingNoticeDates'>;
  clock: Clock;
  /** Every check together answers within this. */
  checkTimeoutMs: number;
  /** The oldest pending notice may be this old (0: not checked). */
  outboxMaxAgeMs: number;
  stopping: () => boolean;
  log: Logger;
}

export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** Runs every check at once, each bounded; what is wrong, in words. */
export async function readiness(deps: HealthDeps): Promise<Readiness> {
  const ms = deps.checkTimeoutMs;
  const bounded = async (what: string, check: () => Promise<string | undefined>): Promise<string | undefined> => {
    try {
      return await withDeadline(ms, what, check);
    } catch (err) {
      return isTimeout(err) ? `${what}: no answer within ${ms} ms` : `${what}: ${(err as Error).message}`;
    }
  };
  const checks = await Promise.all([
    bounded('store', async () => ((await deps.store.ping()) ? undefined : 'store: unreachable')),
    bounded('data folder', async () => ((await deps.store.writable()) ? undefined : 'data folder: not writable (disk full or read-only)')),
    bounded('data folder', () => Promise.resolve(deps.store.locked() ? undefined : 'data folder: the lock file is no longer this process’s')),
    deps.outboxMaxAgeMs > 0
      ? bounded('outbox', async () => {
          const { waiting, oldestAgeMs } = await outboxBacklog(deps.claims, deps.clock.now());
          if (oldestAgeMs === undefined || oldestAgeMs <= deps.outboxMaxAgeMs) return undefined;
          return `outbox: ${waiting} notice(s) waiting, the oldest for ${Math.round(oldestAgeMs / 60_000)} min (limit ${Math.round(deps.outboxMaxAgeMs / 60_000)} min)`;
        })
      : undefined,
  ]);
  const reasons = [...(deps.stopping() ? ['stopping'] : []), ...checks.filter((c): c is string => c !== undefined)];
  return { ready: reasons.length === 0, reasons };
}

export function registerHealthRoutes(server: Server, deps: HealthDeps): void {
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'alive' });
    next();
  });
  // Probes come every few seconds from each load balancer: one evaluation at a time, shared by those arriving meanwhile.
  let current: Promise<Readiness> | undefined;
  let lastReasons = '';
  server.get('/readyz', async (_req, res) => {
    current ??= readiness(deps).finally(() => (current = undefined));
    const { ready, reasons } = await current;
    // One log line when the answer changes, not one per probe.
    if (reasons.join('\n') !== lastReasons) deps.log[ready ? 'info' : 'warn']({ reasons }, ready ? 'ready' : 'not ready');
    lastReasons = reasons.join('\n');
    res.send(ready ? 200 : 503, ready ? { status: 'ready' } : { status: 'not ready', reasons });
  });
}
