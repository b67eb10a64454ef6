// `npm run bench`: speed figures, each next to a baseline measured in the same run on the same machine (these
// machines are shared and noisy, so absolute milliseconds mean little; ratios travel better).
//  - baseline A: a minimal botbuilder echo bot (restify + CloudAdapter), one message turn;
//  - baseline B: the store's raw write rate (upsert of a 1 KB document into the embedded Cosmos server);
//  - ours: every turn of a complete "new association" dialog through the real server, state in Cosmos.
import { systemClock } from '../services/clock';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { createAdapter, createBotDeps, startApp } from '../bot/app';
import { Scheduler } from '../bot/scheduler';
import { loadConfig } from '../services/config';
import { openCosmosStore } from '../services/cosmosStore';
import { ConversationStore, conversationKey } from '../services/conversationStore';
import { createLogger } from '../services/logger';
import { startLocalConnector } from '../test/helpers/connector';
import { message, post, type Who } from '../test/helpers/activities';
import { tempDir } from '../test/helpers/testApp';
import { renderCard } from '../cards';

const ECHO_TURNS = Number(process.env.BENCH_ECHO_TURNS ?? 400);
const WRITES = Number(process.env.BENCH_WRITES ?? 1000);
const DIALOGS = Number(process.env.BENCH_DIALOGS ?? 40);
const APPROVE_ROUNDS = Number(process.env.BENCH_APPROVE_ROUNDS ?? 10);
const CONCURRENT = 20;
const REVIEWER_TENANT = 'f00dcafe-0000-4000-8000-000000000001';

interface Stats {
  n: number;
  median: number;
  p99: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function echoBaseline(serviceUrl: string, concurrency = 1): Promise<number[]> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const who: Who = { id: '29:bench', name: 'Bench' };
  const samples: number[] = [];
  for (let i = 0; i < ECHO_TURNS; i += concurrency) {
    const batch = Array.from({ length: concurrency }, (_, j) => timed(() => post(url, message(who, `hello ${i + j}`, serviceUrl))));
    samples.push(...(await Promise.all(batch)));
  }
  server.close();
  return samples.slice(Math.floor(ECHO_TURNS / 10)); // drop the warm-up tenth
}

async function writeBaseline(): Promise<number[]> {
  const dir = tempDir('cpor-bench-');
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dir }).cosmos, dir);
  const payload = 'x'.repeat(1024);
  const samples: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    samples.push(await timed(() => store.containers.conversations.items.upsert({ id: `doc-${i % 50}`, payload })));
  }
  await store.close();
  return samples.slice(Math.floor(WRITES / 10));
}

async function dialogTurns(serviceUrl: string): Promise<{ turns: number[]; dialogs: number[] }> {
  const dir = tempDir('cpor-bench-');
  const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dir }), createLogger('silent'));
  const turns: number[] = [];
  const dialogs: number[] = [];
  for (let i = 0; i < DIALOGS; i++) {
    // A new partner organisation per dialog, so no claim is a duplicate of another.
    const who: Who = { id: `29:user-${i}`, name: 'Bench User', tenantId: randomUUID(), locale: 'en-US' };
    const answers = ['new association', 'Microsoft 365', '1234567', 'contoso.com', '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
      'Microsoft Teams, Intune', 'Jane Doe', 'CIO', 'jane@contoso.com', 'Bench User', 'bench@partner.example', 'later',
      'Contoso Teams', 'none', 'submit'];
    let total = 0;
    for (const text of answers) {
      const ms = await timed(async () => {
        const res = await post(app.url, message(who, text, serviceUrl) as Partial<Activity>);
        if (res.status !== 200) throw new Error(`turn "${text}" answered ${res.status}`);
      });
      turns.push(ms);
      total += ms;
    }
    dialogs.push(total);
  }
  const { resources } = await app.store.containers.associations.items
    .query<number>({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'claim'" })
    .fetchAll();
  if (resources[0] !== DIALOGS) throw new Error(`expected ${DIALOGS} claims stored, found ${resources[0]}`);
  await app.close();
  return { turns: turns.slice(Math.floor(turns.length / 10)), dialogs: dialogs.slice(1) };
}

/** The approve invoke of the review card, 20 reviewers clicking at once on 20 different claims, round after round. */
async function approveInvokes(serviceUrl: string): Promise<number[]> {
  const dir = tempDir('cpor-bench-');
  const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dir }), createLogger('silent'));
  const { claims } = createBotDeps(loadConfig({ DATA_DIR: dir }), app.store, createLogger('silent'), {
    adapter: { continueConversationAsync: async () => undefined, createConversationAsync: async () => undefined },
    publicBaseUrl: () => app.url,
  }).deps;
  const reviewer = { id: '29:reviewer', name: 'Bench Reviewer' };
  // As in production: review cards live in a review channel, updated in place after each decision.
  await new ConversationStore(app.store.containers.conversations).setReviewChannel({
    tenantId: REVIEWER_TENANT,
    reference: { channelId: 'msteams', serviceUrl, conversation: { id: '19:reviews@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } },
    setBy: reviewer,
    setAt: new Date().toISOString(),
  });
  const samples: number[] = [];
  for (let round = 0; round < APPROVE_ROUNDS; round++) {
    const ready = await Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const partnerTenantId = randomUUID();
        const created = await claims.create({
          id: `CPOR-BENCH-${round}-${i}`,
          partnerTenantId,
          submit: true,
          actor: { id: '29:partner', name: 'Partner' },
          origin: { serviceUrl, conversationId: 'a:bench' },
          poe: { fileId: 'f', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1, uploadedAt: '', uploadedBy: '' },
          fields: {
            solutionArea: 'microsoft365', activity: 'usage', partnerId: '1234567', customerDomain: 'contoso.com',
            customerTenantId: randomUUID(), workloads: ['Intune'],
            customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' },
            partnerContact: { name: 'P', email: 'p@partner.example' }, name: 'Bench',
          },
        });
        if (created.kind !== 'created') throw new Error(created.kind);
        const started = await claims.transition(created.claim, { action: 'startReview', actor: reviewer, party: 'reviewer' });
        if (started.kind !== 'done') throw new Error(started.kind);
        return started.claim;
      }),
    );
    const latencies = await Promise.all(
      ready.map((claim) =>
        timed(async () => {
          const res = await post(app.url, {
            type: 'invoke',
            name: 'adaptiveCard/action',
            id: randomUUID(),
            channelId: 'msteams',
            serviceUrl,
            from: reviewer,
            recipient: { id: '28:bot', name: 'CPOR Assistant' },
            conversation: { id: '19:reviews@thread.tacv2', conversationType: 'channel', tenantId: REVIEWER_TENANT },
            value: { action: { type: 'Action.Execute', verb: 'review.approve', data: { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version } } },
          } as Partial<Activity>);
          const body = (await res.json()) as { statusCode?: number };
          if (body.statusCode !== 200) throw new Error(`approve answered ${JSON.stringify(body).slice(0, 200)}`);
        }),
      ),
    );
    samples.push(...latencies);
  }
  await app.delivery.settled();
  await app.close();
  return samples;
}

const SCHEDULER_CLAIMS = Number(process.env.BENCH_SCHEDULER_CLAIMS ?? 10_000);

/**
 * The scheduler at scale: SCHEDULER_CLAIMS approved claims past their opt-out deadline, promoted to Official and
 * announced (partner message and review-card update, to the local connector). Ceiling: the same store's raw
 * replace throughput, measured in the same run.
 */
async function schedulerAtScale(serviceUrl: string): Promise<{ claimsPerSecond: number; seconds: number; peakRssMb: number; peakHeapMb: number; replacesPerSecond: number }> {
  const dir = tempDir('cpor-bench-');
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const store = await openCosmosStore(config.cosmos, dir);
  const log = createLogger('silent');
  const adapter = createAdapter(config, log);
  const { deps, delivery } = createBotDeps(config, store, log, { adapter, publicBaseUrl: () => 'http://127.0.0.1:9' });
  const partnerTenantId = randomUUID();
  const partner = { id: '29:partner', name: 'Partner' };
  await deps.conversations.save(
    { id: conversationKey('personal', partnerTenantId, partner.id), kind: 'personal', tenantId: partnerTenantId, userId: partner.id,
      reference: { channelId: 'msteams', serviceUrl, conversation: { id: 'a:partner', conversationType: 'personal', isGroup: false, name: '' }, bot: { id: '28:bot', name: 'CPOR' }, user: { id: partner.id, name: partner.name } } },
    { greet: false },
  );
  await deps.conversations.setReviewChannel({
    tenantId: REVIEWER_TENANT,
    reference: { channelId: 'msteams', serviceUrl, conversation: { id: '19:reviews@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } },
    setBy: partner,
    setAt: new Date().toISOString(),
  });
  const past = new Date(Date.now() - 60_000).toISOString();
  const base = {
    type: 'claim', partnerTenantId, program: 'OSU Microsoft 365', status: 'Approved', competing: false, createdBy: partner,
    solutionArea: 'microsoft365', activity: 'usage', partnerId: '1234567', customerDomain: 'contoso.com',
    customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' }, partnerContact: { name: 'P', email: 'p@partner.example' },
    createdAt: past, updatedAt: past, version: 4, optOutDeadline: past, customerNotifiedAt: past, locale: 'en-US',
    history: [{ at: past, by: partner, action: 'approve', from: 'UnderReview', to: 'Approved' }], notices: [],
  };
  for (let i = 0; i < SCHEDULER_CLAIMS; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, SCHEDULER_CLAIMS - i) }, (_, j) =>
        store.containers.associations.items.create({
          ...base, id: `CPOR-SCALE-${i + j}`, name: `Claim ${i + j}`, customerTenantId: randomUUID(), workloads: ['Intune'],
          reviewCards: [{ target: 'review-channel', activityId: `card-${i + j}` }],
        }),
      ),
    );
  }
  // Ceiling: raw replaces of the same documents, sequential, as the scheduler writes.
  const sample = Math.min(2000, SCHEDULER_CLAIMS);
  const replaceStart = process.hrtime.bigint();
  for (let i = 0; i < sample; i++) {
    const item = store.containers.associations.item(`CPOR-SCALE-${i}`, partnerTenantId);
    const { resource } = await item.read();
    await item.replace(resource);
  }
  const replacesPerSecond = sample / (Number(process.hrtime.bigint() - replaceStart) / 1e9);

  let peakRss = 0;
  let peakHeap = 0;
  const probe = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const scheduler = new Scheduler({ claims: deps.claims, delivery, leases: store.containers.botState, log, intervalMs: 60_000, clock: systemClock });
  const started = process.hrtime.bigint();
  const result = await scheduler.pass();
  await delivery.settled();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(probe);
  if (result.official !== SCHEDULER_CLAIMS) throw new Error(`promoted ${result.official} of ${SCHEDULER_CLAIMS}`);
  await store.close();
  return { claimsPerSecond: SCHEDULER_CLAIMS / seconds, seconds, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20, replacesPerSecond };
}

/** The first page of "my associations" with 5,000 claims of the organisation stored: query + card, as a click does. */
async function listFirstPage(): Promise<number[]> {
  const dir = tempDir('cpor-bench-');
  const config = loadConfig({ DATA_DIR: dir });
  const store = await openCosmosStore(config.cosmos, dir);
  const log = createLogger('silent');
  const { deps } = createBotDeps(config, store, log, { adapter: createAdapter(config, log), publicBaseUrl: () => 'http://127.0.0.1:9' });
  const partnerTenantId = randomUUID();
  const partner = { id: '29:partner', name: 'Partner' };
  for (let i = 0; i < 5000; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) => {
        const at = new Date(Date.UTC(2026, 0, 1) + (i + j) * 60_000).toISOString();
        return store.containers.associations.items.create({
          id: `CPOR-LIST-${i + j}`, type: 'claim', partnerTenantId, name: `Claim ${i + j}`, status: 'Submitted', program: 'OSU Microsoft 365',
          solutionArea: 'microsoft365', activity: 'usage', partnerId: '1234567', customerDomain: `customer${i + j}.com`,
          customerTenantId: randomUUID(), workloads: ['Intune'], customerContact: { name: 'J', title: 'CIO', email: 'j@c.com' },
          partnerContact: { name: 'P', email: 'p@p.com' }, competing: false, createdBy: partner, createdAt: at, updatedAt: at,
          version: 1, history: [], notices: [], reviewCards: [],
        });
      }),
    );
  }
  const s = (await import('../bot/i18n')).stringsFor('en');
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) {
    samples.push(
      await timed(async () => {
        const page = await deps.claims.list(partnerTenantId, {}, { size: 10 });
        if (page.claims.length !== 10) throw new Error('expected a full first page');
        renderCard('claimList', {
          title: s.manage.title, labels: { ...s.manage.labels, apply: s.manage.apply, next: s.manage.next },
          filters: { status: 'any', solutionArea: 'any', activity: 'any', workload: 'any', customer: '' },
          statusChoices: [], areaChoices: [], activityChoices: [], workloadChoices: [],
          rows: page.claims.map((c) => ({ claimId: c.id, partnerTenantId, name: c.name, line: c.customerDomain })),
          empty: '', continuation: page.continuation ?? '',
        });
      }),
    );
  }
  await store.close();
  return samples.slice(5);
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
function row(name: string, s: Stats, baseline?: Stats) {
  const ratio = baseline ? `${(s.median / baseline.median).toFixed(1)}x / ${(s.p99 / baseline.p99).toFixed(1)}x` : '—';
  console.log(`${name.padEnd(44)} ${String(s.n).padStart(5)}  ${fmt(s.median).padStart(10)}  ${fmt(s.p99).padStart(10)}  ${ratio}`);
}

async function main() {
  const connector = await startLocalConnector();
  const echo = stats(await echoBaseline(connector.serviceUrl));
  const echoConcurrent = stats(await echoBaseline(connector.serviceUrl, CONCURRENT));
  const writes = stats(await writeBaseline());
  const { turns, dialogs } = await dialogTurns(connector.serviceUrl);
  const approve = stats(await approveInvokes(connector.serviceUrl));
  const list = stats(await listFirstPage());
  const scale = SCHEDULER_CLAIMS > 0 ? await schedulerAtScale(connector.serviceUrl) : undefined;
  await connector.close();
  const turn = stats(turns);
  console.log(`\nCPOR Assistant benchmark (${new Date().toISOString()}, node ${process.version})`);
  console.log(`${'measure'.padEnd(44)} ${'n'.padStart(5)}  ${'median'.padStart(10)}  ${'p99'.padStart(10)}  ratio to baseline (median / p99)`);
  row('A  echo bot turn (baseline)', echo);
  row(`A' echo bot turn, ${CONCURRENT} concurrent (baseline)`, echoConcurrent);
  row('B  store upsert, 1 KB (baseline)', writes);
  row('   new-association dialog turn vs A', turn, echo);
  row('   ... the same, in store writes (vs B)', turn, writes);
  row('   whole dialog, 15 turns', stats(dialogs));
  row(`   approve invoke, ${CONCURRENT} concurrent, vs A'`, approve, echoConcurrent);
  row('   "my associations" first page, 5,000 stored', list, writes);
  console.log(`\nstore raw write rate: ${(1000 / writes.mean).toFixed(0)} upserts/s (sequential)`);
  if (scale) {
    console.log(
      `scheduler: ${SCHEDULER_CLAIMS} approved claims past their deadline promoted to Official and announced in ` +
        `${scale.seconds.toFixed(1)} s: ${scale.claimsPerSecond.toFixed(0)} claims/s; ceiling (raw read+replace of the same ` +
        `documents): ${scale.replacesPerSecond.toFixed(0)}/s, so ${(scale.claimsPerSecond / scale.replacesPerSecond).toFixed(2)} of it; ` +
        `peak RSS ${scale.peakRssMb.toFixed(0)} MB, peak heap ${scale.peakHeapMb.toFixed(0)} MB`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
