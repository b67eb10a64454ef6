// A process that writes to the local store and is killed for real (SIGKILL, no clean-up) at a chosen moment: run
// with `node -r journalCrashHooks.js` (where the kill is injected, and how). It prints "ACK <step>" once each write
// of CRASH_STEPS is acknowledged.
import { CRASH_STEPS, type CrashStep } from './crashSteps';

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
  const { openCosmosStore } = await import('../../services/cosmosStore');
  const { loadConfig } = await import('../../services/config');
  const dataDir = process.env.DATA_DIR!;
  const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
  for (const [i, step] of CRASH_STEPS.entries()) {
    await run(step, store.containers.conversations);
    process.stdout.write(`ACK ${i}\n`);
  }
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
