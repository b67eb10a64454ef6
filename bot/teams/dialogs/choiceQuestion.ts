// A choice question as an Adaptive Card of Action.Execute buttons (hero card imBack buttons do not work in the
// Agents Playground). A click sends the title, as typing it would; the answer is mapped back to its key by
// position, so titles can be localized freely.
import { MessageFactory } from 'botbuilder';
import { ListStyle, type Choice, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment } from '../../../cards';
import type { Strings } from '../../../services/strings';
import { CHOICE, type StepValues } from './newClaimSteps';

export interface ChoiceOption {
  key: string;
  title: string;
}

export function askChoice(
  step: WaterfallStepContext,
  s: Strings,
  prompt: string,
  options: ChoiceOption[],
  extra: ChoiceOption[] = [],
): Promise<DialogTurnResult> {
  (step.values as StepValues).choiceKeys = [...options, ...extra].map((o) => o.key);
  const rows: { choices: { title: string }[] }[] = [];
  for (let i = 0; i < options.length; i += 4) rows.push({ choices: options.slice(i, i + 4).map((o) => ({ title: o.title })) });
  const card = (notice: string) =>
    MessageFactory.attachment(cardAttachment('choices', { notice, prompt, rows, extra: extra.map((o) => ({ title: o.title })) }));
  const choices: Choice[] = [...options, ...extra].map((o) => ({ value: o.title }));
  return step.prompt(CHOICE, { prompt: card(''), retryPrompt: card(s.validation.choice), choices, style: ListStyle.none });
}

/** The key of the option chosen in the step before. */
export function chosenKey(step: WaterfallStepContext): string {
  return (step.values as StepValues).choiceKeys[(step.result as FoundChoice).index];
}
