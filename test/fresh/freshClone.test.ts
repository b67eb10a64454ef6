// The README's run command on a fresh clone, exactly as a newcomer types it: `npm ci && npm start` with no settings,
// the default port and the default data folder. Every other test hands the bot a folder that already exists, which
// is how "the lock is written before the folder exists" reached main unseen. Slow (an `npm ci`), so it is its own
// suite (`npm run test:fresh`), run by `.ci/run` after `npm test`.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alice, message } from '../helpers/activities';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { until } from '../helpers/until';

const repo = path.resolve(__dirname, '..', '..', '..');
const README_RUN = 'npm ci && npm start';
const BOT = 'http://127.0.0.1:3978';

/** The README promises port 3978; a test that quietly picked another would not be testing the README. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err) => reject(new Error(`port ${port} is in use (${err.message}): stop what holds it to run this test`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  closed: Promise<void>;
}

function runReadmeCommand(cwd: string): Started {
  // Only what a shell on a new machine has: no .env, no DATA_DIR, no PORT, no test settings from this process.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() };
  const child = spawn('sh', ['-c', README_RUN], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // 'close', not 'exit': sh dies of the signal at once, the bot (holding the same pipes) when it has stopped.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, output: () => output, closed };
}

async function healthy(started: Started): Promise<void> {
  await until(
    async () => {
      if (started.child.exitCode !== null) throw new Error(`\`${README_RUN}\` exited ${started.child.exitCode}:\n${started.output()}`);
      return fetch(`${BOT}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    `/healthz after \`${README_RUN}\``,
    240_000,
  );
}

/** SIGTERM to the whole process group (sh, npm, node), as Ctrl-C in the terminal would; the bot exits cleanly. */
async function stop(started: Started): Promise<void> {
  if (started.child.pid !== undefined && started.child.exitCode === null) process.kill(-started.child.pid, 'SIGTERM');
  await started.closed;
}

async function say(connector: LocalConnector, text: string): Promise<string> {
  const before = connector.received.length;
  const res = await fetch(`${BOT}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message(alice, text, connector.serviceUrl)),
  });
  assert.ok(res.status < 300, `POST /api/messages answered ${res.status}`);
  const replies = await connector.waitFor(before + 1);
  return replies
    .slice(before)
    .map((r) => `${r.activity.text ?? ''}${JSON.stringify(r.activity.attachments ?? [])}`)
    .join('\n');
}

describe("the README's run command on a fresh clone", function () {
  this.timeout(600_000);
  let clone: string;
  let connector: LocalConnector;
  let running: Started | undefined;

  before(async () => {
    await assertPortFree(3978);
    clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-fresh-')), 'cpor-assistant');
    execFileSync('git', ['clone', '--quiet', repo, clone]);
    connector = await startLocalConnector();
  });

  after(async () => {
    if (running) await stop(running);
    await connector?.close();
    if (clone) fs.rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it('starts with no settings, answers a turn, and after a restart finds what it kept', async () => {
    assert.equal(fs.existsSync(path.join(clone, '.data')), false, 'a fresh clone has no data folder');
    const startedAt = Date.now();
    running = runReadmeCommand(clone);
    await healthy(running);
    const firstStart = Date.now() - startedAt;
    assert.match(running.output(), /data kept in .*\.data \(0 documents restored\)/);

    // One turn that leaves state behind: the dialog waits for the solution area.
    assert.match(await say(connector, 'new association'), /Microsoft 365/);
    await stop(running);
    assert.match(running.output(), /"msg":"stopped"/, `the bot stopped cleanly:\n${running.output()}`);

    // The same command again restores the data, and the dialog goes on where it was: the answer to the pending
    // question gets the next question.
    running = runReadmeCommand(clone);
    await healthy(running);
    assert.match(running.output(), /\(([1-9]\d*) documents restored\)/, running.output());
    assert.match(await say(connector, 'Microsoft 365'), /Partner ID/);
    await stop(running);
    console.log(`      first start to healthy on a fresh clone, npm ci included: ${(firstStart / 1000).toFixed(1)} s`);
  });
});
