// One notice at a time between "sent" and "recorded as sent": a crash (kill -9, power loss) in that window makes
// the notice go out again after the restart, so the window is kept to one notice per process. A send that is slow
// (a peer that hangs until its timeout) lets the next one in after `holdAtMostMs`, so a stuck chat costs the others
// that much, not its whole timeout.
export class SendGate {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with `release` once the gate is ours; it is released at `release()` or after `holdAtMostMs`. */
  async acquire(holdAtMostMs: number): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => released);
    await before;
    const timer = setTimeout(release, holdAtMostMs);
    return () => {
      clearTimeout(timer);
      release();
    };
  }
}
