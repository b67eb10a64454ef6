// `node dist/index.js` as an operator runs it, in a child process a test can signal (SIGTERM, SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from './testApp';
import { until } from './until';

const entry = path.resolve(__dirname, '..', '..', 'index.js');

export interface BotProcess {
  child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  out(): string;
  err(): string;
  /** Resolves with the base URL once the bot says where it listens. */
  listening(timeoutMs?: number): Promise<string>;
}

/**
 * The test's clock for a child process: libfaketime's settings (LD_PRELOAD, FAKETIME*) and TZ when the run has them,
 * so a suite run under faketime (a Sunday, 24 December) runs its bot processes at the same moment as itself; nothing
 * otherwise. Without it a child would sign store requests with the real time against a faked one.
 */
export function clockEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && /^(LD_PRELOAD|FAKETIME\w*|TZ)$/.test(e[0])));
}

export function startBotProcess(env: Record<string, string>, cwd = tempDir()): BotProcess {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', entry], {
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The start banner (local default), or the log line (LOG_LEVEL info) when there is no banner.
  const urlIn = () => /listening on (http:\S+)\/api\/messages|"url":"(http:[^"]+)"[^\n]*"msg":"listening"/.exec(stdout);
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    async listening(timeoutMs = 60_000) {
      await until(() => urlIn() !== null || child.exitCode !== null || child.signalCode !== null, 'the bot to listen', timeoutMs);
      const match = urlIn();
      if (!match) throw new Error(`the bot did not start: ${stdout} ${stderr}`);
      return match[1] ?? match[2];
    },
  };
}
