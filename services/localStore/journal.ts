// The local store's write journal: one JSON line per document write, appended before the write is acknowledged.
// One write is one line, so a crash between two appends can only lose a write nobody was told succeeded. A line
// the disk could not take whole is cut off again before anything else is appended, and the write fails.
import fs from 'node:fs';

export interface JournalEntry {
  op: 'set' | 'delete';
  db: string;
  coll: string;
  /** The container's partition key path, so a container nobody recreates can still be restored. */
  pkPath: string;
  pk: unknown;
  id: string;
  /** The document as stored (with `_etag` and `_ts`, without `_rid`/`_self`, which depend on the server). */
  doc?: Record<string, unknown>;
}

/** A write the journal could not record: the store answers it with an error and keeps its memory as it was. */
export class JournalWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(`the local store's journal cannot be written (${(cause as Error).message ?? String(cause)})`);
  }
}

export const containerKey = (e: Pick<JournalEntry, 'db' | 'coll'>) => JSON.stringify([e.db, e.coll]);
const documentKey = (e: JournalEntry) => JSON.stringify([e.pk ?? null, e.id]);

/** The journal folded to the last state of every document, by container. */
export type FoldedJournal = Map<string, Map<string, JournalEntry>>;

export function foldInto(folded: FoldedJournal, entry: JournalEntry): void {
  const key = containerKey(entry);
  let docs = folded.get(key);
  if (!docs) folded.set(key, (docs = new Map()));
  if (entry.op === 'delete') docs.delete(documentKey(entry));
  else docs.set(documentKey(entry), entry);
}

/** Folds journal lines into the last state of every live document. Lines that do not parse (a torn end) are skipped. */
export function foldJournal(lines: Iterable<string>): JournalEntry[] {
  const folded: FoldedJournal = new Map();
  for (const line of lines) {
    const entry = parseLine(line);
    if (entry) foldInto(folded, entry);
  }
  return [...folded.values()].flatMap((docs) => [...docs.values()]);
}

function parseLine(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const entry = JSON.parse(line) as JournalEntry;
    return entry && typeof entry === 'object' && (entry.op === 'set' || entry.op === 'delete') ? entry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a journal file line by line without holding its text whole (50k claims are ~100 MB).
 * Returns the folded state, the offset just after the last complete line and how many complete lines there were.
 */
export function readJournal(file: string): { folded: FoldedJournal; goodEnd: number; lines: number } {
  const folded: FoldedJournal = new Map();
  if (!fs.existsSync(file)) return { folded, goodEnd: 0, lines: 0 };
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 << 20);
    let carry = Buffer.alloc(0);
    let offset = 0;
    let goodEnd = 0;
    let lines = 0;
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (read === 0) break;
      offset += read;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        const entry = parseLine(data.toString('utf8', start, nl));
        if (entry) foldInto(folded, entry);
        if (nl > start) lines++;
        start = nl + 1;
      }
      goodEnd = offset - (data.length - start);
      carry = Buffer.from(data.subarray(start));
    }
    return { folded, goodEnd, lines };
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file whole or not at all: temp file, fsync, rename over the old one. */
export function writeAtomically(file: string, lines: Iterable<string>): number {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let size = 0;
  try {
    let batch: string[] = [];
    let batchLength = 0;
    const flush = () => {
      const buf = Buffer.from(batch.join(''));
      for (let written = 0; written < buf.length;) written += fs.writeSync(fd, buf, written, buf.length - written);
      size += buf.length;
      batch = [];
      batchLength = 0;
    };
    for (const line of lines) {
      batch.push(line);
      batchLength += line.length;
      if (batchLength > 1 << 20) flush();
    }
    flush();
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return size;
}

export class Journal {
  private fd: number;
  /** Bytes of complete lines: where the next line starts. */
  private size: number;
  /** Set while the journal cannot be written (disk full, I/O error); cleared by the next good append. */
  private failure: unknown;
  /** Length of the line that failed: the journal is writable again when a line that long fits. */
  private failedLength = 0;
  /** The end of the file may hold part of a line that failed: cut it before appending. */
  private tornTail = false;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  get bytes(): number {
    return this.size;
  }

  append(entry: JournalEntry): void {
    const buf = Buffer.from(JSON.stringify(entry) + '\n');
    try {
      if (this.tornTail) this.cutTail();
      let written = 0;
      while (written < buf.length) written += fs.writeSync(this.fd, buf, written, buf.length - written);
    } catch (err) {
      this.failure = err;
      this.failedLength = buf.length;
      this.tornTail = true;
      this.tryCutTail();
      throw new JournalWriteError(err);
    }
    this.size += buf.length;
    this.failure = undefined;
  }

  /**
   * Whether a line can be appended now. After a failure it appends as many bytes as the line that failed (and
   * cuts them again at once), so a disk that has room again reports healthy before the next real write.
   */
  writable(): boolean {
    if (this.failure === undefined) return true;
    try {
      if (this.tornTail) this.cutTail();
      const probe = Buffer.alloc(this.failedLength, 10);
      this.tornTail = true;
      for (let written = 0; written < probe.length;) written += fs.writeSync(this.fd, probe, written, probe.length - written);
      this.cutTail();
      this.failure = undefined;
      return true;
    } catch (err) {
      this.failure = err;
      this.tryCutTail();
      return false;
    }
  }

  /** Replaces the journal with `lines` (the live state), atomically; on failure the old journal stays in use. */
  rewrite(lines: Iterable<string>): void {
    if (this.tornTail) this.cutTail();
    const size = writeAtomically(this.file, lines);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.size = size;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private tryCutTail(): void {
    try {
      this.cutTail();
    } catch {
      // Cut before the next append instead (tornTail stays set); until then nothing is appended.
    }
  }

  private cutTail(): void {
    fs.ftruncateSync(this.fd, this.size);
    this.tornTail = false;
  }
}
