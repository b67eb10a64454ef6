// The 5,000-claim CSV export, measured: its time and heap over HTTP against fetching every claim at once and
// building the file in memory (the naive way), in this process on the embedded store. Run by `npm run bench`
// (bench/run.ts); figures are printed with the ratio of the heap each way holds, the target beside it.
import { randomBytes } from 'node:crypto';
import { exportLink, registerExportRoutes } from '../bot/web/exportRoute';
import { CSV_COLUMNS } from '../services/csvExport';
import type { Claim } from '../services/domain/claim';
import { LinkSigner } from '../services/signedLinks';
import { TENANT } from '../test/helpers/activities';
import { openWorld } from '../test/helpers/chat';
import { CLAIMS, PAGE_SIZE, createAll, exposeGc, heapUsed, makeClaim, newWatch, watched } from '../test/helpers/exportClaims';
import { startRestifyServer } from '../test/helpers/restifyServer';

const EXPORT_NOW = new Date('2026-11-25T23:59:30.000Z');

interface Measured<T> {
  /** Duration without the forced collection. */
  ms: number;
  /** Highest heapUsed seen minus the one before (garbage not yet collected included). */
  peakMB: number;
  /** heapUsed after a full collection halfway through, minus the one before: what is really held. */
  heldMB?: number;
  result: T;
}

export async function exportHeap(): Promise<void> {
  const gc = exposeGc();
  const world = await openWorld();
  const container = world.store.containers.associations;
  const watch = newWatch();
  const signer = new LinkSigner(randomBytes(32));
  await createAll(container, function* () {
    for (let i = 0; i < CLAIMS; i++) yield makeClaim(i) as unknown as Record<string, unknown>;
  });
  const app = await startRestifyServer(
    'export-bench',
    (server) =>
      registerExportRoutes(server, {
        associations: watched(container, () => watch),
        signer,
        log: world.deps.log,
        clock: { now: () => EXPORT_NOW },
        pageSize: PAGE_SIZE,
      }),
    'all',
  );
  const measure = async <T>(work: (sample: () => void, halfway: () => void) => Promise<T>): Promise<Measured<T>> => {
    gc?.();
    const before = heapUsed();
    let peak = before;
    let held: number | undefined;
    let gcMs = 0;
    const sample = () => {
      peak = Math.max(peak, heapUsed());
    };
    const halfway = () => {
      sample();
      if (!gc || held !== undefined) return;
      const gcStarted = performance.now();
      gc();
      held = heapUsed() - before;
      gcMs = performance.now() - gcStarted;
    };
    const sampler = setInterval(sample, 1);
    const started = performance.now();
    try {
      const result = await work(sample, halfway);
      return { ms: performance.now() - started - gcMs, peakMB: (peak - before) / 1e6, heldMB: held === undefined ? undefined : held / 1e6, result };
    } finally {
      clearInterval(sampler);
    }
  };
  const mb = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(1)} MB`);
  try {
    const streamed = await measure(async (sample, halfway) => {
      const started = performance.now();
      const response = await fetch(exportLink(app.url, signer, TENANT, EXPORT_NOW));
      if (response.status !== 200) throw new Error(`export answered ${response.status}`);
      let bytes = 0;
      let firstByteMs = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        if (bytes > 1_000_000) halfway();
        else sample();
      }
      return { bytes, firstByteMs };
    });
    const naive = await measure(async (sample, halfway) => {
      const { resources } = await container.items
        .query<Claim>(
          { query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @p ORDER BY c.createdAt DESC", parameters: [{ name: '@p', value: TENANT }] },
          { partitionKey: TENANT },
        )
        .fetchAll();
      halfway();
      const text = resources.map((c) => CSV_COLUMNS.map((col) => String(col.value(c) ?? '')).join(',')).join('\r\n');
      sample();
      return text.length + resources.length;
    });
    console.log(`\nCSV export of ${CLAIMS} claims in this process (heap figures are the whole process, the embedded store included)`);
    console.log(
      `streamed over HTTP: ${Math.round(streamed.ms)} ms (first bytes after ${Math.round(streamed.result.firstByteMs)} ms), ` +
        `${(streamed.result.bytes / 1e6).toFixed(2)} MB of CSV in ${watch.pages} pages of ${PAGE_SIZE}; ` +
        `peak heap increase ${mb(streamed.peakMB)}, held halfway (after a full GC) ${mb(streamed.heldMB)}`,
    );
    console.log(
      `all at once (fetchAll, no HTTP): ${Math.round(naive.ms)} ms; peak heap increase ${mb(naive.peakMB)}, held (after a full GC) ${mb(naive.heldMB)}`,
    );
    if (streamed.heldMB !== undefined && naive.heldMB !== undefined) {
      const ratio = streamed.heldMB / naive.heldMB;
      console.log(`held streamed / held all at once: ${ratio.toFixed(2)}  target < 0.5  ${ratio < 0.5 ? 'PASS' : 'FAIL'}`);
    }
  } finally {
    await app.close();
    await world.close();
  }
}
