// The one source of "now" for the whole bot. The composition root creates it and passes it everywhere, so a test
// (or a rehearsal at another date) sets the time once and every deadline, history entry and link agrees with it.
// Durations (timeouts, retry waits) are not dates: they use timers, not the clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock set to a chosen instant: tests put it on a Sunday, a DST change day or 24 December. It stands still,
 * or with `ticking` moves on with real time from there (so waits and grace periods pass as they would).
 */
export class FakeClock implements Clock {
  private base: number;
  private realBase = Date.now();

  constructor(
    start: Date | string,
    private readonly opts: { ticking?: boolean } = {},
  ) {
    this.base = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.base + (this.opts.ticking ? Date.now() - this.realBase : 0));
  }

  set(at: Date | string): void {
    this.base = new Date(at).getTime();
    this.realBase = Date.now();
  }

  advance(ms: number): void {
    this.base += ms;
  }
}
