// `npm run backup` and `npm run restore` (the compiled scripts, in processes of their own) on the local data folder:
// a backup taken while the bot runs restores the claims as they were, a backup killed halfway (kill -9) is never
// taken for a complete one, and restore is refused while a bot holds the folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seedJournal } from '../../bench/seed';
import type { Claim } from '../../services/domain/claim';
import { openWorld, type BotWorld } from '../helpers/chat';
import { claimIn } from '../helpers/claims';
import { tempDir } from '../helpers/testApp';
import { TENANT } from '../helpers/activities';

/** A document without the fields the server derives from where it runs (`_rid`, `_self`). */
function serverless(doc: Claim | undefined): Record<string, unknown> | undefined {
  if (!doc) return undefined;
  const copy: Record<string, unknown> = { ...doc };
  delete copy._rid;
  delete copy._self;
  return copy;
}

const scripts = path.resolve(__dirname, '..', '..', 'scripts');

function script(name: 'backup' | 'restore', args: string[], env: Record<string, string>, preload: string[] = []) {
  const child = spawn(process.execPath, [...preload, path.join(scripts, `${name}.js`), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: tempDir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
}

describe('backup and restore of the local data folder', function () {
  this.timeout(120_000);
  let world: BotWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a backup taken while the bot runs restores every claim as it was then, and only those', async () => {
    const dataDir = tempDir();
    world = await openWorld({}, dataDir);
    const before: Claim[] = [];
    for (let i = 0; i < 5; i++) before.push(await claimIn(world, i % 2 ? 'Approved' : 'UnderReview'));
    const dest = path.join(tempDir(), 'snapshot');
    // The bot keeps writing while the backup runs: the copy is some instant's state, whichever.
    let copying = true;
    const running = script('backup', [dest], { DATA_DIR: dataDir }).finally(() => (copying = false));
    const during: Claim[] = [];
    while (copying) during.push(await claimIn(world, 'Submitted'));
    const backup = await running;
    assert.equal(backup.code, 0, backup.out);
    const later = await claimIn(world, 'Submitted'); // after the backup: not in it
    await world.close();
    world = undefined;

    const fresh = tempDir();
    const restore = await script('restore', [dest], { DATA_DIR: fresh });
    assert.equal(restore.code, 0, restore.out);
    world = await openWorld({}, fresh);
    for (const claim of before) {
      assert.deepEqual(serverless(await world.deps.claims.get(TENANT, claim.id)), serverless(claim), `${claim.id} as it was`);
    }
    const restoredDuring = await Promise.all(during.map((c) => world!.deps.claims.get(TENANT, c.id)));
    const kept = restoredDuring.findIndex((c) => c === undefined);
    assert.ok(kept === -1 || restoredDuring.slice(kept).every((c) => c === undefined), 'the claims written during the backup: a prefix of them');
    assert.equal(await world.deps.claims.get(TENANT, later.id), undefined, 'the claim written after the backup is not there');
    assert.deepEqual(fs.readFileSync(path.join(fresh, 'link-secret')), fs.readFileSync(path.join(dataDir, 'link-secret')), 'signed links stay valid');
  });

  it('restore is refused while a bot holds the data folder, and keeps what it replaces otherwise', async () => {
    const dataDir = tempDir();
    world = await openWorld({}, dataDir);
    await claimIn(world, 'Submitted');
    const dest = path.join(tempDir(), 'snapshot');
    assert.equal((await script('backup', [dest], { DATA_DIR: dataDir })).code, 0);
    const refused = await script('restore', [dest], { DATA_DIR: dataDir });
    assert.equal(refused.code, 1);
    assert.match(refused.out, new RegExp(`Restore refused: the data folder ${dataDir} is in use by process ${process.pid}`));
    await world.close();
    world = undefined;
    const journal = fs.readFileSync(path.join(dataDir, 'cosmos', 'journal.jsonl'));
    const restored = await script('restore', [dest], { DATA_DIR: dataDir });
    assert.equal(restored.code, 0, restored.out);
    const aside = fs.readdirSync(path.join(dataDir, 'cosmos')).filter((f) => f.startsWith('journal.jsonl.before-restore-'));
    assert.equal(aside.length, 1);
    assert.deepEqual(fs.readFileSync(path.join(dataDir, 'cosmos', aside[0])), journal, 'the journal it replaced is kept, unchanged');
  });

  it('a backup killed (kill -9) halfway leaves no backup where it was asked for, and restore refuses the partial copy', async () => {
    const dataDir = tempDir();
    const seeded = seedJournal(dataDir, { claims: 3000, organisations: 3, dueApproved: 0, underReview: 0, serviceUrl: 'http://127.0.0.1:9/' });
    assert.ok(seeded.journalBytes > 4 << 20, `a journal of several chunks (${seeded.journalBytes} bytes)`);
    const parent = tempDir();
    const dest = path.join(parent, 'snapshot');
    const crash = path.resolve(__dirname, '..', 'helpers', 'backupCrashHooks.js');
    const killed = await script('backup', [dest], { DATA_DIR: dataDir, BACKUP_CRASH_AFTER_BYTES: String(2 << 20) }, ['-r', crash]);
    assert.equal(killed.signal, 'SIGKILL', killed.out);
    assert.equal(fs.existsSync(dest), false, 'no backup under the name asked for');
    const [partial] = fs.readdirSync(parent).filter((f) => f.startsWith('snapshot.partial-'));
    assert.ok(partial, 'the partial copy is left under its own name');

    const fresh = tempDir();
    const refused = await script('restore', [path.join(parent, partial)], { DATA_DIR: fresh });
    assert.equal(refused.code, 1);
    assert.match(refused.out, /is not a complete backup/);
    assert.equal(fs.existsSync(path.join(fresh, 'cosmos', 'journal.jsonl')), false, 'nothing restored');

    const again = await script('backup', [dest], { DATA_DIR: dataDir });
    assert.equal(again.code, 0, again.out);
    assert.equal(fs.statSync(path.join(dest, 'cosmos', 'journal.jsonl')).size, seeded.journalBytes, 'the next backup is whole');
  });
});
