// Preloaded (`node -r`) into every thread of the crash child (journalCrashChild.ts), so it also runs in the local
// store's thread, where the journal is written. The kill is injected at fs.writeSync, the call the journal appends
// with:
//   CRASH_AT=n          just before the n-th journal append (so after append n-1 completed)
//   CRASH_TORN=1        with CRASH_AT: after writing only the first half of the n-th line
//   CRASH_COMPACTING=1  in the middle of writing the compacted copy at start
// Each journal append is announced on stdout ("APPEND"), written at once (fs.writeSync), before it happens.
import fs from 'node:fs';

const crashAt = Number(process.env.CRASH_AT ?? 0);
const torn = process.env.CRASH_TORN === '1';
const compacting = process.env.CRASH_COMPACTING === '1';
const journalFds = new Set<number>();
const tmpFds = new Set<number>();
let appends = 0;

const openSync = fs.openSync;
fs.openSync = (file: fs.PathLike, ...rest: unknown[]) => {
  const fd = (openSync as (...a: unknown[]) => number)(file, ...rest);
  if (String(file).endsWith('journal.jsonl') && rest[0] === 'a') journalFds.add(fd);
  if (String(file).endsWith('journal.jsonl.tmp')) tmpFds.add(fd);
  return fd;
};

const writeSync = fs.writeSync;
fs.writeSync = ((fd: number, buffer: Buffer, offset?: number, length?: number) => {
  if (compacting && tmpFds.has(fd)) {
    (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, Math.floor((length ?? buffer.length) / 2));
    process.kill(process.pid, 'SIGKILL');
  }
  if (journalFds.has(fd) && Buffer.isBuffer(buffer)) {
    appends++;
    if (appends === crashAt) {
      if (torn) (writeSync as (...a: unknown[]) => number)(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2));
      process.kill(process.pid, 'SIGKILL');
    }
    (writeSync as (...a: unknown[]) => number)(1, 'APPEND\n');
  }
  return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length);
}) as typeof fs.writeSync;
