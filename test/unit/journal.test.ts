import assert from 'node:assert/strict';
import { foldJournal, type JournalEntry } from '../../services/localCosmos';
import { toCosmosId } from '../../services/botStateStorage';

const set = (id: string, v: number, coll = 'c'): JournalEntry => ({ op: 'set', db: 'd', coll, pkPath: '/id', pk: id, id, doc: { id, v } });
const del = (id: string, coll = 'c'): JournalEntry => ({ op: 'delete', db: 'd', coll, pkPath: '/id', pk: id, id });
const lines = (...entries: JournalEntry[]) => entries.map((e) => JSON.stringify(e));

describe('local Cosmos journal', () => {
  it('keeps the last state of each document and drops deleted ones', () => {
    const live = foldJournal(lines(set('a', 1), set('b', 1), set('a', 2), del('b'), set('c', 1), del('c'), set('c', 3)));
    assert.deepEqual(live.map((e) => e.doc), [{ id: 'a', v: 2 }, { id: 'c', v: 3 }]);
  });

  it('keeps documents of different containers apart', () => {
    const live = foldJournal(lines(set('a', 1, 'x'), set('a', 2, 'y'), del('a', 'x')));
    assert.deepEqual(live.map((e) => [e.coll, e.doc?.v]), [['y', 2]]);
  });

  it('skips a torn last line left by a crash mid-write', () => {
    const text = lines(set('a', 1)).join('\n') + '\n{"op":"set","db":"d","co';
    assert.deepEqual(foldJournal(text.split('\n')).map((e) => e.id), ['a']);
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
