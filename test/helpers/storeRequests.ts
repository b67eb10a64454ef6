// Counts the requests the app makes to the real Cosmos containers (a wrapper around them, nothing mocked): how many
// point reads, writes and query pages a turn or a scheduler pass costs, so fewer round trips are asserted as
// behaviour (request counts), never as times.
import type { Containers } from '../../services/cosmosStore';

export interface StoreRequest {
  container: string;
  op: string;
  /** The document's id, for requests on one item. */
  id?: string;
}

export interface RequestLog {
  requests: StoreRequest[];
  /** Requests since the last mark (and moves the mark). */
  take(): StoreRequest[];
  /** "container.op" → count, for assertion messages. */
  summary(requests?: StoreRequest[]): Record<string, number>;
}

const ITEM_OPS = new Set(['read', 'replace', 'patch', 'delete']);
const ITEMS_OPS = new Set(['create', 'upsert']);
const QUERY_OPS = new Set(['fetchNext', 'fetchAll']);

/** Replaces every container of `containers` (in place) by a counting proxy; build the app's deps after this. */
export function countStoreRequests(containers: Containers): RequestLog {
  const requests: StoreRequest[] = [];
  let mark = 0;
  const counted = <T extends object>(target: T, name: string, ops: Set<string>, id?: string): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        if (typeof prop === 'string' && ops.has(prop)) {
          return (...args: unknown[]) => {
            requests.push({ container: name, op: prop, ...(id === undefined ? {} : { id }) });
            return value.apply(obj, args);
          };
        }
        return value.bind(obj);
      },
    });
  for (const name of Object.keys(containers) as (keyof Containers)[]) {
    const real = containers[name];
    const items = new Proxy(real.items, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'query') return (...args: unknown[]) => counted(value.apply(obj, args), name, QUERY_OPS);
        if (typeof prop === 'string' && ITEMS_OPS.has(prop)) {
          return (...args: unknown[]) => {
            requests.push({ container: name, op: prop });
            return value.apply(obj, args);
          };
        }
        return value.bind(obj);
      },
    });
    containers[name] = new Proxy(real, {
      get(obj, prop, receiver) {
        if (prop === 'items') return items;
        if (prop === 'item') return (id: string, pk: unknown) => counted(obj.item(id, pk as string), name, ITEM_OPS, id);
        const value = Reflect.get(obj, prop, receiver);
        return typeof value === 'function' ? value.bind(obj) : value;
      },
    });
  }
  return {
    requests,
    take() {
      const taken = requests.slice(mark);
      mark = requests.length;
      return taken;
    },
    summary(list = requests) {
      const out: Record<string, number> = {};
      for (const r of list) out[`${r.container}.${r.op}`] = (out[`${r.container}.${r.op}`] ?? 0) + 1;
      return out;
    },
  };
}
