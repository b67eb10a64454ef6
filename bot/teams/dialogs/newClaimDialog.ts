// "New association": asks for every field of a claim one question at a time, validates each answer where it is
// given, shows a summary card (Submit / Edit a field / Cancel) and stores the claim once.
// The form is a loop: ask the next unanswered question (claimDraft.nextQuestion), store the answer, loop. Editing
// a field clears it and loops again, so the same questions and validators serve creation and editing.
import { randomUUID } from 'node:crypto';
import {
  AttachmentPrompt,
  ChoicePrompt,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type Choice,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
  type DialogTurnResult,
  type DialogContext,
  DialogTurnStatus,
} from 'botbuilder-dialogs';
import { MessageFactory, TeamsInfo, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { cardAttachment } from '../../../cards';
import type { AssociationStore } from '../../../services/associationStore';
import type { Clock } from '../../../services/clock';
import type { SentenceFields } from '../../../services/domain/claimSentence';
import { ACTIVITIES, heldSlots, isDynamics365, type Catalogue, type Claim, type ClaimFields, type SolutionArea } from '../../../services/domain/claim';
import { slotLabels } from '../../../services/domain/competition';
import * as validate from '../../../services/domain/validation';
import { validateClaim } from '../../../services/domain/fields';
import type { FileStore } from '../../../services/fileStore';
import type { GraphGateway } from '../../../services/graph';
import type { Logger } from '../../../services/logger';
import type { PartnerDirectory } from '../../../services/partnerDirectory';
import { canClaim, type RoleResolver } from '../../../services/roles';
import { fileAttachments, receiveProof, storeProof } from '../attachments';
import { actorOf } from '../actor';
import { summaryFacts } from '../claimFacts';
import { normalise, recognizeCommand } from '../commands';
import { stringsFor, type Strings } from '../../../services/strings';
import { notDoneText } from '../invokeResponses';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { answerStaleForm, ClaimFormDialog, CLAIM_FORM_DIALOG, isStaleFormClick, setInvokeReply } from './claimForm';
import { checkAnswer, judgeDraftContact } from './fieldChecks';
import { contactNeedsReview, VERIFIED_CONTACT_CHECKS } from '../../../services/domain/consent';
import { contactCard, contactPrompt, isContactQuestion, partsOf, readContact, takenText, type ContactQuestion } from './contactQuestion';
import type { ContactParts } from '../../../services/domain/contactLine';
import { helpCard, rolesForHelp } from '../helpCard';
import type { TopicWindows } from '../troubleshooting';
import { samplePoePdf, SAMPLE_POE_NAME } from '../../../services/samplePoe';
import {
  clearGroup,
  conflictKey,
  contactKey,
  draftOf,
  editableGroups,
  nextQuestion,
  onlyActivity,
  suggestedName,
  withAnswer,
  type ClaimDraft,
  type EditableGroup,
  type Question,
  type TenantAnswer,
} from './claimDraft';

export const NEW_CLAIM_DIALOG = 'newClaim';

/** Begin options: nothing for a new claim; a stored claim to edit it. */
export interface NewClaimOptions {
  edit?: Claim;
  /** The values of a claim said in one sentence (services/domain/claimSentence.ts): taken, said back, the rest asked. */
  sentence?: SentenceFields;
}

const START = 'newClaim.start';
const LOOP = 'newClaim.loop';
const SUMMARY = 'newClaim.summary';
const CHOICE = 'newClaim.choice';
const TEXT = 'newClaim.text';
const POE = 'newClaim.poe';
const SUMMARY_ANSWER = 'newClaim.summaryAnswer';

export interface NewClaimDeps {
  claims: AssociationStore;
  files: FileStore;
  roles: RoleResolver;
  graph?: GraphGateway;
  catalogue: Catalogue;
  maxPoeBytes: number;
  log: Logger;
  clock: Clock;
  /** The partner organisation's name (Graph), cached on the claim; undefined: unknown. */
  partnerNames: PartnerDirectory;
  /** Delivers what a claim owes from its outbox (e.g. the review card of a just-submitted claim); not awaited. */
  deliverNotices(claim: { partnerTenantId: string; id: string }): void;
}

/** What the text prompt's validator needs to know about the question it guards (kept in the prompt's state). */
interface TextCheck {
  question: Question;
  language: string;
  domain?: string;
  /** A contact question: what the contact already has (a lone part fills what is missing). */
  contact?: ContactParts;
}

/** What a waterfall step remembers for the next step of the same waterfall. */
interface StepValues {
  question: Question;
  draft: ClaimDraft;
  /** Keys of the choices on offer, in button order. */
  choiceKeys: string[];
}

const strings = (context: TurnContext): Strings => stringsFor(context.activity.locale);

/** What the partner is told of the domain-tenant check once the tenant is taken. */
const tenantCheckText = (s: Strings, check: TenantAnswer['check']): string =>
  ({ matched: s.claim.tenantMatches, notChecked: s.claim.tenantCheckedOnReview, lookupFailed: s.validation.lookupUnavailable })[check];

/** Questions whose answer is free text: a question-like answer there is an answer unless it ends with "?". */
const FREE_TEXT_QUESTIONS: ReadonlySet<Question> = new Set<Question>(['name', 'comments', 'customerContact', 'technicalContact', 'partnerContact']);

/** Questions asked as plain text, without buttons or a card: the text that asks each. */
const PLAIN_QUESTIONS = {
  customerDomain: 'askDomain',
  subscriptionId: 'askSubscriptionId',
} as const satisfies Partial<Record<Question, keyof Strings['claim']>>;

const isPlainQuestion = (question: Question): question is keyof typeof PLAIN_QUESTIONS => question in PLAIN_QUESTIONS;

export class NewClaimDialog extends CancelAndHelpDialog {
  constructor(private readonly deps: NewClaimDeps) {
    super(NEW_CLAIM_DIALOG);
    this.addDialog(new ChoicePrompt(CHOICE, (p) => Promise.resolve(this.validateProduct(p))))
      .addDialog(new TextPrompt(TEXT, (p) => this.validateText(p)))
      .addDialog(new AttachmentPrompt(POE, (p) => this.validatePoe(p)))
      .addDialog(new TextPrompt(SUMMARY_ANSWER, (p) => this.validateSummaryAnswer(p)))
      .addDialog(new WaterfallDialog(START, [(step) => this.start(step)]))
      .addDialog(new ClaimFormDialog(deps))
      .addDialog(new WaterfallDialog(LOOP, [(step) => this.ask(step), (step) => this.receive(step), (step) => this.afterForm(step)]))
      .addDialog(new WaterfallDialog(SUMMARY, [(step) => this.showSummary(step), (step) => this.onSummaryAnswer(step), (step) => this.onEditChoice(step)]));
    this.initialDialogId = START;
  }

  // ---- start: who may claim, and the claim id that makes the submit idempotent ----

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const s = strings(context);
    const { edit, sentence } = (step.options as NewClaimOptions | undefined) ?? {};
    if (edit) {
      // Who may edit was checked when the Edit button was handled; the save checks again (version, state).
      await context.sendActivity(s.manage.editing);
      return step.replaceDialog(SUMMARY, draftOf(edit, await this.whoAmI(context)));
    }
    const me = await this.whoAmI(context);
    // The e-mail from Teams' roster is one more key the roles file may name the user by.
    const { tenantId: partnerTenantId, roles } = await actorOf(context, this.deps, me.email);
    if (!partnerTenantId) {
      await context.sendActivity(s.claim.noTenant);
      return step.endDialog();
    }
    if (!canClaim(roles)) {
      await context.sendActivity(s.claim.noRole);
      return step.endDialog();
    }
    await context.sendActivity(s.claim.start);
    const draft: ClaimDraft = { claimId: newClaimId(), partnerTenantId, me, fields: {} };
    return step.replaceDialog(LOOP, sentence ? await this.takeSentence(context, draft, sentence) : draft);
  }

  /**
   * A claim said in one sentence: each value it carried is checked as the answer to its question would be (the
   * tenant against the domain too), the ones taken are said back, and the loop asks only what is missing. A value
   * refused is said why and asked like any other.
   */
  private async takeSentence(context: TurnContext, draft: ClaimDraft, sentence: SentenceFields): Promise<ClaimDraft> {
    const s = strings(context);
    const l = s.claim.labels;
    let next: ClaimDraft = { ...draft, fromSentence: true };
    const taken: string[] = [];
    const take = async (question: Question, raw: string | undefined, label: string) => {
      if (!raw) return;
      const result = await checkAnswer(question, raw, this.deps, s, { domain: next.fields.customerDomain });
      if (!result.ok) {
        await context.sendActivity(result.message);
        return;
      }
      next = withAnswer(next, question, result.value);
      taken.push(`${label}: ${question === 'workloads' ? (result.value as string[]).join(', ') : raw}`);
    };
    if (sentence.solutionArea) {
      next = withAnswer(next, 'solutionArea', sentence.solutionArea);
      taken.push(`${l.solutionArea}: ${s.solutionAreas[sentence.solutionArea]}`);
      if (sentence.activity && ACTIVITIES[sentence.solutionArea].includes(sentence.activity)) {
        next = withAnswer(next, 'activity', sentence.activity);
        taken.push(`${l.activity}: ${s.activities[sentence.activity]}`);
      }
    }
    await take('partnerId', sentence.partnerId, l.partnerId);
    await take('customerDomain', sentence.customerDomain, l.customerDomain);
    await take('customerTenantId', sentence.customerTenantId, l.customerTenantId);
    if (next.fields.solutionArea === 'microsoft365') await take('workloads', sentence.workloads?.join(','), l.workloads);
    if (next.fields.solutionArea === 'businessApplications') {
      await take('product', sentence.product, l.product);
      await take('subscriptionId', sentence.subscriptionId, l.subscriptionId);
      if (isDynamics365(next.fields.product)) await take('technicalEmail', sentence.technicalEmail, l.technicalContact);
    }
    await take('customerEmail', sentence.customerEmail, l.customerContact);
    if (sentence.partnerEmail) {
      await take('partnerEmail', sentence.partnerEmail, l.partnerContact);
      // Someone's address, maybe not the user's: the partner contact's name is asked rather than assumed.
      if (next.fields.partnerContact?.email) next = { ...next, partnerContactOther: true };
    }
    if (taken.length) await context.sendActivity(s.claimForm.sentenceTaken(taken.map((t) => `- ${t}`).join('\n')));
    return this.conflictsEarly(context, await this.consentEarly(context, next));
  }

  /** Name and e-mail of the user from Teams (the roster); outside Teams only the name is known. */
  private async whoAmI(context: TurnContext): Promise<ClaimDraft['me']> {
    const name = context.activity.from.name ?? '';
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const email = member.email ?? member.userPrincipalName;
      return { name: member.name || name, email: email && validate.email(email).ok ? email : undefined };
    } catch (err) {
      this.deps.log.debug({ err }, 'roster lookup failed; asking for the partner contact instead');
      return { name };
    }
  }

  // ---- the question loop ----

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = step.options as ClaimDraft;
    const question = nextQuestion(draft);
    if (!question && draft.viaForm) {
      // The form's Submit was the submit: with the proof of execution answered, the claim is stored.
      await this.submit(step.context, draft);
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

    if (isPlainQuestion(question)) return text(s.claim[PLAIN_QUESTIONS[question]]);
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
        const used = await this.deps.claims.partnerIdsUsed(draft.partnerTenantId);
        if (used.length === 0) return text(s.claim.askPartnerId);
        return text(MessageFactory.suggestedActions(used, s.claim.askPartnerIdKnown));
      }
      case 'customerTenantId':
        return text(s.claim.askTenantId, { domain: draft.fields.customerDomain });
      case 'workloads':
        return text({
          text: s.claim.askWorkloads,
          attachments: [this.workloadsCard(s)],
        });
      case 'product':
        return choice(
          s.claim.askProduct,
          this.deps.catalogue.products.map((p) => ({ key: p, title: p })),
        );
      case 'partnerContactIsMe':
        return choice(s.claim.askPartnerContact(draft.me.name, draft.me.email ?? ''), [
          { key: 'yes', title: s.words.yes },
          { key: 'no', title: s.words.no },
        ]);
      case 'poe':
        return step.prompt(POE, {
          // Demo mode only: the Agents Playground cannot upload files, so a generated sample stands in.
          prompt: this.deps.roles.demoMode
            ? MessageFactory.suggestedActions([s.words.later[0], s.claimForm.samplePoe], s.claimForm.askPoeDemo)
            : MessageFactory.suggestedActions([s.words.later[0]], s.claim.askPoe),
          validations: { question, language } satisfies TextCheck,
        });
      case 'name': {
        const suggestion = suggestedName(draft.fields);
        // A claim said in a sentence goes straight on: its name is the suggestion, changed on the summary if need be.
        if (draft.fromSentence) return step.replaceDialog(LOOP, withAnswer(draft, 'name', suggestion));
        return text(MessageFactory.suggestedActions([suggestion], s.claim.askName(suggestion)));
      }
      case 'comments':
        if (draft.fromSentence) return step.replaceDialog(LOOP, withAnswer(draft, 'comments', ''));
        return text(MessageFactory.suggestedActions([s.words.none[0]], s.claim.askComments));
      case 'customerName':
      case 'customerTitle':
      case 'customerEmail':
      case 'technicalName':
      case 'technicalTitle':
      case 'technicalEmail':
      case 'partnerName':
      case 'partnerEmail':
        // The one-card form's inputs and a sentence's values: the dialog asks each contact whole.
        throw new Error(`${question} is asked as part of its contact`);
    }
  }

  private async receive(step: WaterfallStepContext): Promise<DialogTurnResult> {
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
    if (question === 'customerDomain' && next.fields.customerTenantId) next = await this.recheckTenant(step.context, next);
    if (question === 'poe' && answer === 'later') await step.context.sendActivity(s.claim.poeLater);
    next = await this.consentEarly(step.context, next);
    next = await this.conflictsEarly(step.context, next);
    return step.replaceDialog(LOOP, next);
  }

  /**
   * A tenant already held when the domain is answered (said in a sentence before any domain, or a domain changed
   * while editing) is matched against the new domain: a mismatch is said and the tenant asked again.
   */
  private async recheckTenant(context: TurnContext, draft: ClaimDraft): Promise<ClaimDraft> {
    const s = strings(context);
    const result = await checkAnswer('customerTenantId', draft.fields.customerTenantId ?? '', this.deps, s, { domain: draft.fields.customerDomain });
    if (!result.ok) {
      await context.sendActivity(result.message);
      const fields = { ...draft.fields };
      delete fields.customerTenantId;
      return { ...draft, fields, tenantCheck: undefined };
    }
    const { check } = result.value as TenantAnswer;
    if (check !== draft.tenantCheck) {
      await context.sendActivity(tenantCheckText(s, check));
    }
    return withAnswer(draft, 'customerTenantId', result.value);
  }

  /** The form has every field: its summary, then the loop asks what is left (the proof of execution). */
  private async afterForm(step: WaterfallStepContext): Promise<DialogTurnResult> {
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

  /**
   * Once the customer contact's e-mail, the customer domain and tenant are known (and again when one of them, or the
   * partner's domains, change), whether the customer's consent can reach the customer: an address that cannot be
   * the customer's is said why and the contact asked again; one Graph could not look up goes on, flagged for the
   * reviewer. An edit is judged when it is saved.
   */
  private async consentEarly(context: TurnContext, draft: ClaimDraft): Promise<ClaimDraft> {
    const key = contactKey(draft);
    if (!key || key === draft.contactChecked || draft.editOf) return draft;
    const s = strings(context);
    const judged = await judgeDraftContact(draft, this.deps, s);
    if (!judged) return draft;
    if (!judged.ok) {
      await context.sendActivity(judged.message);
      return clearGroup(draft, 'customerContact');
    }
    if (judged.check === 'lookupFailed') await context.sendActivity(s.consent.lookupFailed);
    return { ...draft, contactCheck: judged.check, contactChecked: key };
  }

  /**
   * As soon as the customer tenant, the activity and the workloads (or subscription) are known, what a claim on them
   * would meet: a duplicate is said now, with its Open button, and what is claimed is asked again; a competing claim
   * is noted. Each set of slots is checked once.
   */
  private async conflictsEarly(context: TurnContext, draft: ClaimDraft): Promise<ClaimDraft> {
    const key = conflictKey(draft);
    if (!key || key === draft.conflictsChecked || draft.editOf) return draft;
    const s = strings(context);
    const found = await this.deps.claims.conflictsOf(draft.partnerTenantId, draft.fields as ClaimFields, draft.claimId);
    if (found.duplicate) {
      const d = found.duplicate;
      await context.sendActivity(
        MessageFactory.attachment(
          cardAttachment('claimConflict', {
            text: s.claimForm.duplicateEarly(d.name, d.id, s.statuses[d.status]),
            open: { title: s.claimForm.openClaim(d.id), claimId: d.id, partnerTenantId: draft.partnerTenantId },
          }),
        ),
      );
      return clearGroup(draft, 'coverage');
    }
    if (found.competing) await context.sendActivity(s.claimForm.competingEarly);
    return { ...draft, conflictsChecked: key };
  }

  // ---- validators: a bad answer gets a specific message and the question stays open ----

  private async validateText(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const check = prompt.options.validations as TextCheck;
    const { context } = prompt;
    const s = stringsFor(check.language);
    if (isContactQuestion(check.question)) return this.validateContact(prompt, check.question, check.contact ?? {}, s);
    const raw = check.question === 'workloads' ? workloadsAnswer(context.activity) : (prompt.recognized.value ?? '');
    if (check.question === 'workloads' && !raw.trim() && (context.activity.value as { field?: string } | undefined)?.field === 'workloads') {
      // An empty selection on the card: the card stays as it was, saying what is missing, and is not consumed.
      setInvokeReply(context, this.workloadsCard(s, s.claimForm.emptySelection).content as Record<string, unknown>);
      context.responded = true; // the card is the answer: no second copy of the question in the chat
      return false;
    }
    const result = await checkAnswer(check.question, raw, this.deps, s, { domain: check.domain });
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
  private async validateContact(prompt: PromptValidatorContext<string>, question: ContactQuestion, known: ContactParts, s: Strings): Promise<boolean> {
    const { context } = prompt;
    const reading = await readContact(question, context.activity, known, this.deps, s);
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

  protected override async helpAttachment(context: TurnContext): Promise<Attachment | undefined> {
    const roles = await rolesForHelp(context, this.deps);
    return helpCard(strings(context), { demoMode: this.deps.roles.demoMode, optOutDays: this.deps.claims.policy.optOutBusinessDays, roles });
  }

  protected override pendingFreeText(innerDc: DialogContext): boolean {
    const loop = innerDc.stack.find((d) => d.id === LOOP)?.state as { values?: Partial<StepValues> } | undefined;
    const question = loop?.values?.question;
    return question !== undefined && FREE_TEXT_QUESTIONS.has(question);
  }

  protected override topicWindows(): TopicWindows {
    const { policy } = this.deps.claims;
    return { partnerResponseDays: policy.partnerResponseBusinessDays, disputeDays: policy.disputeDays };
  }

  /** A click on a form card this dialog no longer shows is answered on the card, without disturbing the question. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (isStaleFormClick(innerDc.context) && innerDc.activeDialog?.id !== CLAIM_FORM_DIALOG) {
      answerStaleForm(innerDc.context);
      return { status: DialogTurnStatus.waiting };
    }
    return super.onContinueDialog(innerDc);
  }

  /**
   * The product question takes more than its buttons' titles: a name people use for a product, or a small typo of
   * one ("d365 sales", "Power Aps"), through the same validator as the card form. Other choices: the buttons' titles.
   */
  private validateProduct(prompt: PromptValidatorContext<FoundChoice>): boolean {
    if (prompt.recognized.succeeded) return true;
    const choices = (prompt.options.choices ?? []) as Choice[];
    const products = this.deps.catalogue.products;
    // Only the product question offers exactly the catalogue's products.
    if (choices.length !== products.length || choices.some((c, i) => c.value !== products[i])) return false;
    const match = validate.product(prompt.context.activity.text ?? '', this.deps.catalogue);
    if (!match.ok) return false;
    prompt.recognized.value = { value: match.value, index: products.indexOf(match.value), score: 1 };
    return true;
  }

  /** A file uploaded in this dialog and not (yet) any stored claim's proof of execution is deleted. */
  protected override async onCancel(innerDc: DialogContext): Promise<void> {
    const draft = innerDc.stack.map((d) => (d.state as { options?: ClaimDraft } | undefined)?.options).find((o) => o?.claimId && o.fields);
    const fileId = draft?.poe?.fileId;
    if (!draft || !fileId) return;
    try {
      const stored = await this.deps.claims.get(draft.partnerTenantId, draft.claimId);
      if (stored?.poe?.fileId !== fileId) await this.deps.files.delete(fileId);
    } catch (err) {
      // The cancel still goes through; the orphan sweep removes the file later.
      this.deps.log.warn({ err, fileId }, 'could not delete the file of a cancelled claim dialog');
    }
  }

  private async validatePoe(prompt: PromptValidatorContext<Attachment[]>): Promise<boolean> {
    const { context } = prompt;
    const s = stringsFor((prompt.options.validations as TextCheck).language);
    const files = fileAttachments(context.activity.attachments);
    if (files.length === 0) {
      if (saidLater(context.activity.text ?? '')) {
        (prompt.recognized as { value: unknown }).value = 'later';
        return true;
      }
      if (this.deps.roles.demoMode && saidSample(context.activity.text ?? '')) {
        (prompt.recognized as { value: unknown }).value = await this.storeSample(context, s);
        return true;
      }
      await context.sendActivity(s.validation.poeMissing);
      return false;
    }
    if (files.length > validate.LIMITS.files) {
      await context.sendActivity(s.validation.poeTooMany(validate.LIMITS.files));
      return false;
    }
    const received = await receiveProof(context, files[0], this.deps, s);
    if (!received) return false;
    (prompt.recognized as { value: unknown }).value = received;
    return true;
  }

  /** Demo mode: a generated PDF that says on its face that it is a sample, stored like an upload. */
  private storeSample(context: TurnContext, s: Strings): Promise<ClaimDraft['poe']> {
    return storeProof(context, { fileName: SAMPLE_POE_NAME, contentType: 'application/pdf', bytes: samplePoePdf() }, this.deps, s);
  }

  // ---- summary, edit, submit ----

  private async showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
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

  private async validateSummaryAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const command = recognizeCommand(prompt.context.activity.text ?? '');
    if (command === 'submit' || command === 'edit') {
      prompt.recognized.value = command;
      return true;
    }
    await prompt.context.sendActivity(stringsFor((prompt.options.validations as TextCheck).language).claim.summaryRetry);
    return false;
  }

  private async onSummaryAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
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
    if (!(await this.submit(step.context, draft))) return step.replaceDialog(SUMMARY, draft);
    return step.endDialog();
  }

  private async onEditChoice(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { draft } = step.values as StepValues;
    return step.replaceDialog(LOOP, clearGroup(draft, chosenKey(step) as EditableGroup));
  }

  /** Stores the claim (or the edit); false when the partner must fix something first (the summary is shown again). */
  private async submit(context: TurnContext, draft: ClaimDraft): Promise<boolean> {
    const s = strings(context);
    const { activity } = context;
    if (draft.editOf) return this.saveEdit(context, draft);
    const result = await this.deps.claims.create({
      id: draft.claimId,
      partnerTenantId: draft.partnerTenantId,
      fields: draft.fields as ClaimFields,
      poe: draft.poe,
      submit: true,
      actor: { id: activity.from.id, name: activity.from.name ?? draft.me.name, aadObjectId: activity.from.aadObjectId },
      locale: activity.locale,
      origin: { serviceUrl: activity.serviceUrl, conversationId: activity.conversation.id, botId: activity.recipient?.id },
      partnerName: await this.deps.partnerNames.nameOf(draft.partnerTenantId),
      tenantCheck: draft.tenantCheck,
      contactCheck: draft.contactCheck,
    });
    switch (result.kind) {
      case 'created':
      case 'alreadyCreated': {
        const { claim } = result;
        if (result.kind === 'created') this.deps.deliverNotices(claim);
        const lines = [claim.status === 'Draft' ? s.claim.savedDraft(claim.id) : s.claim.submitted(claim.id, this.deps.claims.policy.optOutBusinessDays)];
        if (result.kind === 'alreadyCreated') lines.splice(0, 1, s.claim.alreadySubmitted(claim.id, s.statuses[claim.status]));
        if (claim.competing) lines.push(s.claim.competing);
        // Another organisation's approval already holds some of its workloads: said now, with what it means.
        const held = heldSlots(claim);
        if (held.length > 0) lines.push(s.partnerNotices.hold(claim.name, claim.id, slotLabels(claim, held).join(', ')));
        await context.sendActivity(lines.join('\n\n'));
        return true;
      }
      case 'duplicate':
        await context.sendActivity(s.claim.duplicate(result.existing.name, result.existing.id, s.statuses[result.existing.status]));
        return true;
      case 'inProgress':
        await context.sendActivity(s.claim.inProgress);
        return true;
    }
  }

  private async saveEdit(context: TurnContext, draft: ClaimDraft): Promise<boolean> {
    const s = strings(context);
    const { activity } = context;
    // The stored answers may predate a rule or catalogue change: everything is checked again, as at creation.
    const problems = validateClaim(draft.fields as ClaimFields, this.deps.catalogue);
    if (problems.length > 0) {
      await context.sendActivity(s.manage.invalidEdit(problems.join('; ')));
      return false;
    }
    // Judged again as it is saved, unless it was verified on what it still is (the contact, the customer domain and
    // tenant, the partner's domains): a name edited while Graph is down does not un-verify a verified contact. What
    // cannot be verified is flagged to the reviewer rather than refused.
    const unchanged = contactKey(draft) === draft.contactChecked && VERIFIED_CONTACT_CHECKS.includes(draft.contactCheck ?? 'notChecked');
    const judged = unchanged ? undefined : await judgeDraftContact(draft, this.deps, s);
    const contactCheck = unchanged ? draft.contactCheck : judged?.ok ? judged.check : undefined;
    const result = await this.deps.claims.saveEdit(
      { partnerTenantId: draft.partnerTenantId, id: draft.claimId },
      {
        fields: draft.fields as ClaimFields,
        poe: draft.poe,
        contactCheck,
        actor: { id: activity.from.id, name: activity.from.name ?? draft.me.name, aadObjectId: activity.from.aadObjectId },
        // Only an Incentives admin reaches an edit (checked when the Edit button is clicked).
        party: 'incentivesAdmin',
        expectedVersion: draft.editOf?.version ?? 0,
      },
    );
    switch (result.kind) {
      case 'done':
        this.deps.deliverNotices(result.claim);
        await context.sendActivity(
          [s.manage.edited(result.claim.id, s.statuses[result.claim.status]), ...(contactNeedsReview(result.claim) ? [s.consent.editFlagged] : [])].join(
            '\n\n',
          ),
        );
        return true;
      case 'duplicate':
        await context.sendActivity(s.claim.duplicate(result.existing.name, result.existing.id, s.statuses[result.existing.status]));
        return false;
      default:
        await context.sendActivity(notDoneText(result, this.deps.clock.now(), this.deps.claims.policy, s).text);
        return true;
    }
  }

  private workloadsCard(s: Strings, notice = ''): Attachment {
    return cardAttachment('workloads', {
      notice,
      title: s.claim.workloadsCardTitle,
      button: s.claim.workloadsCardButton,
      selected: '',
      choices: this.deps.catalogue.workloads.map((w, i) => ({ title: `${i + 1}. ${w}`, value: w })),
    });
  }
}

interface ChoiceOption {
  key: string;
  title: string;
}

/**
 * A choice question as an Adaptive Card of Action.Execute buttons (hero card imBack buttons do not work in the
 * Agents Playground). A click sends the title, as typing it would; the answer is mapped back to its key by
 * position, so titles can be localized freely.
 */
function askChoice(step: WaterfallStepContext, s: Strings, prompt: string, options: ChoiceOption[], extra: ChoiceOption[] = []): Promise<DialogTurnResult> {
  (step.values as StepValues).choiceKeys = [...options, ...extra].map((o) => o.key);
  const rows: { choices: { title: string }[] }[] = [];
  for (let i = 0; i < options.length; i += 4) rows.push({ choices: options.slice(i, i + 4).map((o) => ({ title: o.title })) });
  const card = (notice: string) =>
    MessageFactory.attachment(cardAttachment('choices', { notice, prompt, rows, extra: extra.map((o) => ({ title: o.title })) }));
  const choices: Choice[] = [...options, ...extra].map((o) => ({ value: o.title }));
  return step.prompt(CHOICE, { prompt: card(''), retryPrompt: card(s.validation.choice), choices, style: ListStyle.none });
}

function chosenKey(step: WaterfallStepContext): string {
  return (step.values as StepValues).choiceKeys[(step.result as FoundChoice).index];
}

/** Claim ids partners can read out on the phone: CPOR- and 10 characters without look-alikes. */
export function newClaimId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
  return `CPOR-${[...bytes.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** The workloads card posts `{ field: 'workloads', workloads: 'a,b' }`; typing the names works too. */
function workloadsAnswer(activity: Partial<Activity>): string {
  const value = activity.value as { field?: string; workloads?: string } | undefined;
  if (value?.field === 'workloads') return value.workloads ?? '';
  return activity.text ?? '';
}

/** The questions answered by a button (a choice prompt): their answer is the chosen option's key. */
const CHOICE_QUESTIONS: readonly Question[] = ['solutionArea', 'formOffer', 'activity', 'product', 'partnerContactIsMe'];

/** "Use a sample file (demo)" in either language. */
function saidSample(text: string): boolean {
  const said = normalise(text);
  return [stringsFor('en'), stringsFor('it')].some((s) => normalise(s.claimForm.samplePoe) === said);
}

/** "later" / "dopo" in either language, whatever the user's locale. */
function saidLater(text: string): boolean {
  const said = normalise(text);
  return [...stringsFor('en').words.later, ...stringsFor('it').words.later].some((w) => normalise(w) === said);
}
