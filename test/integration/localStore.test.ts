// The embedded Cosmos server as the local store serves it: signed requests only, TTL as on Azure, queries that
// read only the partition they name, a journal compacted while running, and two instances creating the same
// database and containers at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { FakeClock } from '../../services/clock';
import { CONTAINER_DEFINITIONS, openCosmosStore } from '../../services/cosmosStore';
import { loadConfig } from '../../services/config';
import { startLocalCosmos, type LocalCosmos } from '../../services/localCosmos';
import { openLocalServer } from '../../services/localStore/server';
import { queryStats } from '../../services/localStore/engine';
import { masterKeySignature } from '../../services/localStore/masterKeyAuth';
import { toCosmosId } from '../../services/botStateStorage';
import { tempDir } from '../helpers/testApp';

const localClient = (local: LocalCosmos) =>
  new CosmosClient({ endpoint: local.endpoint, key: local.key, connectionPolicy: { enableEndpointDiscovery: false } });

describe('local store: only requests signed with the account key', () => {
  let local: LocalCosmos;
  let client: CosmosClient;
  const dataDir = tempDir();
  before(async () => {
    local = await startLocalCosmos({ dataDir });
    client = localClient(local);
    const { database } = await client.databases.createIfNotExists({ id: 'cpor' });
    const { container } = await database.containers.createIfNotExists({ id: 'associations', partitionKey: { paths: ['/partnerTenantId'] } });
    await container.items.create({ id: 'claim-1', partnerTenantId: 'tenant-a', customer: 'contoso.com' });
  });
  after(async () => {
    client.dispose();
    await local.close();
  });

  it("keeps its key (new at each start) where only the bot's user can read it", () => {
    const keyFile = path.join(dataDir, 'cosmos', 'key');
    assert.equal(fs.readFileSync(keyFile, 'utf8').trim(), local.key);
    assert.equal(fs.statSync(keyFile).mode & 0o077, 0, 'no access for group or others');
  });

  it('answers a plain GET (no key) with 401 and lists nothing', async () => {
    for (const url of [`${local.endpoint}/`, `${local.endpoint}/dbs`, `${local.endpoint}/dbs/cpor/colls/associations/docs`]) {
      const res = await fetch(url);
      assert.equal(res.status, 401, url);
      assert.doesNotMatch(await res.text(), /contoso/);
    }
  });

  it("keeps an idle client's connection for longer than Node's default keep-alive (5 s, closed within 7)", async function () {
    this.timeout(15_000);
    const agent = new http.Agent({ keepAlive: true });
    const get = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = http.get(`${local.endpoint}/`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
      });
    try {
      assert.equal(await get(), false);
      await new Promise((resolve) => setTimeout(resolve, 7_500));
      assert.equal(await get(), true, 'the connection of the first request served the second');
    } finally {
      agent.destroy();
    }
  });

  it('refuses a signature made with another key, or made for another resource', async () => {
    const date = new Date().toUTCString();
    const sign = (key: string, type: string, link: string) => encodeURIComponent(`type=master&ver=1.0&sig=${masterKeySignature(key, 'GET', type, link, date)}`);
    const otherKey = Buffer.from('not the account key, not at all, really').toString('base64');
    const docsUrl = `${local.endpoint}/dbs/cpor/colls/associations/docs`;
    const wrongKey = await fetch(docsUrl, { headers: { authorization: sign(otherKey, 'docs', 'dbs/cpor/colls/associations'), 'x-ms-date': date } });
    assert.equal(wrongKey.status, 401);
    const otherResource = await fetch(docsUrl, { headers: { authorization: sign(local.key, 'dbs', ''), 'x-ms-date': date } });
    assert.equal(otherResource.status, 401);
    const right = await fetch(docsUrl, { headers: { authorization: sign(local.key, 'docs', 'dbs/cpor/colls/associations'), 'x-ms-date': date } });
    assert.equal(right.status, 200, 'the same request signed with the key is served');
    assert.match(await right.text(), /contoso/);
  });

  it('refuses a correctly signed request whose x-ms-date is more than 15 minutes off (as Azure does) with 403', async () => {
    const docsUrl = `${local.endpoint}/dbs/cpor/colls/associations/docs`;
    const signedAt = (date: string) => ({
      authorization: encodeURIComponent(`type=master&ver=1.0&sig=${masterKeySignature(local.key, 'GET', 'docs', 'dbs/cpor/colls/associations', date)}`),
      'x-ms-date': date,
    });
    for (const date of ['Sat, 01 Jan 2000 00:00:00 GMT', new Date(Date.now() - 16 * 60_000).toUTCString(), new Date(Date.now() + 16 * 60_000).toUTCString()]) {
      const res = await fetch(docsUrl, { headers: signedAt(date) });
      assert.equal(res.status, 403, date);
      assert.doesNotMatch(await res.text(), /contoso/);
    }
    const skewedALittle = await fetch(docsUrl, { headers: signedAt(new Date(Date.now() - 14 * 60_000).toUTCString()) });
    assert.equal(skewedALittle.status, 200, 'within 15 minutes: served');
  });

  it('serves the SDK, which signs with the key: read, query, write', async () => {
    const container = client.database('cpor').container('associations');
    const { resource } = await container.item('claim-1', 'tenant-a').read();
    assert.equal(resource.customer, 'contoso.com');
    const { resources } = await container.items.query('SELECT c.id FROM c WHERE c.partnerTenantId = "tenant-a"').fetchAll();
    assert.deepEqual(resources, [{ id: 'claim-1' }]);
    await container.items.upsert({ id: 'claim 2 (é)', partnerTenantId: 'tenant-a' });
    assert.equal((await container.item('claim 2 (é)', 'tenant-a').read()).statusCode, 200, 'ids that need URL encoding are signed alike');
  });
});

describe('local store: queries read only the partition they name', () => {
  it('a query with a partition key returns that partition only, as Cosmos does (the filter need not repeat it)', async () => {
    const dir = tempDir();
    const store = await openCosmosStore(loadConfig({ DATA_DIR: dir }).cosmos, dir);
    try {
      const { associations } = store.containers;
      for (const [id, tenant] of [
        ['a1', 'tenant-a'],
        ['a2', 'tenant-a'],
        ['b1', 'tenant-b'],
      ])
        await associations.items.create({ id, partnerTenantId: tenant, type: 'claim' });
      const ids = async (partitionKey?: string) =>
        (
          await associations.items.query("SELECT c.id FROM c WHERE c.type = 'claim' ORDER BY c.id", partitionKey ? { partitionKey } : {}).fetchAll()
        ).resources.map((r) => r.id);
      assert.deepEqual(await ids('tenant-b'), ['b1']);
      assert.deepEqual(await ids('tenant-a'), ['a1', 'a2']);
      assert.deepEqual(await ids(), ['a1', 'a2', 'b1'], 'without a partition key the query spans every partition');
      await associations.item('a2', 'tenant-a').delete();
      await associations.items.upsert({ id: 'a3', partnerTenantId: 'tenant-a', type: 'claim' });
      assert.deepEqual(await ids('tenant-a'), ['a1', 'a3'], 'the partition index follows deletes and writes');
    } finally {
      await store.close();
    }
  });

  it("each query page evaluates its partition once (the SDK's query-plan request evaluates nothing)", async () => {
    // The server itself, in this thread (the bot runs it in a thread of its own), so its engine can be watched.
    const server = await openLocalServer(path.join(tempDir(), 'cosmos'));
    const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const Documents = require('@vercel/cosmosdb-server/lib/account/documents').default; // eslint-disable-line @typescript-eslint/no-require-imports
    const query = Documents.prototype.query;
    const evaluated: number[] = [];
    Documents.prototype.query = function (this: { _data: Map<string, unknown> }, ...args: unknown[]) {
      evaluated.push(this._data.size);
      return query.apply(this, args);
    };
    try {
      const { database } = await client.databases.createIfNotExists({ id: 'cpor' });
      const { container: associations } = await database.containers.createIfNotExists(CONTAINER_DEFINITIONS.associations);
      for (let i = 0; i < 30; i++) await associations.items.create({ id: `c${i}`, partnerTenantId: i < 3 ? 'small' : 'big', type: 'claim' });
      const { resources } = await associations.items
        .query("SELECT * FROM c WHERE c.type = 'claim' ORDER BY c.id DESC", { partitionKey: 'small', maxItemCount: 2 })
        .fetchNext();
      assert.deepEqual(
        resources.map((r) => r.id),
        ['c2', 'c1'],
      );
      assert.deepEqual(evaluated, [3], 'one evaluation, over the 3 documents of the partition named');
    } finally {
      Documents.prototype.query = query;
      client.dispose();
      await server.close();
    }
  });
});

describe("local store: the SDK's query-plan requests are answered in the bot's thread", () => {
  it('answers a plan request without sending it, and cross-partition queries still run', async () => {
    const local = await startLocalCosmos({ dataDir: tempDir() });
    const client = new CosmosClient({
      endpoint: local.endpoint,
      key: local.key,
      httpClient: local.httpClient,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    try {
      // Nothing listens on port 1: only an answer given without the network comes back.
      const plan = await local.httpClient.sendRequest(
        createPipelineRequest({
          url: 'http://127.0.0.1:1/dbs/cpor/colls/associations/docs',
          method: 'POST',
          headers: createHttpHeaders({ 'x-ms-cosmos-is-query-plan-request': 'True' }),
          body: '{"query":"SELECT * FROM c"}',
        }),
      );
      assert.equal(plan.status, 400);
      assert.match(JSON.parse(plan.bodyAsText ?? '{}').message, /query plans/);
      const { database } = await client.databases.createIfNotExists({ id: 'cpor' });
      const { container } = await database.containers.createIfNotExists(CONTAINER_DEFINITIONS.associations);
      for (const partnerTenantId of ['a', 'b', 'c']) await container.items.create({ id: `claim-${partnerTenantId}`, partnerTenantId, type: 'claim' });
      const { resources } = await container.items.query<{ id: string }>("SELECT c.id FROM c WHERE c.type = 'claim'").fetchAll();
      assert.deepEqual(resources.map((r) => r.id).sort(), ['claim-a', 'claim-b', 'claim-c']);
    } finally {
      client.dispose();
      await local.close();
    }
  });
});

describe("local store: a query's later pages come from its cursor while nothing is written", () => {
  it('evaluates the partition once for all the pages (same pages as evaluated afresh); a write in between evaluates again', async () => {
    // In this thread, so the engine's counts can be read (the bot runs the server in a thread of its own).
    const server = await openLocalServer(path.join(tempDir(), 'cosmos'));
    const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
    try {
      const { database } = await client.databases.createIfNotExists({ id: 'cpor' });
      const { container } = await database.containers.createIfNotExists(CONTAINER_DEFINITIONS.associations);
      // Equal sort keys too: the continuation must still neither skip nor repeat a claim.
      for (let i = 0; i < 25; i++) await container.items.create({ id: `c${i}`, partnerTenantId: 'org', type: 'claim', createdAt: `2026-01-0${1 + (i % 4)}` });
      await container.items.create({ id: 'other', partnerTenantId: 'another-org', type: 'claim', createdAt: '2026-01-09' });
      const query = { query: "SELECT * FROM c WHERE c.type = 'claim' ORDER BY c.createdAt DESC", parameters: [] };
      const pages = async (between?: () => Promise<unknown>) => {
        const iterator = container.items.query(query, { partitionKey: 'org', maxItemCount: 10 });
        const ids: string[][] = [];
        while (iterator.hasMoreResults()) {
          ids.push((await iterator.fetchNext()).resources.map((r) => r.id));
          if (ids.length === 1) await between?.();
        }
        return ids;
      };
      const before = { ...queryStats };
      const cut = await pages();
      assert.deepEqual([queryStats.evaluations - before.evaluations, queryStats.fromCursor - before.fromCursor], [1, 2], 'one evaluation, two pages from it');
      assert.deepEqual(
        cut.map((p) => p.length),
        [10, 10, 5],
      );
      assert.equal(new Set(cut.flat()).size, 25, 'every claim once');
      const all = (await container.items.query(query, { partitionKey: 'org' }).fetchAll()).resources.map((r) => r.id);
      assert.deepEqual(cut.flat(), all, 'the same order as the whole result evaluated afresh');

      const afterWrite = { ...queryStats };
      const withWrite = await pages(() => container.items.upsert({ id: 'c0', partnerTenantId: 'org', type: 'claim', createdAt: '2026-01-01', v: 2 }));
      assert.deepEqual(
        [queryStats.evaluations - afterWrite.evaluations, queryStats.fromCursor - afterWrite.fromCursor],
        [2, 1],
        'a write after the first page: the second is evaluated again (and kept anew), the third comes from it',
      );
      assert.equal(new Set(withWrite.flat()).size, 25);
    } finally {
      client.dispose();
      await server.close();
    }
  });
});

describe('local store: time to live (as TTL on Azure)', () => {
  it('activity-dedupe records (ttl one day in botState, defaultTtl -1) expire after a day, also across a restart and in the journal', async () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir }).cosmos;
    const clock = new FakeClock(new Date());
    let store = await openCosmosStore(config, dir, { clock });
    const dedupeId = toCosmosId('seen:a:personal-29:alice:activity-1');
    try {
      const { botState, conversations } = store.containers;
      // The record ActivityDedupe writes.
      await botState.items.create({ id: dedupeId, ttl: 24 * 3600, at: clock.now().toISOString() });
      await botState.items.create({ id: 'dialog-state', v: 1 });
      await botState.items.create({ id: 'short', ttl: 60 });
      await botState.items.create({ id: 'never', ttl: -1 });
      // A container without defaultTtl has TTL off: an item's ttl means nothing there, as on Azure.
      await conversations.items.create({ id: 'ref', ttl: 1 });

      clock.advance(61_000);
      assert.equal((await botState.item('short', 'short').read()).statusCode, 404, 'expired after its own ttl');
      assert.equal((await botState.item(dedupeId, dedupeId).read()).statusCode, 200, 'not yet a day');

      clock.advance(24 * 3600_000);
      assert.equal((await botState.item(dedupeId, dedupeId).read()).statusCode, 404, 'expired after a day');
      const { resources } = await botState.items.query('SELECT VALUE c.id FROM c').fetchAll();
      assert.deepEqual(resources.sort(), ['dialog-state', 'never']);
      assert.equal((await conversations.item('ref', 'ref').read()).statusCode, 200);
      // Expired means gone: the same activity id can be recorded again (a create, not a conflict).
      await botState.items.create({ id: dedupeId, ttl: 24 * 3600, at: clock.now().toISOString() });
      await botState.item(dedupeId, dedupeId).delete();
      await store.close();

      store = await openCosmosStore(config, dir, { clock });
      const journal = fs.readFileSync(path.join(dir, 'cosmos', 'journal.jsonl'), 'utf8');
      assert.doesNotMatch(journal, /"short"/, 'expired documents are dropped from the journal when it is compacted');
      assert.match(journal, /"never"/);
      assert.equal((await store.containers.botState.item('never', 'never').read()).statusCode, 200);
    } finally {
      await store.close();
    }
  });

  it('a document journalled with a ttl that expired while the bot was stopped is not loaded at start', async () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir }).cosmos;
    const clock = new FakeClock(new Date());
    let store = await openCosmosStore(config, dir, { clock });
    await store.containers.botState.items.create({ id: 'seen', ttl: 3600 });
    await store.close();
    clock.advance(2 * 3600_000);
    store = await openCosmosStore(config, dir, { clock });
    try {
      assert.equal(store.restored, 0);
      assert.equal((await store.containers.botState.item('seen', 'seen').read()).statusCode, 404);
    } finally {
      await store.close();
    }
  });
});

describe('local store: journal compacted while running', () => {
  it('stays bounded under repeated replaces, atomically, and a restart reads the latest state', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'cosmos', 'journal.jsonl');
    let local = await startLocalCosmos({ dataDir: dir, compactAfterBytes: 8 * 1024 });
    let client = localClient(local);
    const { database } = await client.databases.createIfNotExists({ id: 'd' });
    const { container } = await database.containers.createIfNotExists({ id: 'c', partitionKey: { paths: ['/id'] } });
    await local.restore();
    let largest = 0;
    for (let v = 1; v <= 300; v++) {
      await container.items.upsert({ id: `doc-${v % 3}`, v, pad: 'p'.repeat(200) });
      largest = Math.max(largest, fs.statSync(journal).size);
    }
    // 300 writes of ~300 bytes (90 KB) with three live documents: compaction keeps it near the threshold.
    assert.ok(largest < 3 * 8 * 1024, `journal stayed small: ${largest} bytes`);
    assert.deepEqual(fs.readdirSync(path.dirname(journal)).sort(), ['journal.jsonl', 'key'], 'no temp file left behind');
    client.dispose();
    await local.close();

    local = await startLocalCosmos({ dataDir: dir });
    client = localClient(local);
    try {
      const db = (await client.databases.createIfNotExists({ id: 'd' })).database;
      const c = (await db.containers.createIfNotExists({ id: 'c', partitionKey: { paths: ['/id'] } })).container;
      const { resources } = await c.items.query('SELECT VALUE c.v FROM c').fetchAll();
      assert.deepEqual(
        resources.sort((a, b) => a - b),
        [298, 299, 300],
      );
    } finally {
      client.dispose();
      await local.close();
    }
  });
});

describe('two instances starting at once on a new account', () => {
  it('both open it: a 409 while creating the database or a container means it exists', async () => {
    const local = await startLocalCosmos({ dataDir: tempDir() });
    try {
      const config = { endpoint: local.endpoint, key: local.key, database: 'fresh', localPort: 0 };
      const stores = await Promise.all([1, 2, 3, 4].map(() => openCosmosStore(config, tempDir())));
      await stores[0].containers.associations.items.create({ id: 'x', partnerTenantId: 't' });
      assert.equal((await stores[3].containers.associations.item('x', 't').read()).statusCode, 200, 'one database, shared');
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await local.close();
    }
  });
});
