import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { foldJournal, type JournalEntry } from '../../services/localCosmos';
import { Journal, JournalWriteError, readJournal } from '../../services/localStore/journal';
import { toCosmosId } from '../../services/botStateStorage';
import { tempDir } from '../helpers/testApp';

const set = (id: string, v: number, coll = 'c'): JournalEntry => ({ op: 'set', db: 'd', coll, pkPath: '/id', pk: id, id, doc: { id, v } });
const del = (id: string, coll = 'c'): JournalEntry => ({ op: 'delete', db: 'd', coll, pkPath: '/id', pk: id, id });
const lines = (...entries: JournalEntry[]) => entries.map((e) => JSON.stringify(e));

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

  it('skips a torn last line left by a crash mid-write', () => {
    const text = lines(set('a', 1)).join('\n') + '\n{"op":"set","db":"d","co';
    assert.deepEqual(
      foldJournal(text.split('\n')).map((e) => e.id),
      ['a'],
    );
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
    assert.throws(() => journal.rewrite(lines(set('a', 2)).map((l) => l + '\n')), /ENOSPC/);
    stub.restore();
    assert.deepEqual(fs.readdirSync(dir), ['journal.jsonl'], 'no temp file left');
    journal.append(set('b', 1));
    journal.rewrite(lines(set('a', 2), set('b', 1)).map((l) => l + '\n'));
    journal.append(set('c', 1));
    journal.close();
    assert.deepEqual(
      fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).doc.id),
      ['a', 'b', 'c'],
    );
  });

  it('reads up to the last complete line: a torn end is neither counted nor folded', () => {
    const file = path.join(tempDir(), 'journal.jsonl');
    const text = lines(set('a', 1), set('b', 1)).join('\n') + '\n{"op":"set","db":"d","co';
    fs.writeFileSync(file, text);
    const read = readJournal(file);
    assert.equal(read.goodEnd, text.lastIndexOf('\n') + 1);
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
