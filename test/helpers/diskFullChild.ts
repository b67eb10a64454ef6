// Runs the full-disk scenario (diskFullScenario.ts) in a process of its own, started with
// `node -r diskFullHooks.js`: the injected ENOSPC then reaches the local store's thread, where the journal is
// written. The disk is "full" while the marker file DISK_FULL_MARKER exists. Exits 0 when the scenario held.
import fs from 'node:fs';
import { diskFullScenario } from './diskFullScenario';

const marker = process.env.DISK_FULL_MARKER!;
diskFullScenario(process.env.DATA_DIR!, { fill: () => fs.writeFileSync(marker, ''), free: () => fs.rmSync(marker, { force: true }) }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
