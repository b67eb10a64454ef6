// The embedded store's equality index (services/localStore/fieldIndex.ts) through the real SDK: a query across
// partitions returns exactly what the engine returns evaluating every document, for random documents and random
// values (fast-check), while reading only the documents holding the value.
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { CosmosClient, type Container } from '@azure/cosmos';
import { CONTAINER_DEFINITIONS } from '../../services/cosmosStore';
import { openLocalServer, type LocalServer } from '../../services/localStore/server';
import { queryStats } from '../../services/localStore/engine';
import { tempDir } from '../helpers/testApp';

const TENANTS = ['t1', 't2', 't3', 'T1', ''];
const STATUSES = ['Submitted', 'Approved', 'Official'];
// A field may be a string, another type, null or absent: only strings are indexed, and only strings match.
const valueOf = (pool: string[]) => fc.oneof(fc.constantFrom(...pool), fc.constant(null), fc.constant(undefined), fc.integer({ min: 0, max: 2 }));

describe('local store equality index (through the SDK)', function () {
  this.timeout(120_000);
  // In this thread, so the engine's counts can be read.
  let server: LocalServer;
  let client: CosmosClient;
  let container: Container;
  before(async () => {
    server = await openLocalServer(path.join(tempDir(), 'cosmos'));
    client = new CosmosClient({ endpoint: server.endpoint, key: server.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const { database } = await client.databases.createIfNotExists({ id: 'cpor' });
    ({ container } = await database.containers.createIfNotExists(CONTAINER_DEFINITIONS.associations));
  });
  after(async () => {
    client.dispose();
    await server.close();
  });

  const ids = async (query: string, parameters: { name: string; value: string }[]) =>
    (await container.items.query<{ id: string }>({ query, parameters }).fetchAll()).resources.map((r) => r.id).sort();

  it('the same results as every document evaluated, through creates, replaces and deletes', async () => {
    const doc = fc.record({ customerTenantId: valueOf(TENANTS), status: valueOf(STATUSES), partner: fc.constantFrom('p1', 'p2') });
    const step = fc.record({ op: fc.constantFrom('upsert', 'upsert', 'delete'), id: fc.nat(11), doc });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(...TENANTS),
        fc.constantFrom(...STATUSES),
        async (steps, tenant, status) => {
          for (const { resources } of [await container.items.readAll<{ id: string; partnerTenantId: string }>().fetchAll()]) {
            for (const r of resources) await container.item(r.id, r.partnerTenantId).delete();
          }
          const partnerOf = new Map<string, string>();
          for (const { op, id, doc: d } of steps) {
            const key = `d${id}`;
            const known = partnerOf.get(key);
            if (op === 'delete') {
              if (known) await container.item(key, known).delete();
              partnerOf.delete(key);
              continue;
            }
            const partnerTenantId = known ?? d.partner;
            partnerOf.set(key, partnerTenantId);
            await container.items.upsert({ id: key, partnerTenantId, type: 'claim', customerTenantId: d.customerTenantId, status: d.status });
          }
          // A name given twice is bound as the engine binds it (the last one wins): narrowing must agree.
          const parameters = [
            { name: '@tenant', value: 'nobody' },
            { name: '@tenant', value: tenant },
            { name: '@status', value: status },
          ];
          for (const where of [
            'c.customerTenantId = @tenant',
            "c.type = 'claim' AND c.status = @status AND c.customerTenantId = @tenant",
            `c.status = '${status}'`,
          ]) {
            const indexed = await ids(`SELECT * FROM c WHERE ${where}`, parameters);
            // OR false: the same condition, which the index does not narrow (every document evaluated).
            const everything = await ids(`SELECT * FROM c WHERE (${where}) OR false`, parameters);
            assert.deepEqual(indexed, everything, where);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads only the documents holding the value: a claim among 500 of other customers is found reading one', async () => {
    for (let i = 0; i < 500; i++)
      await container.items.upsert({ id: `bulk-${i}`, partnerTenantId: `p${i % 7}`, type: 'claim', customerTenantId: `customer-${i}`, status: 'Submitted' });
    const before = { ...queryStats };
    const found = await ids("SELECT * FROM c WHERE c.type = 'claim' AND c.customerTenantId = @tenant", [{ name: '@tenant', value: 'customer-42' }]);
    assert.deepEqual(found, ['bulk-42']);
    assert.equal(queryStats.documentsRead - before.documentsRead, 1, 'one document read');
    const scanned = { ...queryStats };
    await ids("SELECT * FROM c WHERE (c.type = 'claim' AND c.customerTenantId = @tenant) OR false", [{ name: '@tenant', value: 'customer-42' }]);
    assert.ok(queryStats.documentsRead - scanned.documentsRead >= 500, 'without an indexed term, every document');
  });
});
