// The card verbs' table and payloads: each verb's data is checked before its handler runs (a bad one is refused with
// a clear message and reaches no handler). What the type checker guarantees is held by the expect-error lines of
// the last test: the build fails when one of them stops being an error.
import assert from 'node:assert/strict';
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { BOT_PAYLOADS, runVerb, verbRows, type BotVerb, type VerbTable } from '../../bot/teams/verbTable';
import { CARD_PAYLOADS } from '../../cards';
import { en } from '../../services/strings/en';
import { allLanguages, type Strings } from '../../services/strings';
import { memoryLogger } from '../helpers/testApp';

const ALL_VERBS = Object.keys(BOT_PAYLOADS) as BotVerb[];
const contextIn = (locale: string) => ({ activity: { id: 'a1', locale } }) as unknown as TurnContext;

/** A table whose every handler records what it was given. */
function recordingTable(dialogTurn = false, fail = false) {
  const calls: { verb: string; payload: unknown }[] = [];
  const table: VerbTable = verbRows(ALL_VERBS, dialogTurn, (_context, verb, payload) => {
    calls.push({ verb, payload });
    const done: AdaptiveCardInvokeResponse = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: {} };
    return fail ? Promise.reject(new Error('store down')) : Promise.resolve(done);
  });
  return { table, calls };
}

describe('card verbs: typed payloads and one handler each', () => {
  it('reads a review form by its verb-named inputs, the version as a number, and the tick as a boolean', () => {
    const parsed = CARD_PAYLOADS['review.approve'].parse({
      claimId: 'CPOR-1',
      partnerTenantId: 't',
      version: '3',
      'review.approve.comment': 'ok',
      'review.reject.comment': 'another form on the card',
      'review.approve.contactChecked': 'true',
      fromQueue: true,
      status: 'Submitted',
    });
    assert.deepEqual(parsed, {
      claimId: 'CPOR-1',
      partnerTenantId: 't',
      version: 3,
      seen: undefined,
      reason: undefined,
      comment: 'ok',
      fromQueue: true,
      filters: { status: 'Submitted' },
      contactChecked: true,
    });
  });

  it("reads a partner form's text by its verb, and an empty one as empty", () => {
    const ref = { claimId: 'CPOR-1', partnerTenantId: 't', version: 2 };
    assert.equal(CARD_PAYLOADS['claim.dispute'].parse({ ...ref, 'claim.dispute': 'wrong', 'claim.withdraw': 'no' }).comment, 'wrong');
    assert.equal(CARD_PAYLOADS['claim.withdraw'].parse(ref).comment, '');
  });

  it('refuses data its verb does not send with the clear message, in the clicker language, and calls no handler', async () => {
    const { log, lines } = memoryLogger();
    const { table, calls } = recordingTable();
    const bad: [BotVerb, unknown][] = [
      ['review.start', { claimId: 'CPOR-1', partnerTenantId: 't', version: 'v2' }],
      ['claim.open', { claimId: 7, partnerTenantId: 't' }],
      ['review.queue', { export: 'yes' }],
      ['command', { text: { nested: true } }],
      ['claimForm.submit', { claimId: 'CPOR-1' }],
      ['claim.list', 'not an object'],
    ];
    for (const [verb, data] of bad) {
      const answer = await runVerb(table, contextIn('it-IT'), verb, data, log);
      assert.equal(answer.statusCode, 400, verb);
      assert.deepEqual(answer.value, { code: 'BadRequest', message: allLanguages.it.cardData.invalid }, verb);
    }
    assert.deepEqual(calls, []);
    assert.equal(lines().filter((l) => l.msg === 'card click refused: its data is not what its verb sends').length, bad.length);
  });

  it('an unknown verb is refused; a failure of a verb on stored claims is an apology, a dialog verb goes to the turn', async () => {
    const { log } = memoryLogger();
    const unknown = await runVerb(recordingTable().table, contextIn('en-US'), 'review.delete', {}, log);
    assert.deepEqual(unknown.value, { code: 'BadRequest', message: en.errors.unknownAction });
    const failed = await runVerb(recordingTable(false, true).table, contextIn('en-US'), 'claim.list', {}, log);
    assert.equal(failed.statusCode, 500);
    await assert.rejects(runVerb(recordingTable(true, true).table, contextIn('en-US'), 'command', { text: 'help' }, log), /store down/);
  });

  it('gives the handler the checked payload', async () => {
    const { log } = memoryLogger();
    const { table, calls } = recordingTable();
    await runVerb(table, contextIn('en-US'), 'claim.list', { status: 'Submitted', page: 'first' }, log);
    assert.deepEqual(calls, [{ verb: 'claim.list', payload: { status: 'Submitted' } }]);
  });

  it('compile-time guarantees (checked by the build)', () => {
    const { table } = recordingTable();
    const { 'review.queue': queue, ...withoutQueue } = table;
    // @ts-expect-error a verb without a handler does not compile
    const incomplete: VerbTable = withoutQueue;
    const { cardData, ...withoutKey } = en;
    // @ts-expect-error a string key missing in a language does not compile
    const missingKey: Strings = withoutKey;
    // @ts-expect-error nor one missing inside a group
    const missingNested: Strings = { ...en, cardData: {} };
    assert.ok(queue && incomplete && cardData && missingKey && missingNested);
  });
});
