// `node dist/index.js` as an operator runs it: bad configuration, start banner, SIGTERM.
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import net from 'node:net';
import { tempDir } from '../helpers/testApp';
import { startBotProcess } from '../helpers/botProcess';
import { until } from '../helpers/until';

// The Playground launcher is plain JavaScript (run without a build); its settings function is exported for tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { playgroundSettings } = require(path.resolve(__dirname, '..', '..', '..', 'scripts', 'playground.js')) as {
  playgroundSettings(env: Record<string, string>, cwd: string): { botPort: string; endpoint: string; port: string };
};

const run = startBotProcess;

describe('the bot process', () => {
  it('exits 1 naming each bad variable, without a stack trace', async () => {
    const p = run({ PORT: 'abc', MicrosoftAppType: 'Sometimes' });
    assert.equal(await p.exited, 1);
    assert.match(p.err(), /PORT="abc"/);
    assert.match(p.err(), /MicrosoftAppType="Sometimes"/);
    assert.doesNotMatch(p.err(), /\n\s+at /, 'no stack trace');
  });

  it('prints where it listens, and stops cleanly on SIGTERM keeping its data', async () => {
    const dataDir = tempDir();
    const p = run({ PORT: '0', DATA_DIR: dataDir });
    const url = await p.listening(20_000);
    assert.match(p.out(), /listening on http:\S+\/api\/messages/, 'the banner says where');
    assert.match(p.out(), /npm run playground/);
    assert.match(p.out(), /Demo mode: no roles configured/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
    assert.match(p.out(), /"msg":"stopped"/);
    await assert.rejects(fetch(`${url}/healthz`), 'the port is closed');
  });

  it('stops cleanly when the signal comes twice, as under `npm start` (npm forwards the one it gets)', async () => {
    const p = run({ PORT: '0', DATA_DIR: tempDir() });
    const url = new URL(await p.listening(20_000));
    // A request whose body has not come yet holds the stop open until this test lets it end: the second
    // signal then surely comes while the first stop is in progress, however slowly this machine passes output on.
    const held = net.connect(Number(url.port), url.hostname);
    const continued = new Promise((resolve) => held.on('data', (chunk) => /100 Continue/.test(String(chunk)) && resolve(undefined)));
    // Expect: 100-continue: the server answers "100 Continue" once it has taken the request in (and counted it).
    held.write(`POST /api/messages HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n`);
    await continued;
    p.child.kill('SIGTERM');
    await until(
      () => /"msg":"stopping"/.test(p.out()),
      () => `the first stop: ${p.out()}`,
      20_000,
    );
    p.child.kill('SIGTERM');
    await until(
      () => /"msg":"already stopping"/.test(p.out()),
      () => `the second signal while stopping: ${p.out()}`,
      20_000,
    );
    held.destroy();
    assert.equal(await p.exited, 0, `${p.out()}${p.err()}`);
    assert.match(p.out(), /"msg":"already stopping"/);
    assert.match(p.out(), /"msg":"stopped"/);
  });

  it("reads .env like `npm run playground` does, and names the Playground's port from it", async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.env'), `PORT=0\nPLAYGROUND_PORT=56999\nDATA_DIR=${tempDir()}\n`);
    const p = run({}, cwd);
    await until(
      () => /npm run playground/.test(p.out()),
      () => `the banner naming the Playground: ${p.out()} ${p.err()}`,
      20_000,
    );
    assert.match(p.out(), /run `npm run playground` in a second terminal and open http:\/\/localhost:56999/, p.err());
    const port = /listening on http:\/\/[^:]+:(\d+)\/api\/messages/.exec(p.out())?.[1];
    // The Playground script, in the same folder, reads the same file: the bot's port and its own.
    const settings = playgroundSettings({}, cwd);
    assert.deepEqual([settings.port, settings.endpoint], ['56999', 'http://localhost:0/api/messages']);
    assert.notEqual(port, '3978');
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  });

  it('the Playground script: PORT from .env, the environment winning over the file, defaults without either', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.env'), 'PORT=4321\n');
    assert.deepEqual(playgroundSettings({}, cwd), { botPort: '4321', endpoint: 'http://localhost:4321/api/messages', port: '56150' });
    assert.equal(playgroundSettings({ PORT: '5000' }, cwd).endpoint, 'http://localhost:5000/api/messages');
    assert.deepEqual(playgroundSettings({}, tempDir()), { botPort: '3978', endpoint: 'http://localhost:3978/api/messages', port: '56150' });
  });

  const production = {
    MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
    MicrosoftAppPassword: 'not-a-real-secret',
    HOST: '127.0.0.1',
    PORT: '0',
  };

  it('with an app id and no role source, refuses to start (every user would have every role)', async () => {
    const p = run({ ...production, DATA_DIR: tempDir() });
    assert.equal(await p.exited, 1);
    assert.match(p.err(), /MicrosoftAppId is set but no role source is/);
    assert.match(p.err(), /DEMO_MODE=true/);
  });

  it('with an app id and DEMO_MODE=true, starts and says so loudly', async () => {
    const p = run({ ...production, DEMO_MODE: 'true', DATA_DIR: tempDir() });
    await until(() => /"msg":"listening"/.test(p.out()) || p.child.exitCode !== null, 'the bot to listen or exit', 20_000);
    assert.match(p.out(), /"msg":"listening"/, p.err());
    assert.match(p.err(), /DEMO MODE \(DEMO_MODE=true\) with MicrosoftAppId set: NO ROLE CHECKS/);
    assert.match(p.err(), /Every user of every tenant/);
    assert.match(p.out(), /"level":40,[^\n]*every user of every tenant has every role/);
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  });
});
