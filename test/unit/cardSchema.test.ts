import assert from 'assert/strict';
import { validateCard } from '../../scripts/manifestSchema';

const minimalCard = () => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'New CPOR association', wrap: true } as Record<string, unknown>],
  actions: [{ type: 'Action.Submit', title: 'Approve', data: { verb: 'approve' } }],
});

describe('Adaptive Card 1.5 schema validation', () => {
  it('accepts a minimal valid card', () => {
    assert.deepEqual(validateCard(minimalCard()), []);
  });

  it('rejects a card with a misspelled element type, in one message', () => {
    const card = minimalCard();
    card.body[0].type = 'TextBlok';
    const errors = validateCard(card);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^\/body\/0\/type "TextBlok" is not one of: .*\bTextBlock\b/);
  });

  it('names an unknown property of an element', () => {
    const card = minimalCard();
    card.body[0].colr = 'good';
    assert.deepEqual(validateCard(card), ['/body/0 must NOT have additional properties: "colr"']);
  });

  it('rejects a root card without type or version', () => {
    const { type: _type, version: _version, ...card } = minimalCard();
    const errors = validateCard(card);
    assert.ok(errors.includes('/type must be "AdaptiveCard"'), errors.join('\n'));
    assert.ok(
      errors.some((e) => e.startsWith('/version')),
      errors.join('\n'),
    );
  });
});
