// A claim said in one sentence, taken into the draft: each value it carried is checked as the answer to its
// question would be (the tenant against the domain too), the ones taken are said back, and the loop asks only what
// is missing. A value refused is said why and asked like any other. Which values there are, where they apply and
// what they are called come from the field schema.
import type { TurnContext } from 'botbuilder';
import { ACTIVITIES } from '../../../services/domain/claim';
import type { SentenceFields } from '../../../services/domain/claimSentence';
import { applies, FIELDS, type FieldSpec, type InputId } from '../../../services/domain/fields';
import { withAnswer, type ClaimDraft } from './claimDraft';
import { checkEarly } from './earlyChecks';
import { checkAnswer } from './fieldChecks';
import { strings, type NewClaimDeps } from './newClaimSteps';

/** A sentence's value for an input, as an answer would be typed (a list with commas). */
function said(sentence: SentenceFields, id: InputId): string | undefined {
  const value = (sentence as Partial<Record<string, string | string[]>>)[id];
  return Array.isArray(value) ? value.join(',') : value;
}

export async function takeSentence(context: TurnContext, draft: ClaimDraft, sentence: SentenceFields, deps: NewClaimDeps): Promise<ClaimDraft> {
  const s = strings(context);
  const l = s.claim.labels;
  let next: ClaimDraft = { ...draft, fromSentence: true };
  const taken: string[] = [];
  if (sentence.solutionArea) {
    next = withAnswer(next, 'solutionArea', sentence.solutionArea);
    taken.push(`${l.solutionArea}: ${s.solutionAreas[sentence.solutionArea]}`);
    if (sentence.activity && ACTIVITIES[sentence.solutionArea].includes(sentence.activity)) {
      next = withAnswer(next, 'activity', sentence.activity);
      taken.push(`${l.activity}: ${s.activities[sentence.activity]}`);
    }
  }
  for (const field of FIELDS as readonly FieldSpec[]) {
    for (const input of field.inputs) {
      const raw = said(sentence, input.id as InputId);
      // Where it applies as the draft stands: a product taken first decides whether a technical contact is.
      if (!raw || !applies(field, next.fields)) continue;
      const result = await checkAnswer(input.id as InputId, raw, deps, s, { domain: next.fields.customerDomain });
      if (!result.ok) {
        await context.sendActivity(result.message);
        continue;
      }
      next = withAnswer(next, input.id as InputId, result.value);
      taken.push(`${l[field.key]}: ${Array.isArray(result.value) ? result.value.join(', ') : raw}`);
    }
  }
  // Someone's address, maybe not the user's: the partner contact's name is asked rather than assumed.
  if (sentence.partnerEmail && next.fields.partnerContact?.email) next = { ...next, partnerContactOther: true };
  if (taken.length) await context.sendActivity(s.claimForm.sentenceTaken(taken.map((t) => `- ${t}`).join('\n')));
  return checkEarly(context, next, deps);
}
