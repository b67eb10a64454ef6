// npm run restore <backup folder>: puts a backup made by `npm run backup` back into the local data folder (DATA_DIR,
// default .data). Refused while a bot runs on that folder; the files it replaces are kept beside, renamed.
import dotenv from 'dotenv';
import { loadConfig } from '../services/config';
import { restoreDataDir } from '../services/localStore/backup';

dotenv.config({ quiet: true });
const from = process.argv[2];
if (!from) {
  process.stderr.write('Usage: npm run restore <backup folder>\n');
  process.exit(2);
}
try {
  const { dataDir } = loadConfig(process.env);
  const aside = restoreDataDir(from, dataDir);
  process.stdout.write(`Restored ${from} into ${dataDir}.${aside.length ? ` The files it replaced are kept: ${aside.join(', ')}.` : ''}\n`);
} catch (err) {
  process.stderr.write(`Restore refused: ${(err as Error).message}\n`);
  process.exit(1);
}
