// The benchmark's store-side measurements, in their own process (the embedded store runs in it, as in the bot):
//   raw <dataDir> <n>        the store's raw rates: sequential 1 KB upserts, point reads, read+replace per second;
//   scheduler <dataDir>      one scheduler pass over a seeded store (proactive messages to the bench's connector),
//                            with the raw read+replace rate of the same store as its ceiling.
// Prints one JSON line.
import { systemClock } from '../services/clock';
import { createAdapter, createBotDeps } from '../bot/app';
import { prepareCardTemplates } from '../cards';
import { Scheduler } from '../bot/workers/scheduler';
import { loadConfig } from '../services/config';
import { openCosmosStore } from '../services/cosmosStore';
import { createLogger } from '../services/logger';
import type { Claim } from '../services/domain/claim';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
/** CPU time of the process (every thread: the store's too) since `since`, in ms: it hardly depends on the machine's load. */
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
/** Heap still in use after a full collection (the worker runs with --expose-gc): what a pass really keeps. */
const heapAfterGcMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function raw(dataDir: string, n: number) {
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
  const container = store.containers.conversations;
  const payload = 'x'.repeat(1024);
  // Warm-up: connections, the SDK's caches.
  for (let i = 0; i < 50; i++) await container.items.upsert({ id: `warm-${i}`, payload });
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await container.items.upsert({ id: `doc-${i}`, payload });
  const upsertsPerSecond = n / seconds(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await container.item(`doc-${i}`, `doc-${i}`).read();
  const readsPerSecond = n / seconds(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const item = container.item(`doc-${i}`, `doc-${i}`);
    const { resource } = await item.read();
    await item.replace(resource);
  }
  const readReplacesPerSecond = n / seconds(t);
  await store.close();
  return { upsertsPerSecond, readsPerSecond, readReplacesPerSecond };
}

async function scheduler(dataDir: string) {
  let t = process.hrtime.bigint();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = await openCosmosStore(config.cosmos, dataDir);
  const openSeconds = seconds(t);
  const log = createLogger('silent');
  const { deps, delivery } = createBotDeps(config, store, log, { adapter: createAdapter(config, log), publicBaseUrl: () => 'http://127.0.0.1:9' });
  prepareCardTemplates(); // as the bot's start does (index.ts)
  // Ceiling: sequential raw read+replace of claims of the same store (not the due ones: those are the pass's).
  const { resources: sample } = await store.containers.associations.items
    .query<Claim>({ query: "SELECT TOP 500 * FROM c WHERE c.type = 'claim' AND c.status = 'Submitted'" })
    .fetchAll();
  t = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  for (const claim of sample) {
    const item = store.containers.associations.item(claim.id, claim.partnerTenantId);
    const { resource } = await item.read();
    await item.replace(resource);
  }
  const readReplacesPerSecond = sample.length / seconds(t);
  const cpuMsPerReadReplace = cpuMs(cpu) / sample.length;
  const startHeapMb = heapAfterGcMb();
  const startRssMb = rssMb();
  let peakRssMb = startRssMb;
  const probe = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb())), 50);
  const pass = new Scheduler({ claims: deps.claims, delivery, leases: store.containers.botState, log, intervalMs: 60_000, clock: systemClock });
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const result = await pass.pass();
  await delivery.settled();
  const passSeconds = seconds(t);
  const cpuMsPerPromoted = cpuMs(cpu) / result.official;
  clearInterval(probe);
  const retainedMb = heapAfterGcMb() - startHeapMb;
  await store.close();
  return {
    openSeconds,
    readReplacesPerSecond,
    cpuMsPerReadReplace,
    passSeconds,
    official: result.official,
    cpuMsPerPromoted,
    startRssMb,
    peakRssMb,
    retainedMb,
  };
}

async function main() {
  const [command, dataDir, n] = process.argv.slice(2);
  const result = command === 'raw' ? await raw(dataDir, Number(n)) : command === 'scheduler' ? await scheduler(dataDir) : undefined;
  if (!result) throw new Error(`unknown command ${command}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
