// npm run backup [folder]: a consistent copy of the local data folder (DATA_DIR, default .data), taken while the bot
// runs, into the folder given or backups/<time>/ (services/localStore/backup.ts says what consistent means).
import path from 'node:path';
import dotenv from 'dotenv';
import { loadConfig } from '../services/config';
import { backupDataDir } from '../services/localStore/backup';

dotenv.config({ quiet: true });
try {
  const { dataDir } = loadConfig(process.env);
  const dest = path.resolve(process.argv[2] ?? path.join('backups', new Date().toISOString().replace(/[:.]/g, '-')));
  const manifest = backupDataDir(dataDir, dest);
  process.stdout.write(`Backed up ${dataDir} into ${dest} (journal ${manifest.journalBytes} bytes; ${manifest.files.join(', ')}).\n`);
} catch (err) {
  process.stderr.write(`Backup failed: ${(err as Error).message}\n`);
  process.exit(1);
}
