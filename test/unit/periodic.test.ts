// The timer the daily digest and the orphaned-file sweep run on (bot/workers/periodic.ts), on sinon's fake clock:
// a run each interval, never two at once, a failure logged and retried at the next tick, and a stop that ends the
// ticks and waits for the run in progress.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Periodic } from '../../bot/workers/periodic';
import { memoryLogger } from '../helpers/testApp';

const EVERY_MS = 60_000;

/** A job whose runs end when the test says. */
function heldJob() {
  const runs: { finish: (err?: Error) => void }[] = [];
  const run = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ finish: (err) => (err ? reject(err) : resolve()) });
    });
  return { runs, run };
}

describe('periodic work (digest, file sweep)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('runs once per interval, and a run still going is not stacked with the next tick', async () => {
    const job = heldJob();
    const periodic = new Periodic({ run: job.run, everyMs: EVERY_MS, failure: 'failed', log: memoryLogger().log });
    periodic.start();
    assert.equal(job.runs.length, 0, 'the first run waits for the first interval');
    await clock.tickAsync(EVERY_MS);
    assert.equal(job.runs.length, 1);
    await clock.tickAsync(3 * EVERY_MS);
    assert.equal(job.runs.length, 1, 'ticks while a run is in progress start no other');
    job.runs[0].finish();
    await clock.tickAsync(EVERY_MS);
    assert.equal(job.runs.length, 2);
    job.runs[1].finish();
    await periodic.stop();
  });

  it('logs a failed run with its message and runs again at the next tick', async () => {
    const job = heldJob();
    const { log, lines } = memoryLogger();
    const periodic = new Periodic({ run: job.run, everyMs: EVERY_MS, failure: 'daily digest failed; retried next interval', log });
    periodic.start();
    await clock.tickAsync(EVERY_MS);
    job.runs[0].finish(new Error('store unreachable'));
    await clock.tickAsync(EVERY_MS);
    const failed = lines().filter((l) => l.msg === 'daily digest failed; retried next interval');
    assert.equal(failed.length, 1);
    assert.match(JSON.stringify(failed[0].err), /store unreachable/);
    assert.equal(job.runs.length, 2, 'tried again at the next tick');
    job.runs[1].finish();
    await periodic.stop();
  });

  it('stop: no tick after it, and it resolves only once the run in progress has ended', async () => {
    const job = heldJob();
    const periodic = new Periodic({ run: job.run, everyMs: EVERY_MS, failure: 'failed', log: memoryLogger().log });
    periodic.start();
    await clock.tickAsync(EVERY_MS);
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await clock.tickAsync(5 * EVERY_MS);
    assert.equal(stopped, false, 'the run in progress is waited for');
    assert.equal(job.runs.length, 1, 'no run after the stop');
    job.runs[0].finish();
    await stopping;
    assert.equal(stopped, true);
  });
});
