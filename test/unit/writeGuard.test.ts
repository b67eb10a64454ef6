import assert from 'node:assert/strict';
import { WriteGuard } from '../../services/store/writeGuard';

describe('WriteGuard: writes inside a guarded piece of work wait for its check', () => {
  it('runs the check once, before the first write; writes of work started inside wait too; outside there is no wait', async () => {
    const guard = new WriteGuard();
    const order: string[] = [];
    let checks = 0;
    const write = async (name: string) => {
      await guard.beforeWrite();
      order.push(name);
    };
    assert.equal(guard.beforeWrite(), undefined, 'no guarded work: nothing to wait for');
    let background: Promise<void> | undefined;
    await guard.around(
      async () => {
        checks++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('check');
      },
      async () => {
        background = Promise.resolve().then(() => write('started inside'));
        await Promise.all([write('a'), write('b')]);
      },
    );
    await background;
    assert.equal(checks, 1);
    assert.deepEqual(order.slice(0, 1), ['check'], `the check first: ${order.join(', ')}`);
    assert.deepEqual([...order].sort(), ['a', 'b', 'check', 'started inside']);
  });

  it('a failed check fails every write of the work, and none after it settles', async () => {
    const guard = new WriteGuard();
    let later: (() => Promise<void> | undefined) | undefined;
    await assert.rejects(
      guard.around(
        () => Promise.reject(new Error('a copy')),
        async () => {
          later = () => guard.beforeWrite();
          await assert.rejects(guard.beforeWrite()!, /a copy/);
          await guard.beforeWrite();
        },
      ),
      /a copy/,
    );
    assert.equal(later?.(), undefined, 'the work settled: its later writes do not wait');
  });
});
