// Starts the real app (restify + CloudAdapter + embedded Cosmos) on an ephemeral loopback port for a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig, type Config } from '../../services/config';
import { createLogger, type Logger } from '../../services/logger';
import { systemClock, type Clock } from '../../services/clock';
import { startLocalConnector, type LocalConnector } from './connector';

export function tempDir(prefix = 'cpor-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A configuration as the local default would read it, on a free port and a fresh data folder. */
export function testConfig(env: Record<string, string> = {}): Config {
  // No Undo grace unless a test asks for one: an approval's e-mail and messages leave at once.
  return loadConfig({ PORT: '0', DATA_DIR: tempDir(), LOG_LEVEL: 'info', UNDO_SECONDS: '0', ...env });
}

/** A logger whose lines a test can read back. */
export function memoryLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines };
}

export async function startTestApp(
  config: Config = testConfig(),
  clock: Clock = systemClock,
): Promise<RunningApp & { config: Config; logs: () => Record<string, unknown>[] }> {
  const { log, lines } = memoryLogger();
  const app = await startApp(config, log, clock);
  return { ...app, config, logs: lines };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The app over HTTP beside a local Bot Connector, started before the suite's tests and closed after them (mocha
 * hooks); read them through the getters once the tests run.
 */
export function appWithConnector(env: Record<string, string> = {}): { app: () => TestApp; connector: () => LocalConnector } {
  let app: TestApp | undefined;
  let connector: LocalConnector | undefined;
  before(async () => {
    connector = await startLocalConnector();
    app = await startTestApp(testConfig(env));
  });
  after(async () => {
    await app?.close();
    await connector?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('appWithConnector: read in a test, after the before hook');
    return value;
  };
  return { app: () => started(app), connector: () => started(connector) };
}
