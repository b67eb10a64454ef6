// A turn's held replies leave as few messages as they can: a plain line joins the message after it as its first
// paragraph; anything richer (a card, buttons, a mention) is sent as it is, and the order never changes.
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { joinPlainLines } from '../../bot/teams/heldReplies';
import { LIMITS } from '../../services/domain/validation';

const line = (text: string): Partial<Activity> => ({ type: 'message', text, inputHint: 'acceptingInput' });
const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } };
const texts = (activities: Partial<Activity>[]) => activities.map((a) => a.text ?? '');

describe('held replies: plain lines joined to the next message', () => {
  it('an acknowledgement and the next question: one message, the acknowledgement first', () => {
    const out = joinPlainLines([line('Noted.'), line('What is the customer domain?')]);
    assert.deepEqual(texts(out), ['Noted.\n\nWhat is the customer domain?']);
  });

  it('a line before a card: the card keeps its attachments, buttons and text, the line goes first', () => {
    const question: Partial<Activity> = { type: 'message', text: 'Which workloads?', attachments: [card], suggestedActions: { actions: [], to: [] } };
    const [only, ...rest] = joinPlainLines([line('Noted.'), question]);
    assert.equal(rest.length, 0);
    assert.equal(only.text, 'Noted.\n\nWhich workloads?');
    assert.deepEqual(only.attachments, [card]);
    assert.deepEqual(only.suggestedActions, question.suggestedActions);
  });

  it('a card without text takes the line as its text', () => {
    const [only] = joinPlainLines([line('Saved.'), { type: 'message', attachments: [card] }]);
    assert.equal(only.text, 'Saved.');
    assert.deepEqual(only.attachments, [card]);
  });

  it('three lines in a row: one message', () => {
    assert.deepEqual(texts(joinPlainLines([line('a'), line('b'), line('c')])), ['a\n\nb\n\nc']);
  });

  it('a card first, or a line last: sent as they are, in order', () => {
    const first: Partial<Activity> = { type: 'message', attachments: [card] };
    const out = joinPlainLines([first, line('after the card')]);
    assert.equal(out.length, 2);
    assert.equal(out[0], first);
    assert.equal(out[1].text, 'after the card');
  });

  it('a line with a mention, or with its own buttons, is not folded into the next message', () => {
    const mention: Partial<Activity> = { ...line('<at>Bob</at> approved'), entities: [{ type: 'mention' }] };
    const buttons: Partial<Activity> = { ...line('Pick one'), suggestedActions: { actions: [], to: [] } };
    assert.equal(joinPlainLines([mention, line('next')]).length, 2);
    assert.equal(joinPlainLines([buttons, line('next')]).length, 2);
  });

  it('other activity types stay where they are and are never joined (an invoke response, typing)', () => {
    const invokeResponse: Partial<Activity> = { type: 'invokeResponse', value: { status: 200 } };
    const out = joinPlainLines([line('a'), invokeResponse, line('b')]);
    assert.deepEqual(
      out.map((a) => a.type),
      ['message', 'invokeResponse', 'message'],
    );
    assert.deepEqual(texts(out), ['a', '', 'b']);
  });

  it('different text formats, or a joined message over what Teams takes in one message (text and card together), stay apart', () => {
    assert.equal(joinPlainLines([line('a'), { ...line('<b>b</b>'), textFormat: 'xml' }]).length, 2);
    const bigCard = {
      contentType: card.contentType,
      content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'z'.repeat(LIMITS.cardBytes - 2000) }] },
    };
    assert.equal(
      joinPlainLines([line('x'.repeat(3000)), { type: 'message', attachments: [bigCard] }]).length,
      2,
      'the card alone is within the limit, joined it is not',
    );
    assert.equal(joinPlainLines([line('x'.repeat(1000)), { type: 'message', attachments: [bigCard] }]).length, 1, 'a short line still fits');
  });

  it('nothing held: nothing sent', () => {
    assert.deepEqual(joinPlainLines([]), []);
  });
});
