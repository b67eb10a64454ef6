// The question loop of the "new association" dialog: ask the next unanswered question (claimDraft.nextQuestion),
// store the answer, loop. Editing a field clears it and loops again, so the same questions and validators serve
// creation and editing. The one-card form is one of its steps; with every question answered it goes to the summary.
import { MessageFactory, type Activity } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment } from '../../../cards';
import { ACTIVITIES, type SolutionArea } from '../../../services/domain/claim';
import { FIELDS, type FieldKey, type FieldSpec } from '../../../services/domain/fields';
import { summaryFacts } from '../claimFacts';
import { nextQuestion, onlyActivity, suggestedName, withAnswer, type ClaimDraft, type Question, type TenantAnswer } from './claimDraft';
import { askChoice, chosenKey, type ChoiceOption } from './choiceQuestion';
import { CLAIM_FORM_DIALOG } from './claimForm';
import { contactCard, contactPrompt, isContactQuestion, partsOf } from './contactQuestion';
import { checkEarly, recheckTenant, tenantCheckText } from './earlyChecks';
import { poePrompt, workloadsCard } from './answerPrompts';
import { LOOP, POE, strings, SUMMARY, TEXT, type NewClaimDeps, type StepValues, type TextCheck } from './newClaimSteps';
import { submitInChat } from './submitClaim';

/** Questions whose answer is free text: a question-like answer there is an answer unless it ends with "?". */
const FREE_TEXT_QUESTIONS: ReadonlySet<Question> = new Set<Question>(['name', 'comments', 'customerContact', 'technicalContact', 'partnerContact']);

export const isFreeTextQuestion = (question: Question | undefined): boolean => question !== undefined && FREE_TEXT_QUESTIONS.has(question);

/** The questions answered by a button (a choice prompt): their answer is the chosen option's key. */
const CHOICE_QUESTIONS: readonly Question[] = ['solutionArea', 'formOffer', 'activity', 'product', 'partnerContactIsMe'];

/** Fields asked as plain text, without buttons or a card: the text that asks each (the field schema's). */
const PLAIN_QUESTIONS: Partial<Record<FieldKey, NonNullable<FieldSpec['ask']>>> = Object.fromEntries(
  (FIELDS as readonly FieldSpec[]).flatMap((f) => (f.ask ? [[f.key, f.ask]] : [])),
);

export function questionLoop(deps: NewClaimDeps): WaterfallDialog {
  return new WaterfallDialog(LOOP, [(step) => ask(step, deps), (step) => receive(step, deps), afterForm]);
}

async function ask(step: WaterfallStepContext, deps: NewClaimDeps): Promise<DialogTurnResult> {
  const draft = step.options as ClaimDraft;
  const question = nextQuestion(draft);
  if (!question && draft.viaForm) {
    // The form's Submit was the submit: with the proof of execution answered, the claim is stored.
    await submitInChat(step.context, draft, deps);
    return step.endDialog();
  }
  if (!question) return step.replaceDialog(SUMMARY, draft);
  (step.values as StepValues).question = question;
  const { context } = step;
  const s = strings(context);
  const language = context.activity.locale ?? 'en';
  const text = (prompt: string | Partial<Activity>, extra: Partial<TextCheck> = {}) =>
    step.prompt(TEXT, {
      prompt: typeof prompt === 'string' ? MessageFactory.text(prompt) : prompt,
      validations: { question, language, ...extra } satisfies TextCheck,
    });
  const choice = (prompt: string, options: ChoiceOption[], extra: ChoiceOption[] = []) => askChoice(step, s, prompt, options, extra);

  const plain = PLAIN_QUESTIONS[question as FieldKey];
  if (plain) return text(s.claim[plain]);
  if (isContactQuestion(question)) {
    const known = partsOf(draft.fields[question]);
    return text({ text: contactPrompt(question, known, s), attachments: [contactCard(question, known, s)] }, { contact: known });
  }
  switch (question) {
    case 'solutionArea': {
      const areas = (Object.keys(ACTIVITIES) as SolutionArea[]).map((area) => ({ key: area, title: s.solutionAreas[area] }));
      // A new claim may be written on one card instead; an edit goes on step by step.
      if (draft.editOf) return choice(s.claim.askSolutionArea, areas);
      return choice(s.claimForm.askModeOrArea, areas, [{ key: 'form', title: s.claimForm.oneCardButton }]);
    }
    case 'formOffer':
      return choice(s.claimForm.offerForm, [
        { key: 'form', title: s.claimForm.oneCardButton },
        { key: 'steps', title: s.claimForm.stepsButton },
      ]);
    case 'activity': {
      const area = draft.fields.solutionArea as SolutionArea;
      const only = onlyActivity(draft);
      if (only) {
        await context.sendActivity(`${s.claim.onlyActivity(s.activities[only])}. ${(s.activityHelp[area] as Record<string, string>)[only]}`);
        return step.replaceDialog(LOOP, { ...draft, fields: { ...draft.fields, activity: only } });
      }
      const help = ACTIVITIES[area].map((a) => `- ${(s.activityHelp[area] as Record<string, string>)[a]}`).join('\n');
      return choice(
        `${s.claim.askActivity}\n\n${help}`,
        ACTIVITIES[area].map((a) => ({ key: a, title: s.activities[a] })),
      );
    }
    case 'partnerId': {
      const used = await deps.claims.partnerIdsUsed(draft.partnerTenantId);
      if (used.length === 0) return text(s.claim.askPartnerId);
      return text(MessageFactory.suggestedActions(used, s.claim.askPartnerIdKnown));
    }
    case 'customerTenantId':
      return text(s.claim.askTenantId, { domain: draft.fields.customerDomain });
    case 'workloads':
      return text({ text: s.claim.askWorkloads, attachments: [workloadsCard(deps, s)] });
    case 'product':
      return choice(
        s.claim.askProduct,
        deps.catalogue.products.map((p) => ({ key: p, title: p })),
      );
    case 'partnerContactIsMe':
      return choice(s.claim.askPartnerContact(draft.me.name, draft.me.email ?? ''), [
        { key: 'yes', title: s.words.yes },
        { key: 'no', title: s.words.no },
      ]);
    case 'poe':
      // Demo mode only: the Agents Playground cannot upload files, so a generated sample stands in.
      return step.prompt(POE, { prompt: poePrompt(deps.roles.demoMode, s), validations: { question, language } satisfies TextCheck });
    case 'name': {
      const suggestion = suggestedName(draft.fields);
      // A claim said in a sentence goes straight on: its name is the suggestion, changed on the summary if need be.
      if (draft.fromSentence) return step.replaceDialog(LOOP, withAnswer(draft, 'name', suggestion));
      return text(MessageFactory.suggestedActions([suggestion], s.claim.askName(suggestion)));
    }
    case 'comments':
      if (draft.fromSentence) return step.replaceDialog(LOOP, withAnswer(draft, 'comments', ''));
      return text(MessageFactory.suggestedActions([s.words.none[0]], s.claim.askComments));
    default:
      // The one-card form's inputs and a sentence's values: the dialog asks each contact whole.
      throw new Error(`${question} is asked as part of its field`);
  }
}

async function receive(step: WaterfallStepContext, deps: NewClaimDeps): Promise<DialogTurnResult> {
  const draft = step.options as ClaimDraft;
  const { question } = step.values as StepValues;
  const s = strings(step.context);
  const answer = CHOICE_QUESTIONS.includes(question) ? chosenKey(step) : (step.result as unknown);
  // The one-card form: offered with the solution areas, and after a sentence (filled with what it took).
  if (answer === 'form' && (question === 'solutionArea' || question === 'formOffer')) return step.beginDialog(CLAIM_FORM_DIALOG, draft);
  let next = withAnswer(draft, question, answer);
  if (question === 'customerTenantId') {
    const { check } = answer as TenantAnswer;
    await step.context.sendActivity(tenantCheckText(s, check));
  }
  if (question === 'customerDomain' && next.fields.customerTenantId) next = await recheckTenant(step.context, next, deps);
  if (question === 'poe' && answer === 'later') await step.context.sendActivity(s.claim.poeLater);
  return step.replaceDialog(LOOP, await checkEarly(step.context, next, deps));
}

/** The form has every field: its summary, then the loop asks what is left (the proof of execution). */
async function afterForm(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const draft = step.result as ClaimDraft;
  const s = strings(step.context);
  await step.context.sendActivity({
    text: s.claimForm.accepted,
    attachments: [
      cardAttachment('claimSummary', {
        title: s.claim.summaryTitle,
        intro: '',
        facts: summaryFacts(draft, s),
        note: '',
        claimId: draft.claimId,
        actions: [],
      }),
    ],
  });
  return step.replaceDialog(LOOP, draft);
}
