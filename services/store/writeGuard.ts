// A dialog turn may start from this instance's own copy of its conversation state, with no request: its activity is
// then counted (the dedupe) only by its state write, at the end. A copy of that activity (Teams redelivers slow ones)
// handled elsewhere meanwhile must not change anything twice, so before such a turn's first other write the activity
// is counted atomically (CosmosBotStorage.markLate). The containers a turn writes to ask this guard first.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Container } from '@azure/cosmos';
import type { Containers } from '../cosmosStore';

interface Scope {
  open: boolean;
  check(): Promise<void>;
}

export class WriteGuard {
  private readonly scope = new AsyncLocalStorage<Scope>();

  /**
   * Runs `work`. Until it settles, its writes (and those of work it starts) first wait for `check`, run once: when
   * `check` fails, so does every such write.
   */
  async around<T>(check: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    let checked: Promise<void> | undefined;
    const scope: Scope = { open: true, check: () => (checked ??= check()) };
    try {
      return await this.scope.run(scope, work);
    } finally {
      scope.open = false;
    }
  }

  /** What a write waits for first; undefined (no wait) outside `around`. */
  beforeWrite(): Promise<void> | undefined {
    const scope = this.scope.getStore();
    return scope?.open ? scope.check() : undefined;
  }
}

const ITEM_WRITES = new Set<PropertyKey>(['replace', 'patch', 'delete']);
const ITEMS_WRITES = new Set<PropertyKey>(['create', 'upsert', 'batch', 'bulk', 'executeBulkOperations']);

/** `target` whose methods named in `writes` first wait for the guard. */
function guarded<T extends object>(target: T, writes: Set<PropertyKey>, guard: WriteGuard): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      if (!writes.has(prop)) return (value as (...args: unknown[]) => unknown).bind(obj);
      return (...args: unknown[]) => {
        const wait = guard.beforeWrite();
        const write = () => (value as (...a: unknown[]) => unknown).apply(obj, args);
        return wait ? wait.then(write) : write();
      };
    },
  });
}

/** The containers, each write of which (item replace/patch/delete, items create/upsert/batch/bulk) asks `guard` first. */
export function guardWrites(containers: Containers, guard: WriteGuard): Containers {
  const wrap = (container: Container): Container => {
    const items = guarded(container.items, ITEMS_WRITES, guard);
    return new Proxy(container, {
      get(obj, prop) {
        if (prop === 'items') return items;
        if (prop === 'item') return (...args: Parameters<Container['item']>) => guarded(obj.item(...args), ITEM_WRITES, guard);
        const value = Reflect.get(obj, prop, obj) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(obj) : value;
      },
    });
  };
  return Object.fromEntries(Object.entries(containers).map(([name, container]) => [name, wrap(container)])) as Containers;
}
