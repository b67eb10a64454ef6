import assert from 'node:assert/strict';
import { paced } from '../../bot/web/paced';

describe('paced background work', () => {
  it('pauses after each item as long as the item took to make', async () => {
    let clock = 0;
    const costs = [5, 10, 20];
    async function* pages() {
      for (const cost of costs) {
        clock += cost; // making this page takes `cost` ms
        await Promise.resolve();
        yield `page after ${cost} ms`;
      }
    }
    const waits: number[] = [];
    const got: string[] = [];
    for await (const page of paced(pages(), { now: () => clock, wait: async (ms) => void waits.push(ms) })) got.push(page);
    assert.deepEqual(got, ['page after 5 ms', 'page after 10 ms', 'page after 20 ms']);
    assert.deepEqual(waits, [5, 10, 20]);
  });

  it('a consumer that stops early stops the source (its finally runs)', async () => {
    let closed = false;
    async function* pages() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const page of paced(pages(), { wait: async () => undefined })) if (page === 2) break;
    assert.equal(closed, true);
  });
});
