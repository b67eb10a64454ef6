// What the local store does with its journal at start, before serving anything: a journal that verifies is used
// (a torn last line cut off: a write a crash cut short was never acknowledged); a journal damaged anywhere else
// stops the start, untouched, unless the operator asked to recover, which keeps the damaged journal aside and
// starts from its last good line, naming every document whose latest state that loses.
import fs from 'node:fs';
import path from 'node:path';
import { numbered, readJournal, writeAtomically, type FoldedJournal, type JournalDamage } from './journal';

/** What happened to the journal at start, for the operator's log. */
export interface JournalStartReport {
  /** Bytes of a torn last line that were cut off. */
  tornBytes: number;
  /** The journal is in the old format (no sequence numbers or checksums): it is rewritten in the new one. */
  migrated: boolean;
  /** Set when the journal was damaged and the start recovered from its last good line. */
  recovered?: JournalDamage & { keptAs: string };
}

export interface OpenedJournal {
  /** The verified state of every document, by container. */
  folded: FoldedJournal;
  /** Verified lines in the journal now, and the number of its last one. */
  lines: number;
  lastSeq: number;
  report: JournalStartReport;
}

/** A journal that did not verify: the start stops, and the journal is left as it was. */
export class JournalDamagedError extends Error {
  constructor(file: string, damage: JournalDamage) {
    super(
      `the local store's journal ${file} is damaged at line ${damage.line} (${damage.reason}) and was left untouched. ` +
        `To start from its last good line (${damage.line - 1}), start with --recover (npm start -- --recover, or LOCAL_STORE_RECOVER=true): ` +
        `the damaged journal is kept aside and every document it cannot restore is logged.`,
    );
  }
}

const asideName = (file: string, at: Date) => path.join(path.dirname(file), `journal.damaged-${at.toISOString().replace(/[:.]/g, '-')}.jsonl`);

/** Keeps `file`'s bytes under `aside` (a hard link, else a copy); `file` itself is not changed. */
function keepAside(file: string, aside: string): void {
  try {
    fs.linkSync(file, aside);
  } catch {
    fs.copyFileSync(file, aside, fs.constants.COPYFILE_EXCL);
  }
}

/** Reads and verifies the journal `file`; see the header. Throws JournalDamagedError unless `recover`. */
export function openJournal(file: string, opts: { recover: boolean; now: Date }): OpenedJournal {
  const read = readJournal(file);
  const { folded, damage } = read;
  if (!damage) {
    const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    if (size > read.verifiedEnd) fs.truncateSync(file, read.verifiedEnd);
    return { folded, lines: read.lines, lastSeq: read.lastSeq, report: { tornBytes: size - read.verifiedEnd, migrated: read.legacy } };
  }
  if (!opts.recover) throw new JournalDamagedError(file, damage);
  const keptAs = asideName(file, opts.now);
  keepAside(file, keptAs);
  // The verified state replaces the journal whole (temp file + rename): a crash now leaves either journal, both kept.
  let seq = 0;
  writeAtomically(
    file,
    numbered(
      [...folded.values()].flatMap((docs) => [...docs.values()]),
      () => ++seq,
    ),
  );
  return { folded, lines: seq, lastSeq: seq, report: { tornBytes: 0, migrated: false, recovered: { ...damage, keptAs } } };
}
