// One process per local data folder: two embedded stores on one journal would each keep their own memory and
// overwrite each other's writes. The lock is a file holding the owner's pid (and, on Linux, its start time, so a
// pid reused by another process after a reboot is not mistaken for the owner), created atomically (a hard link of
// a complete temp file, which fails when the lock exists). A lock whose process is gone (kill -9, power loss) is
// stale and taken over.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dir} is in use by process ${pid} (lock ${path.join(dir, 'lock')}): stop that process or set another DATA_DIR`);
  }
}

/** Locks held by this process, so a lock naming our own pid that we do not hold (pid reuse after a crash) is stale. */
const held = new Set<string>();

/** When a process started (Linux: clock ticks since boot, /proc/<pid>/stat field 22); undefined elsewhere. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

interface Owner {
  pid: number;
  startTime?: string;
}

function isRunning({ pid, startTime }: Owner): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const current = startTimeOf(pid);
  return startTime === undefined || current === undefined || current === startTime;
}

function ownerOf(file: string): Owner | undefined {
  try {
    const [pid, startTime] = fs.readFileSync(file, 'utf8').trim().split(' ');
    return { pid: Number(pid), startTime: startTime || undefined };
  } catch {
    return undefined; // gone meanwhile
  }
}

const sameOwner = (a: Owner | undefined, b: Owner) => a !== undefined && a.pid === b.pid && a.startTime === b.startTime;

export interface DataLock {
  release(): void;
  /** Whether the lock file still names this process (someone may have removed it, or another process taken it). */
  held(): boolean;
}

export function lockDataDir(dir: string): DataLock {
  const file = path.join(dir, 'lock');
  const tmp = `${file}.${process.pid}`;
  const me: Owner = { pid: process.pid, startTime: startTimeOf(process.pid) };
  // A first start on a fresh clone has no data folder yet: the lock is the first thing written in it.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(tmp, `${me.pid}${me.startTime ? ` ${me.startTime}` : ''}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(tmp, file);
        held.add(file);
        return {
          release() {
            if (!held.delete(file)) return;
            if (sameOwner(ownerOf(file), me)) fs.rmSync(file, { force: true });
          },
          held: () => held.has(file) && sameOwner(ownerOf(file), me),
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = ownerOf(file);
      if (owner === undefined) continue;
      if (isRunning(owner) && (owner.pid !== process.pid || held.has(file))) throw new DataDirInUseError(dir, owner.pid);
      // Stale: move it aside under a name of our own and check it is still the stale one before removing it,
      // so two processes taking over at once cannot remove each other's fresh lock.
      const aside = `${file}.stale.${process.pid}`;
      try {
        fs.renameSync(file, aside);
      } catch {
        continue;
      }
      if (sameOwner(ownerOf(aside), owner)) fs.rmSync(aside, { force: true });
      else
        try {
          fs.linkSync(aside, file); // a fresh lock was moved by mistake: put it back
          fs.rmSync(aside, { force: true });
        } catch {
          fs.rmSync(aside, { force: true });
        }
    }
    throw new DataDirInUseError(dir, ownerOf(file)?.pid ?? NaN);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
