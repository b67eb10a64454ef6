import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { foldJournal, type JournalEntry } from '../../services/localCosmos';
import { Journal, JournalWriteError, journalLine, readJournal } from '../../services/localStore/journal';
import { toCosmosId } from '../../services/botStateStorage';
import { tempDir } from '../helpers/testApp';

const set = (id: string, v: number, coll = 'c'): JournalEntry => ({ op: 'set', db: 'd', coll, pkPath: '/id', pk: id, id, doc: { id, v } });
const del = (id: string, coll = 'c'): JournalEntry => ({ op: 'delete', db: 'd', coll, pkPath: '/id', pk: id, id });
/** Journal lines numbered from 1, without their newlines. */
const lines = (...entries: JournalEntry[]) => entries.map((e, i) => journalLine(i + 1, e).slice(0, -1));

describe('local Cosmos journal', () => {
  it('keeps the last state of each document and drops deleted ones', () => {
    const live = foldJournal(lines(set('a', 1), set('b', 1), set('a', 2), del('b'), set('c', 1), del('c'), set('c', 3)));
    assert.deepEqual(
      live.map((e) => e.doc),
      [
        { id: 'a', v: 2 },
        { id: 'c', v: 3 },
      ],
    );
  });

  it('keeps documents of different containers apart', () => {
    const live = foldJournal(lines(set('a', 1, 'x'), set('a', 2, 'y'), del('a', 'x')));
    assert.deepEqual(
      live.map((e) => [e.coll, e.doc?.v]),
      [['y', 2]],
    );
  });
});

describe('local Cosmos journal: every line proves itself', () => {
  const file = () => path.join(tempDir(), 'journal.jsonl');
  const damaged = (text: string) => {
    const f = file();
    fs.writeFileSync(f, text);
    return readJournal(f);
  };
  const good = lines(set('a', 1), set('b', 1), set('a', 2), set('c', 1));

  it('numbers each line and checksums its entry; a journal written so reads back whole', () => {
    const read = damaged(good.join('\n') + '\n');
    assert.equal(read.damage, undefined);
    assert.equal(read.lines, 4);
    assert.equal(read.lastSeq, 4);
    assert.match(good[0], /^\{"seq":1,"crc":"[0-9a-f]{8}","entry":\{"op":"set"/);
  });

  // The bad line's own document is listed when the line is readable enough to name it.
  const cases: [string, (ls: string[]) => string[], RegExp, string[]][] = [
    ['an unparsable middle line', (ls) => [ls[0], ls[1].slice(0, 30), ls[2], ls[3]], /not JSON/, ['c/a', 'c/c']],
    ['a NUL block in the middle', (ls) => [ls[0], '\0'.repeat(4096), ls[2], ls[3]], /NUL/, ['c/a', 'c/c']],
    ['a line of the wrong shape ({"op":"set"})', (ls) => [ls[0], '{"op":"set"}', ls[2], ls[3]], /not a journal entry/, ['c/a', 'c/c']],
    ['a changed byte (checksum)', (ls) => [ls[0], ls[1].replace('"v":1', '"v":7'), ls[2], ls[3]], /checksum/, ['c/a', 'c/b', 'c/c']],
    ['a missing line (sequence gap)', (ls) => [ls[0], ls[2], ls[3]], /sequence number 3 after 1/, ['c/a', 'c/c']],
    ['an empty line (a line wiped out)', (ls) => [ls[0], '', ls[2], ls[3]], /empty line/, ['c/a', 'c/c']],
    ['an old-format line after numbered ones', (ls) => [ls[0], JSON.stringify(set('b', 1)), ls[2], ls[3]], /without sequence number/, ['c/a', 'c/b', 'c/c']],
  ];
  for (const [label, damage, reason, lost] of cases) {
    it(`names the line of ${label}, folds only the lines before it, and lists the documents written from there on`, () => {
      const read = damaged(damage(good).join('\n') + '\n');
      assert.equal(read.damage?.line, 2);
      assert.match(read.damage?.reason ?? '', reason);
      assert.equal(read.lines, 1);
      assert.deepEqual(
        [...read.folded.values()].flatMap((d) => [...d.values()].map((e) => e.doc)),
        [{ id: 'a', v: 1 }],
      );
      assert.deepEqual(read.damage?.lost.sort(), lost);
    });
  }

  it('reads a journal in the old format (no numbers, no checksums) and says so; its damage is still seen', () => {
    const old = [set('a', 1), set('a', 2)].map((e) => JSON.stringify(e));
    const read = damaged(old.join('\n') + '\n');
    assert.equal(read.legacy, true);
    assert.equal(read.damage, undefined);
    assert.deepEqual(
      foldJournal(old).map((e) => e.doc),
      [{ id: 'a', v: 2 }],
    );
    assert.equal(damaged([old[0], '{"op":"set"}', old[1]].join('\n') + '\n').damage?.line, 2);
  });

  it('accepts the old format followed by numbered lines (appended before the first compaction)', () => {
    const read = damaged([JSON.stringify(set('a', 1)), ...lines(set('b', 1))].join('\n') + '\n');
    assert.equal(read.damage, undefined);
    assert.equal(read.lines, 2);
  });

  it('a torn end (a part line, a NUL block without newline, empty lines) is not damage: it is left out, verifiedEnd is before it', () => {
    for (const tail of ['{"seq":5,"crc":"00', '\0'.repeat(4096), '\n\n\n']) {
      const text = good.join('\n') + '\n';
      const read = damaged(text + tail);
      assert.equal(read.damage, undefined);
      assert.equal(read.verifiedEnd, Buffer.byteLength(text));
      assert.equal(read.lines, 4);
    }
  });
});

describe('local Cosmos journal file', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  afterEach(() => sinon.restore());

  it('cuts a line the disk took only half of, so the next line starts clean', () => {
    const file = path.join(tempDir(), 'journal.jsonl');
    const journal = new Journal(file);
    journal.append(set('a', 1));
    const writeSync = fs.writeSync;
    const stub = sinon.stub(fs, 'writeSync').callsFake(((fd: number, buf: Buffer, offset: number, length: number) => {
      (writeSync as (...a: unknown[]) => number)(fd, buf, offset, Math.floor(length / 2));
      throw enospc();
    }) as never);
    assert.throws(() => journal.append(set('b', 1)), JournalWriteError);
    assert.equal(journal.writable(), false);
    stub.restore();
    assert.equal(fs.readFileSync(file, 'utf8'), lines(set('a', 1))[0] + '\n', 'the half line is gone');
    assert.equal(journal.writable(), true);
    journal.append(set('c', 1));
    journal.close();
    const read = readJournal(file);
    assert.equal(read.lines, 2);
    assert.deepEqual(
      [...read.folded.values()].flatMap((d) => [...d.values()].map((e) => e.id)),
      ['a', 'c'],
    );
  });

  it('keeps the old journal in use when the compacted copy cannot be written, and appends go on', () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.jsonl');
    const journal = new Journal(file);
    journal.append(set('a', 1));
    journal.append(set('a', 2));
    const stub = sinon.stub(fs, 'fsyncSync').throws(enospc());
    assert.throws(() => journal.rewrite([set('a', 2)]), /ENOSPC/);
    stub.restore();
    assert.deepEqual(fs.readdirSync(dir), ['journal.jsonl'], 'no temp file left');
    journal.append(set('b', 1));
    journal.rewrite([set('a', 2), set('b', 1)]);
    journal.append(set('c', 1));
    journal.close();
    assert.deepEqual(
      fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).entry.doc.id),
      ['a', 'b', 'c'],
    );
  });

  it('reads up to the last complete line: a torn end is neither counted nor folded', () => {
    const file = path.join(tempDir(), 'journal.jsonl');
    const text = lines(set('a', 1), set('b', 1)).join('\n') + '\n{"op":"set","db":"d","co';
    fs.writeFileSync(file, text);
    const read = readJournal(file);
    assert.equal(read.verifiedEnd, text.lastIndexOf('\n') + 1);
    assert.equal(read.lines, 2);
  });
});

describe('bot state ids', () => {
  it('escapes the characters Cosmos forbids in ids and keeps distinct keys distinct', () => {
    assert.equal(toCosmosId('msteams/conversations/a:1/'), 'msteams*2fconversations*2fa:1*2f');
    assert.notEqual(toCosmosId('a/b'), toCosmosId('a*2fb'));
    assert.doesNotMatch(toCosmosId('x?y#z\\w'), /[/\\?#]/);
  });

  it('shortens very long keys to at most 255 characters, still unique', () => {
    const a = toCosmosId('k/'.repeat(200) + 'a');
    const b = toCosmosId('k/'.repeat(200) + 'b');
    assert.ok(a.length <= 255 && b.length <= 255);
    assert.notEqual(a, b);
  });
});
