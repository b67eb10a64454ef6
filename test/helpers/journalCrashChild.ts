// A process that writes to the local store and is killed for real (SIGKILL, no clean-up) at a chosen moment:
//   CRASH_AT=n          just before the n-th journal append (so after append n-1 completed)
//   CRASH_TORN=1        with CRASH_AT: after writing only the first half of the n-th line
//   CRASH_COMPACTING=1  in the middle of writing the compacted copy at start
// It prints "ACK <step>" once each write of CRASH_STEPS is acknowledged, and "APPENDS <count>" at the end when not
// killed. The kill is injected at fs.writeSync, the call the journal appends with.
import fs from 'node:fs';
import { CRASH_STEPS, type CrashStep } from './crashSteps';

const crashAt = Number(process.env.CRASH_AT ?? 0);
const torn = process.env.CRASH_TORN === '1';
const compacting = process.env.CRASH_COMPACTING === '1';
const journalFds = new Set<number>();
const tmpFds = new Set<number>();
let appends = 0;

const openSync = fs.openSync;
fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
  const fd = (openSync as (...a: unknown[]) => number)(file, ...rest);
  if (String(file).endsWith('journal.jsonl') && rest[0] === 'a') journalFds.add(fd);
  if (String(file).endsWith('journal.jsonl.tmp')) tmpFds.add(fd);
  return fd;
});

const writeSync = fs.writeSync;
fs.writeSync = ((fd: number, buffer: Buffer, offset?: number, length?: number) => {
  if (compacting && tmpFds.has(fd)) {
    (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, Math.floor((length ?? buffer.length) / 2));
    process.kill(process.pid, 'SIGKILL');
  }
  if (journalFds.has(fd) && Buffer.isBuffer(buffer)) {
    appends++;
    if (appends === crashAt) {
      if (torn) (writeSync as (...a: unknown[]) => number)(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2));
      process.kill(process.pid, 'SIGKILL');
    }
  }
  return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length);
}) as typeof fs.writeSync;

async function run(step: CrashStep, conversations: import('@azure/cosmos').Container): Promise<void> {
  const item = conversations.item(step.id, step.id);
  switch (step.op) {
    case 'create':
      await conversations.items.create({ id: step.id, v: step.v, pad: 'x'.repeat(200) });
      break;
    case 'replace':
      await item.replace({ id: step.id, v: step.v, pad: 'y'.repeat(300) });
      break;
    case 'upsert':
      await conversations.items.upsert({ id: step.id, v: step.v });
      break;
    case 'patch':
      await item.patch([{ op: 'set', path: '/v', value: step.v }]);
      break;
    case 'delete':
      await item.delete();
      break;
  }
}

async function main(): Promise<void> {
  // Imported after the fs hooks are in place.
  const { openCosmosStore } = await import('../../services/cosmosStore');
  const { loadConfig } = await import('../../services/config');
  const dataDir = process.env.DATA_DIR!;
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
  for (const [i, step] of CRASH_STEPS.entries()) {
    await run(step, store.containers.conversations);
    process.stdout.write(`ACK ${i}\n`);
  }
  process.stdout.write(`APPENDS ${appends}\n`);
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
