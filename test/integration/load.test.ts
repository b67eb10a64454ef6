// The HTTP server under the benchmark's load: the kernel holds a backlog of 4096 connections for it (Node's default
// of 511 overflowed with 1,000 turns in flight, and each dropped connection waited out TCP's retransmissions), and
// 1,000 concurrent turns are all answered: no connection refused or reset.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { LISTEN_BACKLOG } from '../../bot/web/listen';
import { appWithConnector } from '../helpers/testApp';
import { message, post } from '../helpers/activities';

const TURNS = 1000;

describe('the HTTP server under 1,000 concurrent turns', function () {
  this.timeout(300_000);
  const { app, connector } = appWithConnector({ DEMO_MODE: 'true' });

  it("listens with a backlog of 4096 (the kernel's Send-Q of the listening socket)", () => {
    const port = new URL(app().url).port;
    const line = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
    const somaxconn = Number(execFileSync('cat', ['/proc/sys/net/core/somaxconn'], { encoding: 'utf8' }));
    assert.equal(Number(line.split(/\s+/)[2]), Math.min(LISTEN_BACKLOG, somaxconn), line);
  });

  it('answers every one of 1,000 turns sent at once (no connection refused or reset)', async () => {
    const latencies: number[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: TURNS }, (_, i) => {
        const sent = performance.now();
        return post(app().url, message({ id: `29:load-${i}`, name: `User ${i}`, locale: 'en-US' }, 'help', connector().serviceUrl)).then(
          (res) => {
            latencies.push(performance.now() - sent);
            return String(res.status);
          },
          (err: unknown) => `${(err as Error).message} ${String((err as { cause?: { code?: string } }).cause?.code ?? '')}`,
        );
      }),
    );
    const counts = outcomes.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {});
    assert.deepEqual(counts, { '200': TURNS });
    // A figure, not an assertion (speed belongs to the benchmark): how evenly the queue is served.
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `      1,000 turns at once: p50 ${(at(0.5) / 1000).toFixed(1)} s, p99 ${(at(0.99) / 1000).toFixed(1)} s (p99/p50 ${(at(0.99) / at(0.5)).toFixed(1)})`,
    );
  });
});
