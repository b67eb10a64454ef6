// Figures for the local store (not a test, not the benchmark): start time and memory with N claims in the journal,
// and the time of "my associations" first page (AssociationStore.list). Run one size per process, so the memory
// figure is that size's alone:
//   npm run build && node --expose-gc dist/scripts/measureLocalStore.js 50000 one  (every claim in one organisation)
//   node --expose-gc dist/scripts/measureLocalStore.js 50000 spread                (spread over 100 organisations)
import { systemClock } from '../services/clock';
import { DEFAULT_POLICY } from '../services/domain/rules';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCosmosStore } from '../services/cosmosStore';
import { AssociationStore } from '../services/associationStore';
import { loadConfig } from '../services/config';
import { journalLine } from '../services/localStore/journal';

const ORG = 'f0e1d2c3-0000-4000-8000-000000000000';
const orgOf = (i: number, spread: boolean) => (spread ? `f0e1d2c3-0000-4000-8000-${String(i % 100).padStart(12, '0')}` : ORG);

/** A submitted claim as the store writes it (system fields removed), to copy into a journal. */
export async function sampleClaim(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-measure-sample-'));
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dir }).cosmos, dir);
  try {
    const claims = new AssociationStore(store.containers.associations, store.containers.slots, systemClock, DEFAULT_POLICY);
    const result = await claims.create({
      id: 'CPOR-SAMPLE',
      partnerTenantId: ORG,
      submit: true,
      actor: { id: '29:alice', name: 'Alice Rossi' },
      locale: 'en-US',
      origin: { serviceUrl: 'http://127.0.0.1:9/', conversationId: 'a:personal-29:alice' },
      poe: { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: '29:alice' },
      fields: {
        solutionArea: 'microsoft365',
        activity: 'usage',
        partnerId: '1234567',
        customerDomain: 'contoso.com',
        customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
        workloads: ['Intune'],
        customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
        partnerContact: { name: 'Alice Rossi', email: 'alice@partner.example' },
        name: 'Contoso Intune',
      },
    });
    if (result.kind !== 'created') throw new Error(`sample claim not created: ${result.kind}`);
    const { resource } = await store.containers.associations.item('CPOR-SAMPLE', ORG).read();
    for (const field of ['_rid', '_self', '_etag', '_ts', '_attachments']) delete resource[field];
    return resource;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10000);
  const spread = process.argv[3] === 'spread';
  const sample = await sampleClaim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-measure-'));
  fs.mkdirSync(path.join(dir, 'cosmos'));
  const out = fs.openSync(path.join(dir, 'cosmos', 'journal.jsonl'), 'w');
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const id = `CPOR-${String(i).padStart(8, '0')}`;
    const pk = orgOf(i, spread);
    const doc = { ...sample, id, partnerTenantId: pk, createdAt: new Date(base + i * 60_000).toISOString() };
    fs.writeSync(out, journalLine(i + 1, { op: 'set', db: 'cpor', coll: 'associations', pkPath: '/partnerTenantId', pk, id, doc }));
  }
  fs.closeSync(out);
  const journalMb = fs.statSync(path.join(dir, 'cosmos', 'journal.jsonl')).size / 1e6;

  const started = performance.now();
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dir }).cosmos, dir);
  const startMs = performance.now() - started;
  global.gc?.(); // run with --expose-gc for the memory held, not the garbage of loading
  const { rss, heapUsed } = process.memoryUsage();
  const claims = new AssociationStore(store.containers.associations, store.containers.slots, systemClock, DEFAULT_POLICY);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const page = await claims.list(ORG, {}, { size: 10 });
    times.push(performance.now() - t);
    if (page.claims.length !== 10) throw new Error(`first page has ${page.claims.length} claims`);
  }
  times.sort((a, b) => a - b);
  await store.close();
  console.log(
    JSON.stringify({
      claims: n,
      layout: spread ? '100 organisations' : 'one organisation',
      journalMb: +journalMb.toFixed(1),
      restored: store.restored,
      startMs: Math.round(startMs),
      rssMb: Math.round(rss / 1e6),
      heapMb: Math.round(heapUsed / 1e6),
      listFirstPageMedianMs: +times[2].toFixed(1),
      listFirstPageMaxMs: +times[4].toFixed(1),
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
