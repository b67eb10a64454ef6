// The local store's journal proves itself at start (issue 19): a torn last line is cut and the store starts;
// damage anywhere before the end stops the start with the file and line named and the journal untouched; with
// recovery the damaged journal is kept aside, the store starts from the last good line, and every document whose
// latest state is not restored is named: no loss goes unsaid.
import assert from 'node:assert/strict';
import { until } from '../helpers/until';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openCosmosStore, type CosmosStore } from '../../services/cosmosStore';
import { loadConfig } from '../../services/config';
import { tempDir } from '../helpers/testApp';

const entry = path.resolve(__dirname, '..', '..', 'index.js');
const IDS = ['a', 'b', 'c', 'd'];

const open = (dataDir: string, env: Record<string, string> = {}) => openCosmosStore(loadConfig({ DATA_DIR: dataDir, ...env }).cosmos, dataDir);
const journalOf = (dataDir: string) => path.join(dataDir, 'cosmos', 'journal.jsonl');

/** A data folder whose journal holds IDS written in order (one line each), then b written again. */
async function writtenStore(): Promise<string> {
  const dataDir = tempDir();
  const store = await open(dataDir);
  try {
    for (const id of IDS) await store.containers.conversations.items.create({ id, v: 1 });
    await store.containers.conversations.items.upsert({ id: 'b', v: 2 });
  } finally {
    await store.close();
  }
  return dataDir;
}

/** Rewrites the journal's lines with `change`; returns the journal's bytes after. */
function damage(dataDir: string, change: (lines: string[]) => void): Buffer {
  const lines = fs.readFileSync(journalOf(dataDir), 'utf8').split('\n');
  change(lines);
  fs.writeFileSync(journalOf(dataDir), lines.join('\n'));
  return fs.readFileSync(journalOf(dataDir));
}

async function stored(store: CosmosStore): Promise<Record<string, number>> {
  const { resources } = await store.containers.conversations.items.query<{ id: string; v: number }>('SELECT c.id, c.v FROM c').fetchAll();
  return Object.fromEntries(resources.map((r) => [r.id, r.v]));
}

/** Each damage, done to line 2 (index 1). */
const DAMAGES: [string, (lines: string[]) => void][] = [
  ['an unparsable line', (lines) => (lines[1] = lines[1].slice(0, 40))],
  ['a NUL block', (lines) => (lines[1] = '\0'.repeat(lines[1].length))],
  ['a line of the wrong shape', (lines) => (lines[1] = '{"op":"set"}')],
  ['a changed byte (bad checksum)', (lines) => (lines[1] = lines[1].replace('"v":1', '"v":9'))],
  ['a removed line (sequence gap)', (lines) => lines.splice(1, 1)],
];

describe('local journal: damage before the end stops the start', function () {
  this.timeout(30_000);

  for (const [label, change] of DAMAGES) {
    it(`${label} on line 2: no start, one message naming the file and the line, the journal's bytes unchanged`, async () => {
      const dataDir = await writtenStore();
      const before = damage(dataDir, change);
      await assert.rejects(open(dataDir), (err: Error) => {
        assert.ok(err.message.includes(journalOf(dataDir)), err.message);
        assert.match(err.message, /damaged at line 2 .*--recover/);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
      assert.deepEqual(fs.readFileSync(journalOf(dataDir)), before, 'the journal is as it was');
      assert.deepEqual(
        fs.readdirSync(path.dirname(journalOf(dataDir))).filter((f) => f.startsWith('journal')),
        ['journal.jsonl'],
      );
    });
  }

  it('with recovery: the damaged journal is kept aside, the store starts from line 1, and the documents not restored are named', async () => {
    const dataDir = await writtenStore();
    const before = damage(dataDir, (lines) => (lines[1] = lines[1].replace('"v":1', '"v":9')));
    const store = await open(dataDir, { LOCAL_STORE_RECOVER: 'true' });
    try {
      const recovered = store.journal?.recovered;
      assert.ok(recovered, 'recovery reported');
      assert.equal(recovered.line, 2);
      assert.deepEqual(fs.readFileSync(recovered.keptAs), before, 'the damaged journal is kept, byte for byte');
      const restored = await stored(store);
      // 0 silent losses: every document written is restored as last written, or named as lost.
      const lastWritten: Record<string, number> = { a: 1, b: 2, c: 1, d: 1 };
      for (const id of IDS) {
        assert.ok(restored[id] === lastWritten[id] || recovered.lost.includes(`conversations/${id}`), `${id}: restored as written, or named`);
      }
      assert.deepEqual(recovered.lost.sort(), ['conversations/b', 'conversations/c', 'conversations/d']);
      assert.deepEqual(restored, { a: 1 });
      await store.containers.conversations.items.create({ id: 'e', v: 1 });
    } finally {
      await store.close();
    }
    // The recovered journal verifies: a plain start reads it, with what was written after the recovery.
    const again = await open(dataDir);
    try {
      assert.deepEqual(await stored(again), { a: 1, e: 1 });
    } finally {
      await again.close();
    }
  });
});

describe('local journal: a torn last line', function () {
  this.timeout(30_000);

  it('is cut (a write a crash cut short was never acknowledged), reported, and the store starts with everything else', async () => {
    const dataDir = await writtenStore();
    const whole = fs.readFileSync(journalOf(dataDir));
    const torn = '{"seq":6,"crc":"0badf00d","entry":{"op":"set","db":"cp';
    fs.appendFileSync(journalOf(dataDir), torn);
    const store = await open(dataDir);
    try {
      assert.equal(store.journal?.tornBytes, torn.length);
      assert.deepEqual(await stored(store), { a: 1, b: 2, c: 1, d: 1 });
    } finally {
      await store.close();
    }
    assert.doesNotMatch(fs.readFileSync(journalOf(dataDir), 'utf8'), /0badf00d/, 'the torn line is gone');
    assert.ok(fs.readFileSync(journalOf(dataDir)).length <= whole.length);
  });

  it('a journal in the old format (before line numbers and checksums) is read once and rewritten in the new one', async () => {
    const dataDir = await writtenStore();
    const old = fs
      .readFileSync(journalOf(dataDir), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.stringify((JSON.parse(line) as { entry: unknown }).entry));
    fs.writeFileSync(journalOf(dataDir), old.join('\n') + '\n');
    const store = await open(dataDir);
    try {
      assert.equal(store.journal?.migrated, true);
      assert.deepEqual(await stored(store), { a: 1, b: 2, c: 1, d: 1 });
    } finally {
      await store.close();
    }
    assert.match(fs.readFileSync(journalOf(dataDir), 'utf8'), /^\{"seq":1,"crc":"[0-9a-f]{8}","entry":/);
  });
});

describe('local journal: the operator’s view (npm start)', function () {
  this.timeout(60_000);

  const run = (dataDir: string, args: string[] = []) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', entry, ...args], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      cwd: dataDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = { out: '', err: '' };
    child.stdout.on('data', (c) => (result.out += c));
    child.stderr.on('data', (c) => (result.err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, result, exited };
  };

  it('refuses with one line saying how to recover; `--recover` starts and logs each document it could not restore, and the unreadable line', async () => {
    const dataDir = await writtenStore();
    damage(dataDir, (lines) => (lines[2] = '{"op":"set"}'));
    const refused = run(dataDir);
    assert.equal(await refused.exited, 1);
    const lines = refused.result.err.trim().split('\n');
    assert.equal(lines.length, 1, refused.result.err);
    assert.match(lines[0], /could not start: the local store's journal .*journal\.jsonl is damaged at line 3 \(not a journal entry\).*npm start -- --recover/);

    const recovering = run(dataDir, ['--recover']);
    try {
      // The log line "listening" comes after the recovery's lines (the banner may come before them).
      await until(
        () => /"msg":"listening"/.test(recovering.result.out) || recovering.child.exitCode !== null,
        () => `the bot to listen or exit: ${recovering.result.err}`,
        30_000,
      );
      assert.match(recovering.result.out, /"msg":"listening"/, recovering.result.err);
      const logged = recovering.result.out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; document?: string; unreadableLines?: number });
      // Line 3 (c's) names no document any more: it is counted; the later lines' documents are named.
      const notRestored = logged.filter((l) => l.document).map((l) => l.document);
      assert.deepEqual(notRestored.sort(), ['conversations/b', 'conversations/d']);
      assert.equal(logged.find((l) => /recovered/.test(l.msg))?.unreadableLines, 1);
    } finally {
      recovering.child.kill('SIGTERM');
      assert.equal(await recovering.exited, 0);
    }
  });
});
