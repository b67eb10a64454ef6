// The summary of a claim written in the dialog: its card (Submit / Edit a field / Cancel), the field to edit (its
// group is cleared and the question loop asks it again), or the submit.
import { MessageFactory } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment } from '../../../cards';
import { summaryFacts } from '../claimFacts';
import { clearGroup, editableGroups, type ClaimDraft, type EditableGroup } from './claimDraft';
import { askChoice, chosenKey } from './choiceQuestion';
import { LOOP, strings, SUMMARY, SUMMARY_ANSWER, type NewClaimDeps, type StepValues, type TextCheck } from './newClaimSteps';
import { submitInChat } from './submitClaim';

export function claimSummary(deps: NewClaimDeps): WaterfallDialog {
  return new WaterfallDialog(SUMMARY, [showSummary, onSummaryAnswer(deps), onEditChoice]);
}

async function showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const draft = step.options as ClaimDraft;
  (step.values as StepValues).draft = draft;
  const s = strings(step.context);
  const hasPoe = Boolean(draft.poe);
  const card = cardAttachment('claimSummary', {
    title: s.claim.summaryTitle,
    intro: s.claim.summaryIntro,
    facts: summaryFacts(draft, s),
    note: hasPoe ? '' : s.claim.summaryDraftNote,
    claimId: draft.claimId,
    actions: [
      { title: hasPoe ? s.claim.summarySubmit : s.claim.summarySaveDraft, command: s.commands.submit[0], style: 'positive' },
      { title: s.claim.summaryEdit, command: s.commands.edit[0], style: 'default' },
      { title: s.claim.summaryCancel, command: s.commands.cancel[0], style: 'destructive' },
    ],
  });
  return step.prompt(SUMMARY_ANSWER, {
    prompt: MessageFactory.attachment(card),
    validations: { question: 'comments', language: step.context.activity.locale ?? 'en' } satisfies TextCheck,
  });
}

const onSummaryAnswer =
  (deps: NewClaimDeps) =>
  async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
    const { draft } = step.values as StepValues;
    const s = strings(step.context);
    if (step.result === 'edit') {
      const groups = editableGroups(draft);
      return askChoice(
        step,
        s,
        s.claim.askEditField,
        groups.map((g) => ({ key: g, title: s.claim.fields[g] })),
      );
    }
    if (!(await submitInChat(step.context, draft, deps))) return step.replaceDialog(SUMMARY, draft);
    return step.endDialog();
  };

async function onEditChoice(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const { draft } = step.values as StepValues;
  return step.replaceDialog(LOOP, clearGroup(draft, chosenKey(step) as EditableGroup));
}
