// `npm run migrate-to-azure`: copies the local default's data (the data folder's embedded store) into the Azure
// Cosmos DB account the settings name (COSMOS_ENDPOINT, with COSMOS_KEY or the managed identity / az login), container
// by container, every document upserted under its own id and partition key. Run it with the bot stopped: the
// embedded store takes the data folder's lock, so it refuses while a bot holds the folder. Upserts make a second run
// harmless (it writes the same documents again). See docs/operations.md "Move from the local default to Azure".
import dotenv from 'dotenv';
import type { Container } from '@azure/cosmos';
import { CONTAINER_DEFINITIONS, openCosmosStore, type ContainerName, type Containers } from '../services/cosmosStore';
import { ConfigError, loadConfig } from '../services/config';

/** Fields Cosmos DB sets on every document: the target sets its own. */
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];
const PAGE_SIZE = 100;

export type CopyCounts = Record<ContainerName, number>;

async function copyContainer(source: Container, target: Container): Promise<number> {
  const pages = source.items.query<Record<string, unknown>>('SELECT * FROM c', { maxItemCount: PAGE_SIZE });
  let copied = 0;
  while (pages.hasMoreResults()) {
    const { resources } = await pages.fetchNext();
    for (const doc of resources) {
      const body = Object.fromEntries(Object.entries(doc).filter(([field]) => !SYSTEM_FIELDS.includes(field)));
      await target.items.upsert(body);
      copied += 1;
    }
  }
  return copied;
}

/** Copies every document of every container of `source` into the same container of `target`. */
export async function copyStore(source: Containers, target: Containers, onContainer?: (name: ContainerName, copied: number) => void): Promise<CopyCounts> {
  const counts = {} as CopyCounts;
  for (const name of Object.keys(CONTAINER_DEFINITIONS) as ContainerName[]) {
    counts[name] = await copyContainer(source[name], target[name]);
    onContainer?.(name, counts[name]);
  }
  return counts;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  if (!config.cosmos.endpoint) {
    throw new Error('COSMOS_ENDPOINT is not set: name the Azure Cosmos DB account to copy the local data into (and COSMOS_KEY, or sign in with az login)');
  }
  const local = await openCosmosStore({ ...config.cosmos, endpoint: undefined, key: undefined }, config.dataDir);
  try {
    process.stdout.write(`From: ${local.description} (${local.restored} documents)\n`);
    const remote = await openCosmosStore(config.cosmos, config.dataDir);
    try {
      process.stdout.write(`To:   ${remote.description}, database ${config.cosmos.database}\n`);
      await copyStore(local.containers, remote.containers, (name, copied) => process.stdout.write(`  ${name}: ${copied} documents\n`));
    } finally {
      await remote.close();
    }
  } finally {
    await local.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`migrate-to-azure failed: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
