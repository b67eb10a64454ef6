// botbuilder Storage on our own Cosmos container, so dialog, conversation and user state survive restarts and
// any instance can take the next turn. Same contract as botbuilder-azure's CosmosDbPartitionedStorage
// (container partitioned on /id, eTag "*" = last writer wins, otherwise optimistic concurrency), without
// pulling in a second Cosmos and Blob SDK.
import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { Storage, StoreItems } from 'botbuilder';

interface StateDocument {
  id: string;
  realId: string;
  document: Record<string, unknown>;
}

const MAX_ID_LENGTH = 255;

/** Cosmos ids may not contain / \ ? #; botbuilder keys do. Escaping keeps distinct keys distinct. */
export function toCosmosId(key: string): string {
  const escaped = key.replace(/[/\\?#*]/g, (c) => `*${c.charCodeAt(0).toString(16)}`);
  if (escaped.length <= MAX_ID_LENGTH) return escaped;
  return `${escaped.slice(0, 180)}*h${createHash('sha256').update(key).digest('hex')}`;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/** A state write lost to a concurrent turn (optimistic concurrency on the stored eTag). */
export class StateConflictError extends Error {}

export class CosmosBotStorage implements Storage {
  constructor(private readonly container: Container) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const { resource } = await this.container.item(toCosmosId(key), toCosmosId(key)).read<StateDocument>();
        if (resource) items[key] = { ...resource.document, eTag: resource._etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, change]) => {
        const { eTag, ...document } = (change ?? {}) as Record<string, unknown>;
        const body: StateDocument = { id: toCosmosId(key), realId: key, document };
        try {
          const { resource } =
            typeof eTag === 'string' && eTag !== '*' && eTag !== ''
              ? await this.container.item(body.id, body.id).replace(body, {
                  accessCondition: { type: 'IfMatch', condition: eTag },
                })
              : await this.container.items.upsert(body);
          // BotState keeps the object it wrote; give it the new eTag so a second save in the same turn succeeds.
          if (change && resource) (change as Record<string, unknown>).eTag = resource._etag;
        } catch (err) {
          if (statusOf(err) === 412 || statusOf(err) === 404) {
            throw new StateConflictError(`Storage: state "${key}" was changed by another turn (eTag conflict)`);
          }
          throw err;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.container.item(toCosmosId(key), toCosmosId(key)).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
  }
}
