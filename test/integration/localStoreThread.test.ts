// The local store runs in a thread of its own: it answers while the bot's thread is busy (a long turn, a long
// export page no longer holds everyone up behind the store), and it is part of the bot's process, so nothing of it
// outlives the bot, even killed with SIGKILL.
import assert from 'node:assert/strict';
import { until } from '../helpers/until';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCosmos } from '../../services/localCosmos';
import { masterKeySignature } from '../../services/localStore/masterKeyAuth';
import { tempDir } from '../helpers/testApp';
import { clockEnv } from '../helpers/botProcess';

const entry = path.resolve(__dirname, '..', '..', 'index.js');

const signedHeaders = (key: string) => {
  const date = new Date().toUTCString();
  return { authorization: encodeURIComponent(`type=master&ver=1.0&sig=${masterKeySignature(key, 'GET', 'dbs', '', date)}`), 'x-ms-date': date };
};

describe('local store in its own thread', function () {
  this.timeout(60_000);

  it("answers while the bot's thread is blocked (here: in a synchronous wait for the answer itself)", async () => {
    const local = await startLocalCosmos({ dataDir: tempDir() });
    try {
      // spawnSync blocks this thread until the child ends: an in-thread store could not answer, and the child's
      // request would end at its timeout instead.
      const child = spawnSync(
        process.execPath,
        [
          '-e',
          'fetch(process.argv[1], { headers: JSON.parse(process.argv[2]), signal: AbortSignal.timeout(20000) }).then((r) => console.log(r.status), (e) => console.log(e.name))',
          `${local.endpoint}/dbs`,
          JSON.stringify(signedHeaders(local.key)),
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      assert.equal(child.stdout.trim(), '200', child.stderr);
    } finally {
      await local.close();
    }
  });

  it('ends with the bot: after a SIGKILL of the bot nothing serves its store and no process of it is left', async () => {
    const dataDir = tempDir();
    const bot = spawn(process.execPath, ['--disable-warning=DEP0111', entry], {
      env: { PATH: process.env.PATH ?? '', ...clockEnv(), PORT: '0', DATA_DIR: dataDir },
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    bot.stdout.on('data', (c) => (out += c));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => bot.on('exit', (_code, signal) => resolve(signal)));
    await until(
      () => /embedded Cosmos DB \((http:[^)\s]+)\)/.test(out) || bot.exitCode !== null,
      () => `the banner naming the store: ${out}`,
      30_000,
    );
    const store = /embedded Cosmos DB \((http:[^)\s]+)\)/.exec(out)?.[1];
    assert.ok(store, `banner names the store: ${out}`);
    const key = fs.readFileSync(path.join(dataDir, 'cosmos', 'key'), 'utf8').trim();
    assert.equal((await fetch(`${store}/dbs`, { headers: signedHeaders(key) })).status, 200, 'the store serves while the bot runs');
    const children = () => execFileSync('ps', ['-o', 'pid=', '--ppid', String(bot.pid)], { encoding: 'utf8' }).trim();
    let before = '';
    try {
      before = children();
    } catch {
      // ps exits 1 when it lists nothing
    }
    assert.equal(before, '', 'the store is no child process that could be orphaned');

    bot.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    await assert.rejects(fetch(`${store}/dbs`, { headers: signedHeaders(key) }), "nothing listens on the store's port any more");
  });
});
