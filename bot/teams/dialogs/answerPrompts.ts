// The dialog's prompts and their validators: a bad answer gets a specific message and the question stays open.
// Text answers are checked by fieldChecks (the field schema's rules), contacts by contactQuestion, the product by
// the catalogue, the proof of execution as a file (or "later", or the demo's sample).
import { MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { AttachmentPrompt, ChoicePrompt, TextPrompt, type Choice, type FoundChoice, type PromptValidatorContext } from 'botbuilder-dialogs';
import { cardAttachment } from '../../../cards';
import * as validate from '../../../services/domain/validation';
import type { ContactParts } from '../../../services/domain/contactLine';
import { samplePoePdf, SAMPLE_POE_NAME } from '../../../services/samplePoe';
import { allLanguages, stringsFor, type Strings } from '../../../services/strings';
import { fileAttachments, receiveProof, storeProof } from '../attachments';
import { normalise, recognizeCommand } from '../commands';
import type { ClaimDraft } from './claimDraft';
import { setInvokeReply } from './claimForm';
import { contactCard, isContactQuestion, partsOf, readContact, takenText, type ContactQuestion } from './contactQuestion';
import { checkAnswer } from './fieldChecks';
import { CHOICE, POE, SUMMARY_ANSWER, TEXT, type NewClaimDeps, type TextCheck } from './newClaimSteps';

/** The workloads card, empty; with a notice when it comes back refused. */
export function workloadsCard(deps: Pick<NewClaimDeps, 'catalogue'>, s: Strings, notice = ''): Attachment {
  return cardAttachment('workloads', {
    notice,
    title: s.claim.workloadsCardTitle,
    button: s.claim.workloadsCardButton,
    selected: '',
    choices: deps.catalogue.workloads.map((w, i) => ({ title: `${i + 1}. ${w}`, value: w })),
  });
}

/** The prompts of the dialog, each with its validator. */
export function answerPrompts(deps: NewClaimDeps) {
  return [
    new ChoicePrompt(CHOICE, (p) => Promise.resolve(validateProduct(p, deps))),
    new TextPrompt(TEXT, (p) => validateText(p, deps)),
    new AttachmentPrompt(POE, (p) => validatePoe(p, deps)),
    new TextPrompt(SUMMARY_ANSWER, (p) => validateSummaryAnswer(p)),
  ];
}

async function validateText(prompt: PromptValidatorContext<string>, deps: NewClaimDeps): Promise<boolean> {
  const check = prompt.options.validations as TextCheck;
  const { context } = prompt;
  const s = stringsFor(check.language);
  if (isContactQuestion(check.question)) return validateContact(prompt, check.question, check.contact ?? {}, deps, s);
  const raw = check.question === 'workloads' ? workloadsAnswer(context.activity) : (prompt.recognized.value ?? '');
  if (check.question === 'workloads' && !raw.trim() && (context.activity.value as { field?: string } | undefined)?.field === 'workloads') {
    // An empty selection on the card: the card stays as it was, saying what is missing, and is not consumed.
    setInvokeReply(context, workloadsCard(deps, s, s.claimForm.emptySelection).content as Record<string, unknown>);
    context.responded = true; // the card is the answer: no second copy of the question in the chat
    return false;
  }
  const result = await checkAnswer(check.question, raw, deps, s, { domain: check.domain });
  if (result.ok) {
    if (result.note) await context.sendActivity(result.note);
    prompt.recognized.value = result.value as string;
    return true;
  }
  await context.sendActivity(result.message);
  return false;
}

/**
 * A contact: the card's inputs, or a typed line split into its parts. Taken parts are said back; a refused card
 * comes back as it was typed, each message under its input (the card is the answer: no second question).
 */
async function validateContact(
  prompt: PromptValidatorContext<string>,
  question: ContactQuestion,
  known: ContactParts,
  deps: NewClaimDeps,
  s: Strings,
): Promise<boolean> {
  const { context } = prompt;
  const reading = await readContact(question, context.activity, known, deps, s);
  if (reading.ok) {
    // The contact as it now stands, every part said back (a part answered alone is confirmed with the others).
    await context.sendActivity(takenText(question, partsOf(reading.contact), s));
    (prompt.recognized as { value: unknown }).value = reading.contact;
    return true;
  }
  if (reading.fromCard) {
    const notice = Object.keys(reading.errors).length ? '' : reading.message;
    setInvokeReply(context, contactCard(question, reading.values, s, { errors: reading.errors, notice }).content as Record<string, unknown>);
    context.responded = true;
    return false;
  }
  await context.sendActivity(reading.message);
  return false;
}

/**
 * The product question takes more than its buttons' titles: a name people use for a product, or a small typo of
 * one ("d365 sales", "Power Aps"), through the same validator as the card form. Other choices: the buttons' titles.
 */
function validateProduct(prompt: PromptValidatorContext<FoundChoice>, deps: NewClaimDeps): boolean {
  if (prompt.recognized.succeeded) return true;
  const choices = (prompt.options.choices ?? []) as Choice[];
  const products = deps.catalogue.products;
  // Only the product question offers exactly the catalogue's products.
  if (choices.length !== products.length || choices.some((c, i) => c.value !== products[i])) return false;
  const match = validate.product(prompt.context.activity.text ?? '', deps.catalogue);
  if (!match.ok) return false;
  prompt.recognized.value = { value: match.value, index: products.indexOf(match.value), score: 1 };
  return true;
}

async function validatePoe(prompt: PromptValidatorContext<Attachment[]>, deps: NewClaimDeps): Promise<boolean> {
  const { context } = prompt;
  const s = stringsFor((prompt.options.validations as TextCheck).language);
  const files = fileAttachments(context.activity.attachments);
  if (files.length === 0) {
    if (saidLater(context.activity.text ?? '')) {
      (prompt.recognized as { value: unknown }).value = 'later';
      return true;
    }
    if (deps.roles.demoMode && saidSample(context.activity.text ?? '')) {
      (prompt.recognized as { value: unknown }).value = await storeSample(context, deps, s);
      return true;
    }
    await context.sendActivity(s.validation.poeMissing);
    return false;
  }
  if (files.length > validate.LIMITS.files) {
    await context.sendActivity(s.validation.poeTooMany(validate.LIMITS.files));
    return false;
  }
  const received = await receiveProof(context, files[0], deps, s);
  if (!received) return false;
  (prompt.recognized as { value: unknown }).value = received;
  return true;
}

/** Demo mode: a generated PDF that says on its face that it is a sample, stored like an upload. */
function storeSample(context: TurnContext, deps: NewClaimDeps, s: Strings): Promise<ClaimDraft['poe']> {
  return storeProof(context, { fileName: SAMPLE_POE_NAME, contentType: 'application/pdf', bytes: samplePoePdf() }, deps, s);
}

async function validateSummaryAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const command = recognizeCommand(prompt.context.activity.text ?? '');
  if (command === 'submit' || command === 'edit') {
    prompt.recognized.value = command;
    return true;
  }
  await prompt.context.sendActivity(stringsFor((prompt.options.validations as TextCheck).language).claim.summaryRetry);
  return false;
}

/** The proof of execution question: "later" always, the sample too in demo mode (the Playground cannot upload). */
export function poePrompt(demoMode: boolean, s: Strings): Partial<Activity> {
  return demoMode
    ? MessageFactory.suggestedActions([s.words.later[0], s.claimForm.samplePoe], s.claimForm.askPoeDemo)
    : MessageFactory.suggestedActions([s.words.later[0]], s.claim.askPoe);
}

/** The workloads card posts `{ field: 'workloads', workloads: 'a,b' }`; typing the names works too. */
function workloadsAnswer(activity: Partial<Activity>): string {
  const value = activity.value as { field?: string; workloads?: string } | undefined;
  if (value?.field === 'workloads') return value.workloads ?? '';
  return activity.text ?? '';
}

/** "Use a sample file (demo)" in any language. */
function saidSample(text: string): boolean {
  const said = normalise(text);
  return Object.values(allLanguages).some((s) => normalise(s.claimForm.samplePoe) === said);
}

/** "later" / "dopo" in any language, whatever the user's locale. */
function saidLater(text: string): boolean {
  const said = normalise(text);
  return Object.values(allLanguages).some((s) => s.words.later.some((w) => normalise(w) === said));
}
