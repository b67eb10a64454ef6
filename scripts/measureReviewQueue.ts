// Figure for the reviewers' queue (not a test, not the benchmark): the time of the queue's first page over every
// organisation, at 10,000 claims of 200 organisations (a third waiting for a reviewer), as a ratio to "my
// associations" first page (one organisation, the same store) measured in the same run; medians and p99.
//   npm run build && node dist/scripts/measureReviewQueue.js [claims] [organisations]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AssociationStore, type QueueFilters } from '../services/associationStore';
import { systemClock } from '../services/clock';
import { loadConfig } from '../services/config';
import { journalLine } from '../services/localStore/journal';
import { openCosmosStore } from '../services/cosmosStore';
import { DEFAULT_POLICY } from '../services/domain/rules';
import { sampleClaim } from './measureLocalStore';

const RUNS = 41;
const orgOf = (i: number) => `f0e1d2c3-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function time(run: () => Promise<number>): Promise<{ medianMs: number; p99Ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const rows = await run();
    times.push(performance.now() - t);
    if (rows === 0) throw new Error('an empty page measures nothing');
  }
  times.sort((a, b) => a - b);
  return { medianMs: +times[Math.floor(RUNS / 2)].toFixed(2), p99Ms: +times[Math.min(RUNS - 1, Math.ceil(RUNS * 0.99) - 1)].toFixed(2) };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10000);
  const organisations = Number(process.argv[3] ?? 200);
  const sample = await sampleClaim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-measure-queue-'));
  fs.mkdirSync(path.join(dir, 'cosmos'));
  const out = fs.openSync(path.join(dir, 'cosmos', 'journal.jsonl'), 'w');
  const base = Date.parse('2026-01-01T00:00:00Z');
  const statuses = ['Submitted', 'UnderReview', 'Draft', 'Approved', 'Official', 'Rejected'];
  for (let i = 0; i < n; i++) {
    const id = `CPOR-${String(i).padStart(8, '0')}`;
    const pk = orgOf(i % organisations);
    const status = statuses[i % statuses.length];
    const at = new Date(base + i * 60_000).toISOString();
    const waiting = status === 'Submitted' || status === 'UnderReview';
    const doc = {
      ...sample,
      id,
      partnerTenantId: pk,
      partnerName: `Partner ${i % organisations}`,
      status,
      competing: i % 10 === 0,
      createdAt: at,
      updatedAt: at,
      reviewQueuedAt: waiting ? at : undefined,
    };
    fs.writeSync(out, journalLine(i + 1, { op: 'set', db: 'cpor', coll: 'associations', pkPath: '/partnerTenantId', pk, id, doc }));
  }
  fs.closeSync(out);

  const store = await openCosmosStore(loadConfig({ DATA_DIR: dir }).cosmos, dir);
  try {
    const claims = new AssociationStore(store.containers.associations, store.containers.slots, systemClock, DEFAULT_POLICY);
    const queue = (filters: QueueFilters) => async () => (await claims.reviewQueue(filters, { size: 10 })).claims.length;
    const baseline = await time(async () => (await claims.list(orgOf(0), {}, { size: 10 })).claims.length);
    const figures = {
      queueFirstPage: await time(queue({})),
      queueOrganisationFilter: await time(queue({ organisation: 'partner 17' })),
      queueCompetingOnly: await time(queue({ competingOnly: true })),
    };
    const ratio = (f: { medianMs: number; p99Ms: number }) => ({
      ...f,
      medianRatio: +(f.medianMs / baseline.medianMs).toFixed(1),
      p99Ratio: +(f.p99Ms / baseline.p99Ms).toFixed(1),
    });
    console.log(
      JSON.stringify({
        claims: n,
        organisations,
        baselineMyAssociationsFirstPage: baseline,
        queueFirstPage: ratio(figures.queueFirstPage),
        queueOrganisationFilter: ratio(figures.queueOrganisationFilter),
        queueCompetingOnly: ratio(figures.queueCompetingOnly),
      }),
    );
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
