// The data-folder lock: held while the store runs, refused to a second owner, taken over when its owner is gone
// (or when its pid now belongs to another process).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { DataDirInUseError, lockDataDir, startTimeOf } from '../../services/localStore/dataLock';
import { tempDir } from '../helpers/testApp';

function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited };
}

describe('data folder lock', () => {
  it('is held until released, and refused meanwhile (also within the same process)', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    assert.throws(
      () => lockDataDir(dir),
      (err) => err instanceof DataDirInUseError && err.pid === process.pid,
    );
    lock.release();
    assert.equal(fs.existsSync(path.join(dir, 'lock')), false);
    lockDataDir(dir).release();
  });

  it("creates the data folder a first start does not have yet (a fresh clone's .data), for its owner only", () => {
    const dir = path.join(tempDir(), 'not', 'there', 'yet');
    const lock = lockDataDir(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'lock'), 'utf8').split(' ')[0].trim(), String(process.pid));
    assert.equal(fs.statSync(dir).mode & 0o077, 0, 'no access for group or others');
    lock.release();
  });

  it('is refused while another live process holds it, naming that process', async () => {
    const dir = tempDir();
    const other = sleeper();
    try {
      await once(other.child, 'spawn');
      fs.writeFileSync(path.join(dir, 'lock'), `${other.child.pid} ${startTimeOf(other.child.pid!)}\n`);
      assert.throws(
        () => lockDataDir(dir),
        (err) => err instanceof DataDirInUseError && err.pid === other.child.pid && err.message.includes(dir),
      );
    } finally {
      other.child.kill('SIGKILL');
      await other.exited;
    }
    // Its owner is gone now: the lock is stale and taken over.
    const lock = lockDataDir(dir);
    assert.match(fs.readFileSync(path.join(dir, 'lock'), 'utf8'), new RegExp(`^${process.pid}\\b`));
    lock.release();
  });

  it('is taken over when its pid belongs to another process now (started at another time), or is ours but not held', () => {
    assert.ok(startTimeOf(1), 'Linux /proc gives start times');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'lock'), '1 12345678901\n');
    lockDataDir(dir).release();
    fs.writeFileSync(path.join(dir, 'lock'), `${process.pid}\n`);
    lockDataDir(dir).release();
    assert.deepEqual(fs.readdirSync(dir), [], 'no temp or stale files left');
  });
});
