// The local store under real faults: a process killed (SIGKILL) between or in the middle of journal appends and
// while compacting, and a second process started on the same data folder.
import assert from 'node:assert/strict';
import { until } from '../helpers/until';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openCosmosStore } from '../../services/cosmosStore';
import { loadConfig } from '../../services/config';
import { CRASH_STEPS, stateAfter } from '../helpers/crashSteps';
import { tempDir } from '../helpers/testApp';

const crashChild = path.resolve(__dirname, '..', 'helpers', 'journalCrashChild.js');
const crashHooks = path.resolve(__dirname, '..', 'helpers', 'journalCrashHooks.js');
const entry = path.resolve(__dirname, '..', '..', 'index.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function spawnNode(script: string, env: Record<string, string>, cwd = tempDir(), preload: string[] = []) {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...preload, script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = { out: '', err: '' };
  child.stdout.on('data', (c) => (result.out += c));
  child.stderr.on('data', (c) => (result.err += c));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ...result })));
  return { child, exited, result };
}

async function storedState(dataDir: string): Promise<Map<string, number | undefined>> {
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
  try {
    const state = new Map<string, number | undefined>();
    for (const id of new Set(CRASH_STEPS.map((s) => s.id))) {
      const { resource } = await store.containers.conversations.item(id, id).read();
      if (resource) state.set(id, resource.v);
      else if ([...stateAfter(CRASH_STEPS.length).keys()].includes(id)) state.set(id, undefined);
    }
    return state;
  } finally {
    await store.close();
  }
}

/** The state after the acknowledged steps, or after the one in flight too: anything else lost or invented data. */
function assertNothingAcknowledgedLost(state: Map<string, number | undefined>, acked: number, label: string) {
  const expected = (n: number) => {
    const s = stateAfter(n);
    for (const id of new Set(CRASH_STEPS.map((x) => x.id))) if (!s.has(id)) s.set(id, undefined);
    return s;
  };
  const options = [expected(acked), expected(Math.min(acked + 1, CRASH_STEPS.length))];
  assert.ok(
    options.some((o) => [...o].every(([id, v]) => state.get(id) === v)),
    `${label}: after ${acked} acknowledged writes the store holds ${JSON.stringify([...state])}, expected ${options.map((o) => JSON.stringify([...o])).join(' or ')}`,
  );
}

/** The crash child, its fault injector preloaded (it reaches the local store's thread, where the journal is written). */
const crash = (env: Record<string, string>) => spawnNode(crashChild, env, tempDir(), ['-r', crashHooks]);

const ackedIn = (out: string) => out.split('\n').filter((l) => l.startsWith('ACK ')).length;

describe('local store: a process killed mid-write (SIGKILL)', function () {
  this.timeout(240_000);
  let appends = 0;

  before(async () => {
    const run = await crash({ DATA_DIR: tempDir() }).exited;
    assert.equal(run.code, 0, run.err);
    appends = run.out.split('\n').filter((l) => l === 'APPEND').length;
  });

  it('journals every document write (create, replace, upsert, patch, delete) as exactly one line', () => {
    assert.equal(appends, CRASH_STEPS.length);
  });

  it('keeps every acknowledged write when killed before any journal append', async () => {
    for (let k = 1; k <= appends; k++) {
      const dataDir = tempDir();
      const run = await crash({ DATA_DIR: dataDir, CRASH_AT: String(k) }).exited;
      assert.equal(run.signal, 'SIGKILL', `killed at append ${k}: ${run.err}`);
      assert.equal(ackedIn(run.out), k - 1, 'each append is one acknowledged write');
      assertNothingAcknowledgedLost(await storedState(dataDir), ackedIn(run.out), `killed before append ${k}`);
    }
  });

  it('keeps every acknowledged write when killed halfway through writing a line (torn line)', async () => {
    for (const k of [1, 2, 5, appends]) {
      const dataDir = tempDir();
      const run = await crash({ DATA_DIR: dataDir, CRASH_AT: String(k), CRASH_TORN: '1' }).exited;
      assert.equal(run.signal, 'SIGKILL');
      assertNothingAcknowledgedLost(await storedState(dataDir), ackedIn(run.out), `torn append ${k}`);
    }
  });

  it('keeps everything when killed while writing the compacted journal at start (temp file + rename)', async () => {
    const dataDir = tempDir();
    const first = await crash({ DATA_DIR: dataDir }).exited;
    assert.equal(first.code, 0);
    const killed = await crash({ DATA_DIR: dataDir, CRASH_COMPACTING: '1' }).exited;
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(ackedIn(killed.out), 0, 'killed before its first write');
    assertNothingAcknowledgedLost(await storedState(dataDir), CRASH_STEPS.length, 'killed while compacting');
  });
});

describe('local store: two processes on one data folder', function () {
  this.timeout(60_000);

  async function started(p: ReturnType<typeof spawnNode>): Promise<string> {
    await until(
      () => /listening on (http:\S+)\/api\/messages/.test(p.result.out) || p.child.exitCode !== null,
      () => `the bot to listen: ${p.result.out} ${p.result.err}`,
      30_000,
    );
    const url = /listening on (http:\S+)\/api\/messages/.exec(p.result.out)?.[1];
    assert.ok(url, `started: ${p.result.out} ${p.result.err}`);
    return url;
  }

  it('the second exits with one line naming the process that holds the folder; after a kill -9 the next one starts', async () => {
    const dataDir = tempDir();
    const first = spawnNode(entry, { PORT: '0', DATA_DIR: dataDir });
    try {
      await started(first);
      const second = await spawnNode(entry, { PORT: '0', DATA_DIR: dataDir }).exited;
      assert.equal(second.code, 1);
      const lines = second.err.trim().split('\n');
      assert.equal(lines.length, 1, `one line: ${second.err}`);
      assert.match(lines[0], new RegExp(`in use by process ${first.child.pid}\\b`));
      assert.ok(lines[0].includes(dataDir), 'names the folder');
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    // The lock of a process that is gone is stale: taken over, not an obstacle.
    const third = spawnNode(entry, { PORT: '0', DATA_DIR: dataDir });
    try {
      const url = await started(third);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
    } finally {
      third.child.kill('SIGTERM');
      assert.equal((await third.exited).code, 0);
    }
  });
});
