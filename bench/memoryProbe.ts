// Preloaded into the benchmark's bot processes (`--expose-gc --require dist/bench/memoryProbe.js`): on SIGUSR2 it
// runs a full collection and prints one `memory {…}` line, so the benchmark reads the heap a process really keeps
// (RSS alone counts garbage not yet collected and the embedded store's thread). Bench only; production never loads it.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  process.stdout.write(`memory ${JSON.stringify({ rssMb: mb(rss), heapMb: mb(heapUsed), externalMb: mb(external) })}\n`);
});
