// Preloaded (`node -r`) into `npm run backup`'s process by backup.test.ts: once BACKUP_CRASH_AFTER_BYTES bytes have
// been written into the backup's partial folder, the process kills itself (SIGKILL, no clean-up) mid-copy.
import fs from 'node:fs';

const limit = Number(process.env.BACKUP_CRASH_AFTER_BYTES ?? 0);
const partialFds = new Set<number>();
let written = 0;

const openSync = fs.openSync;
fs.openSync = (file: fs.PathLike, ...rest: unknown[]) => {
  const fd = (openSync as (...a: unknown[]) => number)(file, ...rest);
  if (String(file).includes('.partial-')) partialFds.add(fd);
  return fd;
};

const writeSync = fs.writeSync;
fs.writeSync = (fd: number, ...rest: unknown[]) => {
  const n = (writeSync as (...a: unknown[]) => number)(fd, ...rest);
  if (partialFds.has(fd)) {
    written += n;
    if (limit > 0 && written >= limit) process.kill(process.pid, 'SIGKILL');
  }
  return n;
};
