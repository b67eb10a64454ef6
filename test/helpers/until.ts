// Waiting for a condition instead of sleeping a fixed time: the one polling helper of the tests. A wait ends as soon
// as its condition holds, and fails naming what it waited for (a function: worded at the time, with what was seen)
// once the time is up.

/** How often a condition is probed: short, so a wait costs little more than the thing it waits for. */
const POLL_MS = 10;

export type What = string | (() => string);

/** Resolves with the first value `probe` gives other than undefined; fails once `timeoutMs` has passed without one. */
export async function eventually<T>(what: What, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, everyMs = POLL_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Resolves as soon as `probe` holds; fails with `what` once `timeoutMs` has passed without it. */
export async function until(probe: () => boolean | Promise<boolean>, what: What, timeoutMs = 10_000): Promise<void> {
  await eventually(what, async () => ((await probe()) ? true : undefined), timeoutMs);
}
