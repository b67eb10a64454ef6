// The local default keeps its data across restarts: write, stop, start on the same data folder, read back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openCosmosStore } from '../../services/cosmosStore';
import { CosmosBotStorage } from '../../services/botStateStorage';
import { loadConfig } from '../../services/config';
import { tempDir } from '../helpers/testApp';

describe('local Cosmos persistence across restarts', () => {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir }).cosmos;

  it('reads back created, replaced, patched and deleted documents after a restart', async () => {
    let store = await openCosmosStore(config, dataDir);
    const { conversations } = store.containers;
    await conversations.items.create({ id: 'kept', v: 1 });
    await conversations.item('kept', 'kept').replace({ id: 'kept', v: 2 });
    await conversations.item('kept', 'kept').patch([{ op: 'set', path: '/patched', value: true }]);
    await conversations.items.upsert({ id: 'gone', v: 1 });
    await conversations.item('gone', 'gone').delete();
    await store.containers.associations.items.create({ id: 'claim-1', partnerTenantId: 'tenant-a', name: 'Contoso Teams' });
    await store.close();

    store = await openCosmosStore(config, dataDir);
    try {
      assert.equal(store.restored, 2);
      const { resource: kept } = await store.containers.conversations.item('kept', 'kept').read();
      assert.equal(kept.v, 2);
      assert.equal(kept.patched, true);
      const { resource: gone } = await store.containers.conversations.item('gone', 'gone').read();
      assert.equal(gone, undefined);
      const { resource: claim } = await store.containers.associations.item('claim-1', 'tenant-a').read();
      assert.equal(claim.name, 'Contoso Teams');
      // Restored documents work with optimistic concurrency like any other.
      await assert.rejects(
        store.containers.associations.item('claim-1', 'tenant-a').replace(claim, { accessCondition: { type: 'IfMatch', condition: '"stale"' } }),
        (err: { code?: number }) => err.code === 412,
      );
    } finally {
      await store.close();
    }
  });

  it('compacts the journal at start to one line per live document', async () => {
    const journal = path.join(dataDir, 'cosmos', 'journal.jsonl');
    const store = await openCosmosStore(config, dataDir);
    await store.close();
    const lines = fs.readFileSync(journal, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
  });

  it('keeps bot state (dialog stacks) across restarts, with eTag concurrency', async () => {
    const dir = tempDir();
    const cfg = loadConfig({ DATA_DIR: dir }).cosmos;
    let store = await openCosmosStore(cfg, dir);
    let storage = new CosmosBotStorage(store.containers.botState);
    const key = 'msteams/conversations/a:personal-29:alice/';
    const state = { dialogStack: ['newClaim'], eTag: '*' };
    await storage.write({ [key]: state });
    await storage.write({ [key]: { ...state, step: 2 } });
    await store.close();

    store = await openCosmosStore(cfg, dir);
    try {
      storage = new CosmosBotStorage(store.containers.botState);
      const read = await storage.read([key]);
      assert.deepEqual(read[key].dialogStack, ['newClaim']);
      assert.equal(read[key].step, 2);
      const stale = { ...read[key] };
      await storage.write({ [key]: read[key] });
      await assert.rejects(storage.write({ [key]: stale }), /changed by another turn/);
      await storage.delete([key]);
      assert.deepEqual(await storage.read([key]), {});
    } finally {
      await store.close();
    }
  });
});
