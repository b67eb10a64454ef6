// Opens the Cosmos DB account (remote, or the embedded local server) and makes sure the database and every
// container exist. The same @azure/cosmos code path serves both.
import { CosmosClient, type Container, type ContainerRequest, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import type { Clock } from './clock';
import type { CosmosConfig } from './config';
import { startLocalCosmos, type LocalCosmos, type StoreLifecycle } from './localCosmos';
import type { JournalStartReport } from './localStore/journalStart';
import { tracedStoreClient } from './observability/storeTracing';

/**
 * Containers and their partition keys (see docs/architecture.md "Data model"; infra/azure.bicep declares the same):
 * - associations: one document per claim, partitioned by the partner organisation (partner tenant id). Every
 *   partner-facing read is a single-partition query, and tenant isolation follows the partition. The claim's
 *   history and its pending notices live inside the claim document, so a state change and its history entry
 *   are one atomic write (the local server has no atomic transactional batch).
 * - conversations: conversation references for proactive messages, one per user or channel, partitioned by id.
 * - botState: botbuilder dialog/conversation/user state, partitioned by id (botbuilder's own convention).
 * - files: proof-of-execution files in chunks, partitioned by file id (see fileStore.ts).
 * - slots: what claims hold, partitioned by id: duplicate slots per organisation and the arbiters that let one
 *   organisation only hold a customer's workload / subscription (see associationStore.ts). Apart from the claims,
 *   so claim queries never scan them.
 */
export const CONTAINER_DEFINITIONS = {
  associations: { id: 'associations', partitionKey: { paths: ['/partnerTenantId'] } },
  conversations: { id: 'conversations', partitionKey: { paths: ['/id'] } },
  // defaultTtl -1: nothing expires unless it says so (the activity dedupe records carry a ttl).
  botState: { id: 'botState', partitionKey: { paths: ['/id'] }, defaultTtl: -1 },
  files: { id: 'files', partitionKey: { paths: ['/fileId'] } },
  slots: { id: 'slots', partitionKey: { paths: ['/id'] } },
} satisfies Record<string, ContainerRequest>;

export type ContainerName = keyof typeof CONTAINER_DEFINITIONS;
export type Containers = Record<ContainerName, Container>;

export interface CosmosStore extends StoreLifecycle {
  containers: Containers;
  /** Where the data lives, for the start banner and the health check (never includes a key). */
  description: string;
  /** Documents restored from the local journal at start (0 for a remote account). */
  restored: number;
  /** What was done to the local journal at start (undefined for a remote account). */
  journal?: JournalStartReport;
  ping(): Promise<boolean>;
}

const isConflict = (err: unknown) => (err as { code?: number }).code === 409;

// createIfNotExists reads, then creates on 404: two instances starting together on a new account both read 404
// and one create gets 409. That 409 means the resource exists, which is all we wanted.
async function ensureDatabase(client: CosmosClient, id: string): Promise<Database> {
  try {
    return (await client.databases.createIfNotExists({ id })).database;
  } catch (err) {
    if (!isConflict(err)) throw err;
    return (await client.database(id).read()).database;
  }
}

async function ensureContainer(database: Database, definition: ContainerRequest): Promise<Container> {
  try {
    return (await database.containers.createIfNotExists(definition)).container;
  } catch (err) {
    if (!isConflict(err)) throw err;
    return (await database.container(definition.id!).read()).container;
  }
}

export async function openCosmosStore(config: CosmosConfig, dataDir: string, opts: { clock?: Clock } = {}): Promise<CosmosStore> {
  let local: LocalCosmos | undefined;
  let client: CosmosClient;
  if (config.endpoint) {
    // No `agent` option: the SDK's default agents keep connections alive, and a custom agent on an http://
    // endpoint makes SDK 4.9 refuse the connection (it only allows insecure requests on its own agent). The HTTP
    // client is the SDK's default one (the SDK still sets its agent per request), traced.
    const httpClient = tracedStoreClient(createDefaultHttpClient());
    client = config.key
      ? new CosmosClient({ endpoint: config.endpoint, key: config.key, httpClient })
      : new CosmosClient({ endpoint: config.endpoint, aadCredentials: new DefaultAzureCredential(), httpClient });
  } else {
    local = await startLocalCosmos({ dataDir, port: config.localPort, clock: opts.clock, recover: config.recoverJournal });
    client = new CosmosClient({
      endpoint: local.endpoint,
      key: local.key,
      httpClient: tracedStoreClient(local.httpClient),
      // The embedded server advertises https locations it does not serve; stay on the endpoint given.
      connectionPolicy: { enableEndpointDiscovery: false },
    });
  }
  try {
    const database = await ensureDatabase(client, config.database);
    const containers = {} as Containers;
    for (const [name, definition] of Object.entries(CONTAINER_DEFINITIONS)) {
      containers[name as ContainerName] = await ensureContainer(database, definition);
    }
    const restored = local ? await local.restore() : 0;
    return {
      containers,
      restored,
      journal: local?.journal,
      description: local ? `embedded Cosmos DB (${local.endpoint}), data kept in ${dataDir}` : `Cosmos DB ${config.endpoint}`,
      async ping() {
        try {
          await database.read();
          return true;
        } catch {
          return false;
        }
      },
      writable: async () => (local ? local.writable() : true),
      locked: () => (local ? local.locked() : true),
      async close() {
        client.dispose();
        await local?.close();
      },
    };
  } catch (err) {
    client.dispose();
    await local?.close();
    throw err;
  }
}
