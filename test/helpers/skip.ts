// A test that cannot run here (a facility it needs is missing) is skipped, and says why in the run's output: a
// bare this.skip() reads like any other pending test.
export function skipBecause(test: Mocha.Context, reason: string): never {
  console.log(`      SKIPPED (${test.currentTest?.title ?? test.test?.title ?? 'test'}): ${reason}`);
  test.skip();
}
