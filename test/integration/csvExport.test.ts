// The partner's CSV export over a real restify server and the embedded Cosmos store: 5,000 claims of one
// organisation (and a few of another, which never appear, even with the same claim ids) downloaded through a
// signed link and read back by a strict RFC 4180 parser; every field round-trips (formula-looking names guarded);
// the export is streamed a page at a time (documents alive, first bytes before the last page, backpressure);
// tampered and expired links get 404 / 410. The export's time and heap are measured by the benchmark
// (bench/exportHeap.ts).
import assert from 'node:assert/strict';
import { skipBecause } from '../helpers/skip';
import { until } from '../helpers/until';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Container } from '@azure/cosmos';
import { exportLink, registerExportRoutes, type ExportDeps } from '../../bot/web/exportRoute';
import { CSV_BOM, CSV_COLUMNS, exportClaimsCsv } from '../../services/csvExport';
import type { Claim } from '../../services/domain/claim';
import { LinkSigner } from '../../services/signedLinks';
import { openWorld, type BotWorld } from '../helpers/chat';
import { CsvParser } from '../helpers/csv';
import { TENANT } from '../helpers/activities';
import { startRestifyServer, type TestServer } from '../helpers/restifyServer';
import {
  BASE_TIME,
  CLAIMS,
  OTHER_CLAIMS,
  OTHER_TENANT,
  PAGE_SIZE,
  createAll,
  exposeGc,
  idOf,
  indexOf,
  makeClaim,
  newWatch,
  watched,
} from '../helpers/exportClaims';

/** The bot's clock in these tests: 23:59:30 UTC, so a date read from the wall clock instead would show. */
const EXPORT_NOW = '2026-11-25T23:59:30.000Z';

/** What the row of a claim must read back as: the test's own table of every column, not the module's. */
function expectedRow(c: Claim): Record<string, string> {
  const shown = (s: string | undefined) => (s === undefined ? '' : /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  return {
    'Claim ID': c.id,
    Name: shown(c.name),
    Status: c.status,
    Program: c.program,
    'Solution area': c.solutionArea,
    Activity: c.activity,
    'Partner ID': c.partnerId,
    'Customer domain': c.customerDomain,
    'Customer tenant ID': c.customerTenantId,
    Workloads: (c.workloads ?? []).join('; '),
    Product: shown(c.product),
    'Subscription ID': shown(c.subscriptionId),
    'Customer contact name': shown(c.customerContact.name),
    'Customer contact title': shown(c.customerContact.title),
    'Customer contact e-mail': shown(c.customerContact.email),
    'Technical contact name': shown(c.technicalContact?.name),
    'Technical contact e-mail': shown(c.technicalContact?.email),
    'Partner contact name': shown(c.partnerContact.name),
    'Partner contact e-mail': shown(c.partnerContact.email),
    'PoE file name': shown(c.poe?.fileName),
    Competing: c.competing ? 'yes' : 'no',
    // Nobody competes here: every workload (or the subscription) follows the claim's status.
    'Workload results': (c.solutionArea === 'microsoft365' ? (c.workloads ?? []) : [`${c.product} (${c.subscriptionId})`])
      .map((w) => `${w}: ${c.status}`)
      .join('; '),
    'Created at': c.createdAt,
    'Created by': shown(c.createdBy.name),
    'Updated at': c.updatedAt,
    'Opt-out deadline': shown(c.optOutDeadline),
    'Partner action deadline': shown(c.partnerActionDeadline),
    Reviewer: shown(c.reviewer?.name),
    Comments: shown(c.comments),
    'Last reason': shown([...c.history].reverse().find((h) => h.reason)?.reason),
    'History count': String(c.history.length),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------------------------

const startServer = (deps: ExportDeps): Promise<TestServer> => startRestifyServer('export-test', (server) => registerExportRoutes(server, deps), 'all');

/** Reads a CSV response as it arrives, checking the BOM, and hands each record over as soon as it is complete. */
async function readCsv(response: Response, onRecord: (record: string[]) => void): Promise<{ bytes: number; firstByteAt: number }> {
  assert.ok(response.body);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parser = new CsvParser();
  let bytes = 0;
  let firstByteAt = 0;
  let first = true;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (bytes === 0) firstByteAt = performance.now();
    bytes += chunk.length;
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      assert.equal(text[0], CSV_BOM, 'the file starts with the UTF-8 BOM');
      text = text.slice(1);
      first = false;
    }
    for (const record of parser.push(text)) onRecord(record);
  }
  for (const record of parser.push(decoder.decode())) onRecord(record);
  parser.end();
  return { bytes, firstByteAt };
}

describe('CSV export of claims (integration)', function () {
  // 5,000 claims inserted and exported several times over: more than the suite's default 30 s on a busy machine.
  this.timeout(120_000);
  let world: BotWorld;
  let container: Container;
  let signer: LinkSigner;
  let app: TestServer;
  let watch = newWatch();
  let clock: (() => Date) | undefined;
  const gc = exposeGc();

  before(async () => {
    world = await openWorld();
    container = world.store.containers.associations;
    signer = new LinkSigner(randomBytes(32));
    const started = performance.now();
    await createAll(container, function* () {
      for (let i = 0; i < CLAIMS; i++) yield makeClaim(i) as unknown as Record<string, unknown>;
      // Another organisation: the same claim ids in its own partition, and a marker that must never show.
      for (let i = 0; i < OTHER_CLAIMS; i++) yield makeClaim(i, OTHER_TENANT, ' OTHER-ORG-SECRET') as unknown as Record<string, unknown>;
      // Not claims: a slot document in the organisation's partition.
      yield { id: 'slot:x:workload:exchange online', type: 'slot', partnerTenantId: TENANT, claimId: idOf(0), createdAt: new Date(BASE_TIME).toISOString() };
    });
    console.log(`      (inserted ${CLAIMS + OTHER_CLAIMS + 1} documents in ${Math.round(performance.now() - started)} ms)`);
    app = await startServer({
      associations: watched(container, () => watch),
      signer,
      log: world.deps.log,
      clock: { now: () => (clock ? clock() : new Date(EXPORT_NOW)) },
      pageSize: PAGE_SIZE,
    });
  });
  after(async () => {
    await app?.close();
    await world?.close();
  });
  beforeEach(() => {
    watch = newWatch();
    clock = undefined;
  });

  const linkFor = (tenant: string, now = new Date(EXPORT_NOW)) => exportLink(app.url, signer, tenant, now);

  it('downloads all 5,000 claims of the organisation, newest first, every field round-tripping, nothing of another', async () => {
    const response = await fetch(linkFor(TENANT));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="cpor-associations-2026-11-25.csv"');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-length'), null, 'streamed (chunked), not buffered');

    let header: string[] | undefined;
    const seen = new Set<string>();
    let previousCreatedAt = '\uffff';
    let checked = 0;
    const { firstByteAt } = await readCsv(response, (record) => {
      if (!header) {
        header = record;
        assert.deepEqual(
          header,
          CSV_COLUMNS.map((c) => c.header),
        );
        return;
      }
      assert.equal(record.length, header.length, `row ${seen.size + 1} has every column`);
      const row = Object.fromEntries(header.map((h, i) => [h, record[i]]));
      const index = indexOf(row['Claim ID']);
      assert.ok(Number.isInteger(index) && index >= 0 && index < CLAIMS, `a claim of the organisation: ${row['Claim ID']}`);
      assert.ok(!seen.has(row['Claim ID']), `${row['Claim ID']} appears once`);
      seen.add(row['Claim ID']);
      assert.ok(row['Created at'] <= previousCreatedAt, 'newest first');
      previousCreatedAt = row['Created at'];
      assert.ok(!record.some((f) => f.includes('OTHER-ORG-SECRET')), 'nothing of the other organisation');
      assert.deepEqual(row, expectedRow(makeClaim(index)), `${row['Claim ID']} round-trips`);
      checked++;
    });

    assert.equal(seen.size, CLAIMS, '5,000 rows after the header');
    assert.equal(checked, CLAIMS);
    assert.ok(firstByteAt < watch.lastPageAt, 'the first bytes arrived before the last page was even fetched');
    assert.ok(watch.largestPage <= PAGE_SIZE, `pages of at most ${PAGE_SIZE} claims (largest: ${watch.largestPage})`);
    assert.equal(watch.documents, CLAIMS, 'each claim fetched once (no slot, no other organisation)');

    // The special ones, spelled out.
    const evil = expectedRow(makeClaim(7));
    assert.equal(evil.Name, `'=HYPERLINK("http://evil")`);
    assert.equal(expectedRow(makeClaim(8)).Name, 'Acme, Inc. "West"\r\nsecond line');
    assert.equal(expectedRow(makeClaim(10)).Name, 'Società Açaí Ünïcödé – 日本 😀');

    const log = world
      .logs()
      .filter((l) => l.msg === 'claims exported')
      .pop();
    assert.equal(log?.rows, CLAIMS);
  });

  it('the other organisation gets its own claims only', async () => {
    const response = await fetch(linkFor(OTHER_TENANT));
    assert.equal(response.status, 200);
    const rows: string[][] = [];
    await readCsv(response, (r) => rows.push(r));
    assert.equal(rows.length, 1 + OTHER_CLAIMS);
    for (const row of rows.slice(1)) {
      assert.match(row[1], /OTHER-ORG-SECRET$/);
    }
  });

  it('the generator holds one page at a time: nothing is queried before it is asked for, and fetched claims are released', async function () {
    if (!gc) skipBecause(this, 'the garbage collector cannot be exposed in this Node (--expose-gc refused)');
    const pageSize = 50;
    const csv = exportClaimsCsv(
      watched(container, () => watch),
      TENANT,
      { pageSize },
    );
    const header = await csv.next();
    assert.ok(!header.done && header.value.startsWith(CSV_BOM));
    assert.equal(watch.pages, 0, 'the header needs no query');
    let chunks = 0;
    let maxAlive = 0;
    for (;;) {
      const pagesBefore: number = watch.pages;
      const next = await csv.next();
      if (next.done) break;
      chunks++;
      assert.equal(watch.pages, pagesBefore + 1, 'one page fetched per chunk asked for');
      // Everything fetched so far, minus what has been collected: the claims still referenced by anyone.
      // A full collection is slow with 5,000 documents in the embedded server: look at the first pages and every tenth.
      if (chunks > 5 && chunks % 10 !== 0) continue;
      await tick();
      gc();
      const alive = watch.alive.filter((ref) => ref.deref() !== undefined).length;
      maxAlive = Math.max(maxAlive, alive);
    }
    assert.equal(chunks, CLAIMS / pageSize);
    assert.equal(watch.documents, CLAIMS);
    assert.ok(maxAlive <= pageSize, `at most one page of claims alive at once (most seen: ${maxAlive} of ${CLAIMS} fetched)`);
    console.log(`      generator: ${chunks} pages of ${pageSize}; most claims alive at once: ${maxAlive}`);
  });

  it('an organisation without claims gets the header line only', async () => {
    const response = await fetch(linkFor('00000000-0000-4000-8000-000000000000'));
    assert.equal(response.status, 200);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    assert.equal(text, `${CSV_BOM}${CSV_COLUMNS.map((c) => c.header).join(',')}\r\n`);
  });

  it('a store failing before the first page gets 503; failing mid-file cuts the download (never a file that looks complete)', async () => {
    watch.failOnPage = 1;
    const early = await fetch(linkFor(TENANT));
    assert.equal(early.status, 503);
    assert.equal(early.headers.get('retry-after'), '30');
    assert.match(await early.text(), /failed/);

    watch = newWatch();
    watch.failOnPage = 3;
    const late = await fetch(linkFor(TENANT));
    assert.equal(late.status, 200);
    await assert.rejects(late.text(), 'the body ends in an error, not a clean end');
    const failures = world.logs().filter((l) => l.msg === 'claims export failed');
    assert.equal(failures.length, 2);
    assert.equal(failures[1].rows, 2 * PAGE_SIZE);
  });

  describe('backpressure', () => {
    // Loopback sockets buffer about 4 MB: this organisation's export (2,000 claims with 8 KB comments, ~17 MB) is
    // much larger, so a client that does not read makes the server's writes return false and wait for 'drain'.
    const BULKY_TENANT = 'b0b0b0b0-2222-4333-8444-555566667777';
    const BULKY_CLAIMS = 2000;
    const totalPages = BULKY_CLAIMS / PAGE_SIZE;

    before(async () => {
      await createAll(container, function* () {
        for (let i = 0; i < BULKY_CLAIMS; i++) {
          yield { ...makeClaim(i, BULKY_TENANT), comments: `Long note ${i}. `.repeat(600).slice(0, 8000) };
        }
      });
    });

    /** GETs the bulky export with node:http and stops reading after the first chunk; resolves once the server waits. */
    async function stalledDownload(): Promise<{ response: http.IncomingMessage; firstChunk: Buffer; waitingAt: number }> {
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(linkFor(BULKY_TENANT), resolve).on('error', reject);
      });
      assert.equal(response.statusCode, 200);
      const firstChunk = await new Promise<Buffer>((resolve) => {
        response.once('data', (chunk: Buffer) => {
          response.pause();
          resolve(chunk);
        });
      });
      // The server has stopped when no page came for a whole second (a page of this size takes well under that).
      let quietSince = performance.now();
      for (let seen = watch.pages; performance.now() - quietSince < 1000;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (watch.pages !== seen) {
          seen = watch.pages;
          quietSince = performance.now();
        }
      }
      const waitingAt = watch.pages;
      assert.ok(waitingAt >= 2, `the server went on past the first page while the socket took it (${waitingAt})`);
      assert.ok(waitingAt < totalPages / 2, `the server stopped at page ${waitingAt} of ${totalPages} while the client was not reading`);
      return { response, firstChunk, waitingAt };
    }

    it('a client that stops reading stops the queries, and gets the rest when it reads again', async () => {
      const { response, firstChunk, waitingAt } = await stalledDownload();
      console.log(
        `      backpressure: the server waited after ${waitingAt} of ${totalPages} pages (~${(waitingAt * 0.85).toFixed(1)} MB) while the client did not read`,
      );
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      const parser = new CsvParser();
      let rows = 0;
      const feed = (chunk: Buffer) => (rows += parser.push(decoder.decode(chunk, { stream: true })).length);
      const text = decoder.decode(firstChunk, { stream: true });
      assert.equal(text[0], CSV_BOM);
      rows += parser.push(text.slice(1)).length;
      response.on('data', feed);
      response.resume();
      await new Promise((resolve) => response.once('end', resolve));
      rows += parser.push(decoder.decode()).length;
      parser.end();
      assert.equal(rows, 1 + BULKY_CLAIMS);
      assert.equal(watch.pages, totalPages);
    });

    it('a client that goes away ends the export there', async () => {
      const { response, waitingAt } = await stalledDownload();
      response.destroy();
      const isAbandoned = (l: { msg?: unknown; partnerTenantId?: unknown }) =>
        l.msg === 'claims export abandoned by the client' && l.partnerTenantId === BULKY_TENANT;
      await until(() => world.logs().some(isAbandoned), 'the server to see the client leave');
      assert.ok(watch.pages <= waitingAt + 1, `no further pages after the client left (${watch.pages})`);
      const abandoned = world.logs().filter(isAbandoned);
      assert.equal(abandoned.length, 1);
    });
  });

  it('a tampered, foreign or malformed token gets 404 and an expired one 410, and neither queries anything', async () => {
    const link = linkFor(TENANT);
    const token = link.slice(link.lastIndexOf('/') + 1);
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const otherSigner = new LinkSigner(randomBytes(32));
    const expires = new Date(Date.parse(EXPORT_NOW) + 15 * 60_000);
    const cases: [string, string][] = [
      ['a changed subject', flip(token, 2)],
      ['a changed MAC', flip(token, token.length - 3)],
      ['the subject swapped for another organisation', `${Buffer.from(OTHER_TENANT).toString('base64url')}${token.slice(token.indexOf('.'))}`],
      ['another secret', otherSigner.seal('export', TENANT, expires)],
      ['another purpose (opt-out)', signer.seal('optout', TENANT, expires)],
      ['a file-link token', signer.sign('export', TENANT, expires)],
      ['garbage', 'not-a-token'],
    ];
    for (const [what, bad] of cases) {
      const response = await fetch(`${app.url}/export/${bad}`);
      assert.equal(response.status, 404, what);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/, what);
      assert.match(await response.text(), /not valid/, what);
    }
    const empty = await fetch(`${app.url}/export/`);
    assert.equal(empty.status, 404);
    await empty.text();
    assert.equal(watch.pages, 0, 'no invalid link queried anything');

    const past = await fetch(`${app.url}/export/${signer.seal('export', TENANT, new Date(Date.parse(EXPORT_NOW) - 1000))}`);
    assert.equal(past.status, 410);
    assert.match(await past.text(), /expired/);
    assert.equal(watch.pages, 0, 'an expired link queries nothing');

    // A link made now works for 15 minutes, not one second more.
    const issued = new Date(EXPORT_NOW);
    const fresh = linkFor(TENANT, issued);
    clock = () => new Date(issued.getTime() + 14 * 60_000);
    const stillGood = await fetch(fresh);
    assert.equal(stillGood.status, 200);
    await stillGood.body?.cancel();
    clock = () => new Date(issued.getTime() + 15 * 60_000 + 1000);
    const late = await fetch(fresh);
    assert.equal(late.status, 410);
    assert.match(await late.text(), /expired/);
  });

  it('exportLink: a URL under the public base, path /export/<sealed token> naming the organisation for 15 minutes', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    const link = exportLink('https://bot.example/', signer, TENANT, now);
    const match = /^https:\/\/bot\.example\/export\/([A-Za-z0-9._-]+)$/.exec(link);
    assert.ok(match, link);
    const opened = signer.open('export', match[1], now);
    assert.deepEqual(opened, { subject: TENANT, expires: new Date(now.getTime() + 15 * 60_000) });
  });
});
