import assert from 'node:assert/strict';
import { recognizeCommand } from '../../bot/teams/commands';
import { allLanguages, languageOf, stringsFor } from '../../services/strings';

describe('language and commands', () => {
  it('answers Italian users in Italian and everybody else in English', () => {
    assert.equal(languageOf('it-IT'), 'it');
    assert.equal(languageOf('IT-ch'), 'it');
    assert.equal(languageOf('en-US'), 'en');
    assert.equal(languageOf('fr-FR'), 'en');
    assert.equal(languageOf(undefined), 'en');
    assert.equal(stringsFor('it-IT').help.heading, 'Cosa posso fare');
  });

  it('recognises help in both languages whatever the user locale, ignoring case and punctuation', () => {
    for (const said of ['help', 'HELP!', '  Aiuto. ', 'cosa sai fare', 'What can you do?']) {
      assert.equal(recognizeCommand(said), 'help', said);
    }
    assert.equal(recognizeCommand('helpful tips'), undefined);
    assert.equal(recognizeCommand(''), undefined);
  });

  it('has the same strings in every language, none empty', () => {
    const shape = (o: unknown): unknown =>
      Array.isArray(o) ? 'list' : typeof o === 'object' && o !== null ? Object.fromEntries(Object.keys(o).map((k) => [k, shape((o as never)[k])])) : typeof o;
    assert.deepEqual(shape(allLanguages.it), shape(allLanguages.en));
    const empties: string[] = [];
    const walk = (o: unknown, at: string) => {
      if (typeof o === 'string' && o.trim() === '') empties.push(at);
      else if (typeof o === 'object' && o) for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    walk(allLanguages, 'strings');
    assert.deepEqual(empties, []);
  });
});
