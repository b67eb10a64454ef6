// The full-disk scenario of localStoreDiskFull.test.ts: a write the journal cannot take fails whole (the SDK gets an
// error, memory stays as it was), the partial line is cut before the next append, /readyz says 503 until the disk
// has room again, and after a restart every acknowledged write is there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openCosmosStore } from '../../services/cosmosStore';
import { loadConfig } from '../../services/config';
import { startTestApp, testConfig } from './testApp';

export interface Disk {
  fill(): void;
  free(): void;
}

const codeOf = (err: unknown) => (err as { code?: number }).code;

function journalLines(dataDir: string): string[] {
  const text = fs.readFileSync(path.join(dataDir, 'cosmos', 'journal.jsonl'), 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'the journal ends with a complete line');
  const lines = text.split('\n').filter(Boolean);
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `a whole line: ${line.slice(0, 80)}…`);
  return lines;
}

export async function diskFullScenario(dataDir: string, disk: Disk): Promise<void> {
  const app = await startTestApp(testConfig({ DATA_DIR: dataDir }));
  let closed = false;
  try {
    const { conversations } = app.store.containers;
    await conversations.items.create({ id: 'keep', v: 1 });
    const big = 'x'.repeat(8000);

    disk.fill();
    await assert.rejects(conversations.item('keep', 'keep').replace({ id: 'keep', v: 2, big }), (err) => codeOf(err) === 503);
    const { resource: kept } = await conversations.item('keep', 'keep').read();
    assert.equal(kept?.v, 1, 'the failed replace left the document as it was (not deleted, not replaced)');
    await assert.rejects(conversations.items.create({ id: 'lost', big }), (err) => codeOf(err) === 503);
    assert.equal((await conversations.item('lost', 'lost').read()).statusCode, 404, 'the failed create is not visible');
    journalLines(dataDir);

    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'not ready', reasons: ['data folder: not writable (disk full or read-only)'] });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200, 'alive all the same');

    disk.free();
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200, 'ready again once the disk has room');
    await conversations.items.create({ id: 'after', v: 1 });
    await app.close();
    closed = true;

    const lines = journalLines(dataDir);
    assert.ok(
      lines.some((l) => JSON.parse(l).entry.id === 'after'),
      'the next write is a line of its own',
    );
    const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
    try {
      const read = async (id: string) => (await store.containers.conversations.item(id, id).read()).resource;
      assert.equal((await read('keep'))?.v, 1);
      assert.equal((await read('after'))?.v, 1, 'the write after the failure survived the restart');
      assert.equal(await read('lost'), undefined);
    } finally {
      await store.close();
    }
  } finally {
    if (!closed) await app.close();
  }
}
