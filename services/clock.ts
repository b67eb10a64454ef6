// The one source of "now" for the whole bot. The composition root creates it and passes it everywhere, so a test
// (or a rehearsal at another date) sets the time once and every deadline, history entry and link agrees with it.
// Durations (timeouts, retry waits) are not dates: they use timers, not the clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: tests set it to a Sunday, a DST change day or 24 December. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
