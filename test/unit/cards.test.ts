// Every template, rendered with sample data, is a valid Adaptive Card 1.5 whose buttons the bot understands.
import assert from 'node:assert/strict';
import { CARD_VERBS, CLAIM_VERBS, FORM_FIELDS, MANAGE_VERBS, QUEUE_VERB, renderCard, templates, type CardName } from '../../cards';
import { recognizeCommand } from '../../bot/teams/commands';
import { isTopicListRequest, matchTopic } from '../../bot/teams/troubleshooting';
import { validateCard } from '../../scripts/manifestSchema';
import { cardSamples } from '../helpers/cardSamples';
import { actionsOf } from '../helpers/cardActions';
import { isClaimFormVerb } from '../../bot/teams/dialogs/claimForm';

describe('card templates', () => {
  for (const name of Object.keys(templates) as CardName[]) {
    describe(name, () => {
      const card = renderCard(name, cardSamples[name]);

      it('is a valid Adaptive Card of version 1.5 or lower', () => {
        assert.deepEqual(validateCard(card), []);
        assert.ok(Number(card.version) <= 1.5, `version ${card.version}`);
      });

      it('binds every expression', () => {
        assert.doesNotMatch(JSON.stringify(card), /\$\{/);
        assert.doesNotMatch(JSON.stringify(card), /"\$(data|when)"/);
      });

      it('has buttons the bot handles: Action.Execute with a known verb and the data that verb needs', () => {
        for (const action of actionsOf(card)) {
          if (action.type === 'Action.OpenUrl' || action.type === 'Action.ShowCard' || action.type === 'Action.ToggleVisibility') continue;
          assert.equal(action.type, 'Action.Execute', 'Teams and the Playground both handle Action.Execute');
          if (action.verb === 'claim.list' || action.verb === QUEUE_VERB) continue; // filters and the next page's continuation are its data
          if (action.verb === 'claim.open') {
            assert.ok(action.data?.claimId && action.data.partnerTenantId, 'opening names the claim');
            continue;
          }
          if ([...CLAIM_VERBS, ...MANAGE_VERBS].includes((action.verb ?? '') as never)) {
            assert.ok(action.data?.claimId && action.data.partnerTenantId, 'a claim action names the claim');
            assert.equal(typeof action.data?.version, 'number', 'and the version the viewer saw');
            continue;
          }
          if (isClaimFormVerb(action.verb ?? '')) {
            assert.ok(
              (action.data as { claimForm?: string; claimId?: string }).claimForm && action.data?.claimId,
              'a claim form button names its operation and form',
            );
            continue;
          }
          assert.ok((CARD_VERBS as readonly string[]).includes(action.verb ?? ''), `verb "${action.verb}"`);
          assert.equal(typeof action.data?.prompt, 'string', 'every button says which question it answers');
          if (action.verb === 'command') {
            const text = action.data?.text ?? '';
            assert.ok(recognizeCommand(text) || isTopicListRequest(text) || matchTopic(text), `command "${text}"`);
          }
          if (action.verb === 'choice') assert.ok(action.data?.text, 'a choice sends its title');
          if (action.verb === 'form') assert.ok((FORM_FIELDS as readonly string[]).includes(action.data?.field ?? ''), `form "${action.data?.field}"`);
        }
      });
    });
  }

  it('drops the notice row when there is no notice', () => {
    const card = renderCard('help', { ...cardSamples.help, notice: '' });
    assert.equal(JSON.stringify(card).includes('Demo mode'), false);
    // Heading, intro, topics and the language buttons.
    assert.equal((card.body as unknown[]).length, 4);
  });
});
