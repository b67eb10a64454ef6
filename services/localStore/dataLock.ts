// One process per local data folder: two embedded stores on one journal would each keep their own memory and
// overwrite each other's writes. The lock is a file holding the owner's pid, created atomically (a hard link of a
// complete temp file, which fails when the lock exists). A lock whose process is gone (kill -9, power loss) is stale
// and taken over.
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

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim());
  } catch {
    return undefined; // gone meanwhile
  }
}

export function lockDataDir(dir: string): { release(): void } {
  const file = path.join(dir, 'lock');
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(tmp, file);
        held.add(file);
        return {
          release() {
            if (!held.delete(file)) return;
            if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = ownerOf(file);
      if (owner === undefined) continue;
      if (isAlive(owner) && (owner !== process.pid || held.has(file))) throw new DataDirInUseError(dir, owner);
      // Stale: move it aside under a name of our own and check it is still the stale one before removing it,
      // so two processes taking over at once cannot remove each other's fresh lock.
      const aside = `${file}.stale.${process.pid}`;
      try {
        fs.renameSync(file, aside);
      } catch {
        continue;
      }
      if (ownerOf(aside) === owner) fs.rmSync(aside, { force: true });
      else
        try {
          fs.linkSync(aside, file); // a fresh lock was moved by mistake: put it back
          fs.rmSync(aside, { force: true });
        } catch {
          fs.rmSync(aside, { force: true });
        }
    }
    throw new DataDirInUseError(dir, ownerOf(file) ?? NaN);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
