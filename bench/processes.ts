// The benchmark's processes: the bot (node dist/index.js on a data folder), the echo and peer baselines, the store
// worker; each started fresh, its start time and memory read from the outside (/proc, and the heap kept after a full
// collection through bench/memoryProbe.ts), stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '..');

export interface Child {
  url: string;
  pid: number;
  /** From spawn to "listening". */
  startMs: number;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Resident memory of a process now, and its peak so far, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * CPU time a process (all its threads) has used so far, in ms (Linux /proc, user + system). Unlike latency, it
 * hardly depends on what else runs on the machine: the per-turn figure that travels between loaded runs.
 */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux the bench runs on. */
const CLOCK_TICKS = 100;

/** Samples a process's RSS every 50 ms until stopped; returns the peak seen and the RSS when sampling began. */
export function sampleMemory(pid: number): { stop(): { startMb: number; peakMb: number } } {
  const startMb = memoryOf(pid).rssMb;
  let peakMb = startMb;
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, memoryOf(pid).rssMb);
    } catch {
      // the process ended
    }
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return { startMb, peakMb };
    },
  };
}

/** What memoryProbe.ts prints: the process's RSS and main-thread heap right after a full collection, in MB. */
export interface MemoryAfterGc {
  rssMb: number;
  heapMb: number;
  externalMb: number;
}

/** Node options that load the probe (every bot process gets them, so the figures compare alike). */
const PROBE = ['--expose-gc', '--require', path.join(DIST, 'bench/memoryProbe.js')];

/** Asks a process started with the probe to collect its garbage and report its memory. */
export function memoryAfterGc(child: Child): Promise<MemoryAfterGc> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.proc.stdout?.off('data', onData);
      reject(new Error(`no memory report from ${child.pid}`));
    }, 30_000);
    const onData = (c: Buffer) => {
      seen += c.toString();
      const m = /^memory (\{.*\})$/m.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      child.proc.stdout?.off('data', onData);
      resolve(JSON.parse(m[1]) as MemoryAfterGc);
    };
    child.proc.stdout?.on('data', onData);
    child.proc.kill('SIGUSR2');
  });
}

async function start(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
  nodeArgs: string[] = [],
  cwd?: string,
): Promise<Child> {
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, ['--disable-warning=DEP0111', ...PROBE, ...nodeArgs, path.join(DIST, script), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()).length > 1e6 && (out = out.slice(-1e5)));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
    const check = () => {
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout.off('data', check);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it listened:\n${out.slice(-2000)}`));
    });
  });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    url,
    pid: proc.pid ?? 0,
    startMs,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** The real bot, local default (embedded store in its process), demo mode, on `dataDir`. */
export function startBot(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child> {
  return start(
    'index.js',
    [],
    { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_SECONDS: '3600', ...env },
    /listening on (http:\/\/[^\s]+)\/api\/messages/,
    600_000,
    nodeArgs,
    dataDir,
  ); // cwd: no developer's .env
}

export function startEchoBot(): Promise<Child> {
  return start('bench/echoBot.js', [], {}, /listening on (http:\/\/[^\s]+)\/api\/messages/, 30_000);
}

/** The peer baseline (bench/peerBot.ts): the standard botbuilder stack on the same embedded store, on `dataDir`. */
export function startPeerBot(dataDir: string, nodeArgs: string[] = []): Promise<Child> {
  return start('bench/peerBot.js', [], { DATA_DIR: dataDir }, /listening on (http:\/\/[^\s]+)\/api\/messages/, 60_000, nodeArgs, dataDir);
}

/** Runs the store worker (bench/storeWorker.ts) once; resolves with the JSON it prints. */
export function storeWorker<T>(args: string[], nodeArgs: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--disable-warning=DEP0111', '--expose-gc', ...nodeArgs, path.join(DIST, 'bench/storeWorker.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`store worker ${args[0]} failed (${code}): ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch (e) {
        reject(new Error(`store worker ${args[0]}: ${(e as Error).message}: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}
