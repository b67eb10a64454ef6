// The local store's write journal: one JSON line per document write, appended before the write is acknowledged.
// One write is one line, so a crash between two appends can only lose a write nobody was told succeeded. A line
// the disk could not take whole is cut off again before anything else is appended, and the write fails.
import fs from 'node:fs';
import zlib from 'node:zlib';

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

/**
 * One journal line: `{"seq":N,"crc":"<crc32 of the entry's JSON, 8 hex>","entry":<entry JSON>}`. The entry's
 * JSON is the exact text the checksum covers, so a reader checks it without serialising anything again, and the
 * line is still plain JSON for anyone reading the file. `seq` counts the file's lines from 1, so a lost or
 * repeated line is seen too.
 */
export function journalLine(seq: number, entry: JournalEntry): string {
  const payload = JSON.stringify(entry);
  return `{"seq":${seq},"crc":"${crcOf(payload)}","entry":${payload}}\n`;
}

const crcOf = (payload: string) => zlib.crc32(payload).toString(16).padStart(8, '0');
const LINE_HEAD = /^\{"seq":(\d{1,15}),"crc":"([0-9a-f]{8})","entry":/;
/** Journals written before lines were numbered and checksummed: read (once, then rewritten), never written. */
const LEGACY_HEAD = '{"op":';

/** A line's entry (and number), or what is wrong with it in words (with its entry when that much was readable). */
type LineVerdict = { entry: JournalEntry; seq?: number } | { damage: string; entry?: JournalEntry };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a parsed value has the shape every journal entry has (a `{"op":"set"}` alone does not). */
function isEntry(v: unknown): v is JournalEntry {
  if (!isObject(v) || (v.op !== 'set' && v.op !== 'delete')) return false;
  if (typeof v.db !== 'string' || typeof v.coll !== 'string' || typeof v.pkPath !== 'string' || typeof v.id !== 'string' || !('pk' in v)) return false;
  return v.op === 'delete' || (isObject(v.doc) && String(v.doc.id) === v.id);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Checks one complete line (without its newline). */
function checkLine(line: string): LineVerdict {
  if (line.includes('\0')) return { damage: 'NUL bytes' };
  const head = LINE_HEAD.exec(line);
  if (head) {
    const payload = line.slice(head[0].length, -1);
    const entry = line.endsWith('}') ? parseJson(payload) : undefined;
    if (!isEntry(entry)) return { damage: entry === undefined ? 'not JSON' : 'not a journal entry' };
    if (crcOf(payload) !== head[2]) return { damage: 'checksum mismatch', entry };
    return { entry, seq: Number(head[1]) };
  }
  if (line.startsWith(LEGACY_HEAD)) {
    const entry = parseJson(line);
    if (isEntry(entry)) return { entry };
    return { damage: entry === undefined ? 'not JSON' : 'not a journal entry' };
  }
  const parsed = parseJson(line);
  return { damage: parsed === undefined ? 'not JSON' : 'not a journal entry' };
}

/** Where a journal stops proving itself: the first bad line, and what the lines from there on held. */
export interface JournalDamage {
  /** 1-based line number of the first bad line. */
  line: number;
  reason: string;
  /** Documents (`container/id`) written on or after the bad line: their latest state cannot be restored. */
  lost: string[];
  /** Lines from the bad one on that name no document at all (unreadable). */
  unreadable: number;
}

export interface JournalRead {
  /** The state of every document, folded from the lines that verified (up to the first damage). */
  folded: FoldedJournal;
  /** Complete lines that verified. */
  lines: number;
  /** The `seq` of the last line (0 when none is numbered): the next append is numbered after it. */
  lastSeq: number;
  /** Some lines are in the old format (no seq, no checksum): the journal is rewritten in the new one at start. */
  legacy: boolean;
  /** Offset just after the last line that verified: what follows is damage, or a torn end (empty lines, a part line). */
  verifiedEnd: number;
  damage?: JournalDamage;
}

/** Folds complete journal lines, verifying each as `readJournal` does; throws on damage. */
export function foldJournal(lines: Iterable<string>): JournalEntry[] {
  const reader = new LineReader();
  for (const line of lines) reader.add(line, Buffer.byteLength(line) + 1);
  if (reader.damage) throw new Error(`journal damaged at line ${reader.damage.line}: ${reader.damage.reason}`);
  return [...reader.folded.values()].flatMap((docs) => [...docs.values()]);
}

/** Verifies and folds complete lines one at a time; after the first damage it only notes what the later lines held. */
class LineReader {
  readonly folded: FoldedJournal = new Map();
  /** Lines that verified. */
  lines = 0;
  lastSeq = 0;
  legacy = false;
  verifiedEnd = 0;
  damage?: JournalDamage;
  private readonly lost = new Set<string>();
  private offset = 0;
  /** Lines read, empty ones included: the number a person finds the line at. */
  private physical = 0;
  /** The first empty line since the last good one. */
  private blankAt: number | undefined;

  /** `bytes`: the line's length in the file, newline included. */
  add(line: string, bytes: number): void {
    this.offset += bytes;
    this.physical++;
    // Empty lines at the end are what a crash can leave of a full disk's probe (Journal.writable): cut like a torn
    // line. Anywhere else a line was lost.
    if (line === '') {
      this.blankAt ??= this.physical;
      return;
    }
    const verdict = checkLine(line);
    if (!this.damage && this.blankAt !== undefined) this.damage = { line: this.blankAt, reason: 'an empty line', lost: [], unreadable: 0 };
    if (!this.damage) {
      const problem = 'damage' in verdict ? verdict.damage : this.sequenceProblem(verdict.seq);
      if (problem === undefined && !('damage' in verdict)) {
        this.lines++;
        this.verifiedEnd = this.offset;
        if (verdict.seq === undefined) this.legacy = true;
        else this.lastSeq = verdict.seq;
        foldInto(this.folded, verdict.entry);
        return;
      }
      this.damage = { line: this.physical, reason: problem ?? '', lost: [], unreadable: 0 };
    }
    if (verdict.entry) this.lost.add(`${verdict.entry.coll}/${verdict.entry.id}`);
    else this.damage.unreadable++;
    this.damage.lost = [...this.lost];
  }

  private sequenceProblem(seq: number | undefined): string | undefined {
    if (seq === undefined) return this.lastSeq > 0 ? 'a line without sequence number after numbered ones' : undefined;
    return seq === this.lastSeq + 1 ? undefined : `sequence number ${seq} after ${this.lastSeq}`;
  }
}

/**
 * Reads a journal file line by line without holding its text whole (50k claims are ~100 MB), verifying every
 * complete line (shape, checksum, sequence). A last line without its newline is a write a crash or a full disk cut
 * short (never acknowledged): it is not read, and `verifiedEnd` is where it starts.
 */
export function readJournal(file: string): JournalRead {
  const reader = new LineReader();
  if (fs.existsSync(file)) {
    const fd = fs.openSync(file, 'r');
    try {
      const chunk = Buffer.allocUnsafe(8 << 20);
      let carry = Buffer.alloc(0);
      let offset = 0;
      for (;;) {
        const read = fs.readSync(fd, chunk, 0, chunk.length, offset);
        if (read === 0) break;
        offset += read;
        const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
        let start = 0;
        for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
          reader.add(data.toString('utf8', start, nl), nl + 1 - start);
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  const { folded, lines, lastSeq, legacy, verifiedEnd, damage } = reader;
  return { folded, lines, lastSeq, legacy, verifiedEnd, damage };
}

/** `entries` as journal lines, numbered by `next`. */
export function* numbered(entries: Iterable<JournalEntry>, next: () => number): Generator<string> {
  for (const entry of entries) yield journalLine(next(), entry);
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

  /** `seq`: the number of the journal's last line (readJournal's `lastSeq`): appends go on counting from it. */
  constructor(
    private readonly file: string,
    private seq = 0,
  ) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  get bytes(): number {
    return this.size;
  }

  append(entry: JournalEntry): void {
    const buf = Buffer.from(journalLine(this.seq + 1, entry));
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
    this.seq++;
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

  /** Replaces the journal with `entries` (the live state), atomically; on failure the old journal stays in use. */
  rewrite(entries: Iterable<JournalEntry>): void {
    if (this.tornTail) this.cutTail();
    let seq = 0;
    const size = writeAtomically(
      this.file,
      numbered(entries, () => ++seq),
    );
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.size = size;
    this.seq = seq;
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
