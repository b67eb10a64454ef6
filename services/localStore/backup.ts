// Backups of the local data folder (the embedded store), taken while the bot runs, and putting one back.
// - Consistent: the journal is append-only (one line per acknowledged write, compaction is a rename of a complete
//   copy), so its bytes up to the last complete line are the store as it was at some instant. The copy reads an
//   open descriptor (a compaction renaming a new journal over it does not change what it reads) up to the size it
//   had when opened, and keeps what ends with the last newline: the line format itself is not parsed, so it keeps
//   working whatever the lines carry (sequence numbers, checksums).
// - Complete or absent: everything is written into `<dest>.partial-<pid>`, flushed, with the manifest
//   (backup.json) last, and renamed to `<dest>` at the end; a backup killed halfway leaves only the partial folder,
//   which restore refuses (no manifest).
// - Restore takes the data folder's lock (refused while a bot holds it) and moves what it replaces aside.
import fs from 'node:fs';
import path from 'node:path';
import { lockDataDir } from './dataLock';

export const MANIFEST = 'backup.json';
const JOURNAL = path.join('cosmos', 'journal.jsonl');
/** Kept beside the journal: signed links in e-mails and cards already sent stay valid after a restore. */
const LINK_SECRET = 'link-secret';
const CHUNK = 1 << 20;
const NEWLINE = 10;

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** The data folder it was taken from. */
  from: string;
  /** Bytes of the journal copy (complete lines only). */
  journalBytes: number;
  /** Files in the backup, relative to it (the manifest aside). */
  files: string[];
}

export class NotABackupError extends Error {}

/** Copies `from` (a file being appended to) into `to`, up to its last complete line; returns the bytes kept. */
function copyCompleteLines(from: string, to: string): number {
  const source = fs.openSync(from, 'r');
  const target = fs.openSync(to, 'w', 0o600);
  try {
    const size = fs.fstatSync(source).size;
    const buf = Buffer.allocUnsafe(CHUNK);
    let offset = 0;
    let complete = 0;
    let lastByte: number | undefined;
    while (offset < size) {
      const read = fs.readSync(source, buf, 0, Math.min(CHUNK, size - offset), offset);
      if (read === 0) break;
      for (let written = 0; written < read;) written += fs.writeSync(target, buf, written, read - written);
      // The end of the last non-empty line: a full disk's probe (journal.ts) may have left newlines after it.
      let nl = buf.subarray(0, read).lastIndexOf(NEWLINE);
      while (nl > 0 && buf[nl - 1] === NEWLINE) nl--;
      if (nl > 0 || (nl === 0 && lastByte !== undefined && lastByte !== NEWLINE)) complete = offset + nl + 1;
      lastByte = buf[read - 1];
      offset += read;
    }
    fs.ftruncateSync(target, complete);
    fs.fsyncSync(target);
    return complete;
  } finally {
    fs.closeSync(source);
    fs.closeSync(target);
  }
}

function writeDurably(file: string, data: string | Buffer, mode = 0o600): void {
  const fd = fs.openSync(file, 'w', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a backup of `dataDir` into `dest` (which must not exist yet); returns its manifest. */
export function backupDataDir(dataDir: string, dest: string): BackupManifest {
  if (fs.existsSync(dest)) throw new Error(`${dest} exists already: choose another folder`);
  const journal = path.join(dataDir, JOURNAL);
  if (!fs.existsSync(journal)) throw new Error(`no local store in ${dataDir} (${JOURNAL} is missing)`);
  const partial = `${dest}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.join(partial, 'cosmos'), { recursive: true, mode: 0o700 });
  const journalBytes = copyCompleteLines(journal, path.join(partial, JOURNAL));
  const files = [JOURNAL];
  if (fs.existsSync(path.join(dataDir, LINK_SECRET))) {
    writeDurably(path.join(partial, LINK_SECRET), fs.readFileSync(path.join(dataDir, LINK_SECRET)));
    files.push(LINK_SECRET);
  }
  const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), from: path.resolve(dataDir), journalBytes, files };
  writeDurably(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  fsyncDir(path.join(partial, 'cosmos'));
  fsyncDir(partial);
  fs.renameSync(partial, dest);
  fsyncDir(path.dirname(path.resolve(dest)));
  return manifest;
}

/** The manifest of a complete backup, or NotABackupError saying why `dir` is not one. */
export function readBackup(dir: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    throw new NotABackupError(`${dir} is not a complete backup (no readable ${MANIFEST}: a backup that did not finish?)`);
  }
  const journal = path.join(dir, JOURNAL);
  if (manifest.format !== 1 || !fs.existsSync(journal) || fs.statSync(journal).size !== manifest.journalBytes) {
    throw new NotABackupError(`${dir} is not a complete backup (its journal does not match ${MANIFEST})`);
  }
  return manifest;
}

/**
 * Puts the backup in `from` back into `dataDir`, holding the folder's lock (DataDirInUseError while a bot runs on
 * it). The files replaced are kept beside, renamed `<name>.before-restore-<time>`; returns those names.
 */
export function restoreDataDir(from: string, dataDir: string, now = new Date()): string[] {
  const manifest = readBackup(from);
  const lock = lockDataDir(dataDir);
  try {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const keptAside: string[] = [];
    fs.mkdirSync(path.join(dataDir, 'cosmos'), { recursive: true, mode: 0o700 });
    for (const file of manifest.files) {
      const target = path.join(dataDir, file);
      const tmp = `${target}.restoring`;
      writeDurably(tmp, fs.readFileSync(path.join(from, file)));
      if (fs.existsSync(target)) {
        const aside = `${target}.before-restore-${stamp}`;
        fs.renameSync(target, aside);
        keptAside.push(aside);
      }
      fs.renameSync(tmp, target);
    }
    fsyncDir(path.join(dataDir, 'cosmos'));
    fsyncDir(dataDir);
    return keptAside;
  } finally {
    lock.release();
  }
}
