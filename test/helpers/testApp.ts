// Starts the real app (restify + CloudAdapter + embedded Cosmos) on an ephemeral loopback port for a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig, type Config } from '../../services/config';
import { createLogger, type Logger } from '../../services/logger';
import { systemClock, type Clock } from '../../services/clock';

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
