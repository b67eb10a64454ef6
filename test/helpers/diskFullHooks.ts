// Preloaded (`-r`) into the local store's thread by localStoreDiskFull.test.ts: while the file named by
// DISK_FULL_MARKER exists, every fs.writeSync of that thread writes half of what it was given and fails with
// ENOSPC, as a full disk does.
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const marker = process.env.DISK_FULL_MARKER;
if (!isMainThread && marker) {
  const writeSync = fs.writeSync;
  fs.writeSync = ((fd: number, data: Buffer | string, offset?: number, length?: number) => {
    if (!fs.existsSync(marker)) return (writeSync as (...a: unknown[]) => number)(fd, data, offset, length);
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const len = length ?? buf.length - (offset ?? 0);
    if (len > 1) (writeSync as (...a: unknown[]) => number)(fd, buf, offset ?? 0, Math.floor(len / 2));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }) as typeof fs.writeSync;
}
