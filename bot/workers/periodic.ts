// Work every instance repeats on a timer of its own, outside the scheduler's lease (the daily digest, whose day
// document lets one instance post; the orphaned-file sweep, harmless twice): one run at a time, a failure logged
// and left for the next tick, and a stop that waits for the run in progress.
import type { Logger } from '../../services/logger';

export interface PeriodicJob {
  run(): Promise<unknown>;
  everyMs: number;
  /** Logged with the error when a run fails (say when it is tried again). */
  failure: string;
  log: Logger;
}

export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly job: PeriodicJob) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.job.everyMs);
    this.timer.unref();
  }

  /** One run; while one is in progress, that one (a slow run is not stacked with the next). */
  tick(): Promise<void> {
    this.running ??= this.job
      .run()
      .then(
        () => undefined,
        (err: unknown) => this.job.log.error({ err }, this.job.failure),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** No further run; resolves when the one in progress (if any) has ended. The timer is cleared at once. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }
}
