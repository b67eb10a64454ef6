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
} from 'botbuilder-dialogs';
import { MessageFactory, TeamsInfo, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { cardAttachment } from '../../../cards';
import type { AssociationStore } from '../../../services/associationStore';
import type { Clock } from '../../../services/clock';
import { ACTIVITIES, type TenantCheck, type Catalogue, type Claim, type ClaimFields, type SolutionArea, type Activity as ClaimActivity } from '../../../services/domain/claim';
import * as validate from '../../../services/domain/validation';
import type { FileStore } from '../../../services/fileStore';
import type { GraphGateway } from '../../../services/graph';
import type { Logger } from '../../../services/logger';
import type { PartnerDirectory } from '../../../services/partnerDirectory';
import { canClaim, type RoleResolver } from '../../../services/roles';
import { fileAttachments, receiveProof } from '../attachments';
import { tenantOf } from '../activity';
import { summaryFacts } from '../claimFacts';
import { normalise, recognizeCommand } from '../commands';
import { stringsFor, type Strings } from '../../../services/strings';
import { notDoneText } from '../invokeResponses';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import {
  clearGroup,
  draftOf,
  editableGroups,
  nextQuestion,
  onlyActivity,
  suggestedName,
  withContact,
  type ClaimDraft,
  type EditableGroup,
  type Question,
} from './claimDraft';

export const NEW_CLAIM_DIALOG = 'newClaim';

/** Begin options: nothing for a new claim; a stored claim to edit it. */
export interface NewClaimOptions {
  edit?: Claim;
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
}

/** What a waterfall step remembers for the next step of the same waterfall. */
interface StepValues {
  question: Question;
  draft: ClaimDraft;
  /** Keys of the choices on offer, in button order. */
  choiceKeys: string[];
}

type TenantAnswer = { tenantId: string; check: TenantCheck };

const strings = (context: TurnContext): Strings => stringsFor(context.activity.locale);

export class NewClaimDialog extends CancelAndHelpDialog {
  constructor(private readonly deps: NewClaimDeps) {
    super(NEW_CLAIM_DIALOG);
    this.addDialog(new ChoicePrompt(CHOICE))
      .addDialog(new TextPrompt(TEXT, (p) => this.validateText(p)))
      .addDialog(new AttachmentPrompt(POE, (p) => this.validatePoe(p)))
      .addDialog(new TextPrompt(SUMMARY_ANSWER, (p) => this.validateSummaryAnswer(p)))
      .addDialog(new WaterfallDialog(START, [(step) => this.start(step)]))
      .addDialog(new WaterfallDialog(LOOP, [(step) => this.ask(step), (step) => this.receive(step)]))
      .addDialog(
        new WaterfallDialog(SUMMARY, [
          (step) => this.showSummary(step),
          (step) => this.onSummaryAnswer(step),
          (step) => this.onEditChoice(step),
        ]),
      );
    this.initialDialogId = START;
  }

  // ---- start: who may claim, and the claim id that makes the submit idempotent ----

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const s = strings(context);
    const edit = (step.options as NewClaimOptions | undefined)?.edit;
    if (edit) {
      // Who may edit was checked when the Edit button was handled; the save checks again (version, state).
      await context.sendActivity(s.manage.editing);
      return step.replaceDialog(SUMMARY, draftOf(edit, await this.whoAmI(context)));
    }
    const partnerTenantId = tenantOf(context.activity);
    if (!partnerTenantId) {
      await context.sendActivity(s.claim.noTenant);
      return step.endDialog();
    }
    const me = await this.whoAmI(context);
    const roles = await this.deps.roles.rolesOf({
      tenantId: partnerTenantId,
      userId: context.activity.from.id,
      aadObjectId: context.activity.from.aadObjectId,
      email: me.email,
    });
    if (!canClaim(roles)) {
      await context.sendActivity(s.claim.noRole);
      return step.endDialog();
    }
    await context.sendActivity(s.claim.start);
    const draft: ClaimDraft = { claimId: newClaimId(), partnerTenantId, me, fields: {} };
    return step.replaceDialog(LOOP, draft);
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
    const choice = (prompt: string, options: ChoiceOption[]) => askChoice(step, s, prompt, options);

    switch (question) {
      case 'solutionArea':
        return choice(
          s.claim.askSolutionArea,
          (Object.keys(ACTIVITIES) as SolutionArea[]).map((area) => ({ key: area, title: s.solutionAreas[area] })),
        );
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
      case 'customerDomain':
        return text(s.claim.askDomain);
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
      case 'subscriptionId':
        return text(s.claim.askSubscriptionId);
      case 'customerName':
        return text(s.claim.askCustomerName);
      case 'customerTitle':
        return text(s.claim.askCustomerTitle);
      case 'customerEmail':
        return text(s.claim.askCustomerEmail);
      case 'technicalName':
        return text(s.claim.askTechnicalName);
      case 'technicalTitle':
        return text(s.claim.askTechnicalTitle);
      case 'technicalEmail':
        return text(s.claim.askTechnicalEmail);
      case 'partnerContactIsMe':
        return choice(s.claim.askPartnerContact(draft.me.name, draft.me.email ?? ''), [
          { key: 'yes', title: s.words.yes },
          { key: 'no', title: s.words.no },
        ]);
      case 'partnerName':
        return text(s.claim.askPartnerName);
      case 'partnerEmail':
        return text(s.claim.askPartnerEmail);
      case 'poe':
        return step.prompt(POE, {
          prompt: MessageFactory.suggestedActions([s.words.later[0]], s.claim.askPoe),
          validations: { question, language } satisfies TextCheck,
        });
      case 'name': {
        const suggestion = suggestedName(draft.fields);
        return text(MessageFactory.suggestedActions([suggestion], s.claim.askName(suggestion)));
      }
      case 'comments':
        return text(MessageFactory.suggestedActions([s.words.none[0]], s.claim.askComments));
    }
  }

  private async receive(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = step.options as ClaimDraft;
    const { question } = step.values as StepValues;
    const s = strings(step.context);
    const fields: Partial<ClaimFields> = { ...draft.fields };
    const next: ClaimDraft = { ...draft, fields };
    const answer = step.result as unknown;
    const chosen = () => chosenKey(step);
    switch (question) {
      case 'solutionArea':
        fields.solutionArea = chosen() as SolutionArea;
        break;
      case 'activity':
        fields.activity = chosen() as ClaimActivity;
        break;
      case 'partnerId':
      case 'customerDomain':
      case 'subscriptionId':
      case 'name':
        fields[question] = answer as string;
        break;
      case 'customerTenantId': {
        const { tenantId, check } = answer as TenantAnswer;
        fields.customerTenantId = tenantId;
        next.tenantCheck = check;
        const note = { matched: s.claim.tenantMatches, notChecked: s.claim.tenantCheckedOnReview, lookupFailed: s.validation.lookupUnavailable }[check];
        await step.context.sendActivity(note);
        break;
      }
      case 'workloads':
        fields.workloads = answer as string[];
        break;
      case 'product':
        fields.product = chosen();
        break;
      case 'customerName':
        fields.customerContact = withContact(fields.customerContact, { name: answer as string });
        break;
      case 'customerTitle':
        fields.customerContact = withContact(fields.customerContact, { title: answer as string });
        break;
      case 'customerEmail':
        fields.customerContact = withContact(fields.customerContact, { email: answer as string });
        break;
      case 'technicalName':
        fields.technicalContact = withContact(fields.technicalContact, { name: answer as string });
        break;
      case 'technicalTitle':
        fields.technicalContact = withContact(fields.technicalContact, { title: answer as string });
        break;
      case 'technicalEmail':
        fields.technicalContact = withContact(fields.technicalContact, { email: answer as string });
        break;
      case 'partnerContactIsMe':
        if (chosen() === 'yes') fields.partnerContact = { name: draft.me.name, email: draft.me.email ?? '' };
        else next.partnerContactOther = true;
        break;
      case 'partnerName':
        fields.partnerContact = withContact(fields.partnerContact, { name: answer as string });
        break;
      case 'partnerEmail':
        fields.partnerContact = withContact(fields.partnerContact, { email: answer as string });
        break;
      case 'poe':
        if (answer === 'later') {
          next.poeLater = true;
          delete next.poe;
          await step.context.sendActivity(s.claim.poeLater);
        } else {
          next.poe = answer as ClaimDraft['poe'];
          next.poeLater = false;
        }
        break;
      case 'comments':
        fields.comments = (answer as string) || undefined;
        next.commentsAnswered = true;
        break;
    }
    return step.replaceDialog(LOOP, next);
  }

  // ---- validators: a bad answer gets a specific message and the question stays open ----

  private async validateText(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const check = prompt.options.validations as TextCheck;
    const { context } = prompt;
    const s = stringsFor(check.language);
    const raw = check.question === 'workloads' ? workloadsAnswer(context.activity) : (prompt.recognized.value ?? '');
    const result = await this.check(check, raw, s);
    if (result.ok) {
      prompt.recognized.value = result.value as string;
      return true;
    }
    await context.sendActivity(result.message);
    return false;
  }

  private async check(check: TextCheck, raw: string, s: Strings): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
    const { catalogue } = this.deps;
    const rules: Partial<Record<Question, (raw: string) => validate.Result<unknown>>> = {
      partnerId: validate.partnerId,
      customerDomain: validate.domain,
      customerTenantId: validate.guid,
      subscriptionId: validate.guid,
      workloads: (r) => validate.workloads(r, catalogue),
      customerName: (r) => validate.text(r, { min: 2 }),
      customerTitle: (r) => validate.text(r),
      customerEmail: validate.email,
      technicalName: (r) => validate.text(r, { min: 2 }),
      technicalTitle: (r) => validate.text(r),
      technicalEmail: validate.email,
      partnerName: (r) => validate.text(r, { min: 2 }),
      partnerEmail: validate.email,
      name: (r) => validate.text(r, { min: 3, max: validate.LIMITS.name }),
      comments: (r) => validate.comments(s.words.none.some((w) => normalise(w) === normalise(r)) ? '' : r),
    };
    const result = rules[check.question]?.(raw) ?? validate.text(raw);
    if (!result.ok) return { ok: false, message: validationMessage(s, result.error, result.detail) };
    if (check.question === 'customerTenantId') return this.checkTenant(result.value as string, check.domain, s);
    return result;
  }

  /** Domain-tenant match through Graph when it is configured; otherwise it is checked on review. */
  private async checkTenant(tenantId: string, domain: string | undefined, s: Strings): Promise<{ ok: true; value: TenantAnswer } | { ok: false; message: string }> {
    if (!this.deps.graph || !domain) return { ok: true, value: { tenantId, check: 'notChecked' } };
    try {
      const owner = await this.deps.graph.findTenantIdByDomain(domain);
      if (!owner) return { ok: false, message: s.validation.unknownDomain(domain) };
      if (owner.toLowerCase() !== tenantId) return { ok: false, message: s.validation.domainTenantMismatch(domain) };
      return { ok: true, value: { tenantId, check: 'matched' } };
    } catch (err) {
      this.deps.log.warn({ err }, 'domain lookup failed; the match is left to the reviewer');
      return { ok: true, value: { tenantId, check: 'lookupFailed' } };
    }
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
      await context.sendActivity(s.validation.poeMissing);
      return false;
    }
    const received = await receiveProof(context, files[0], this.deps, s);
    if (!received) return false;
    (prompt.recognized as { value: unknown }).value = received;
    return true;
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
      return askChoice(step, s, s.claim.askEditField, groups.map((g) => ({ key: g, title: s.claim.fields[g] })));
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
    });
    switch (result.kind) {
      case 'created':
      case 'alreadyCreated': {
        const { claim } = result;
        if (result.kind === 'created') this.deps.deliverNotices(claim);
        const lines = [claim.status === 'Draft' ? s.claim.savedDraft(claim.id) : s.claim.submitted(claim.id, this.deps.claims.policy.optOutBusinessDays)];
        if (result.kind === 'alreadyCreated') lines.splice(0, 1, s.claim.alreadySubmitted(claim.id, s.statuses[claim.status]));
        if (claim.competing) lines.push(s.claim.competing);
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
    const problems = validate.validateClaim(draft.fields as ClaimFields, this.deps.catalogue);
    if (problems.length > 0) {
      await context.sendActivity(s.manage.invalidEdit(problems.join('; ')));
      return false;
    }
    const result = await this.deps.claims.saveEdit({ partnerTenantId: draft.partnerTenantId, id: draft.claimId }, {
      fields: draft.fields as ClaimFields,
      poe: draft.poe,
      actor: { id: activity.from.id, name: activity.from.name ?? draft.me.name, aadObjectId: activity.from.aadObjectId },
      // Only an Incentives admin reaches an edit (checked when the Edit button is clicked).
      party: 'incentivesAdmin',
      expectedVersion: draft.editOf?.version ?? 0,
    });
    switch (result.kind) {
      case 'done':
        this.deps.deliverNotices(result.claim);
        await context.sendActivity(s.manage.edited(result.claim.id, s.statuses[result.claim.status]));
        return true;
      case 'duplicate':
        await context.sendActivity(s.claim.duplicate(result.existing.name, result.existing.id, s.statuses[result.existing.status]));
        return false;
      default:
        await context.sendActivity(notDoneText(result, this.deps.clock.now(), this.deps.claims.policy, s).text);
        return true;
    }
  }

  private workloadsCard(s: Strings): Attachment {
    return cardAttachment('workloads', {
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
function askChoice(step: WaterfallStepContext, s: Strings, prompt: string, options: ChoiceOption[]): Promise<DialogTurnResult> {
  (step.values as StepValues).choiceKeys = options.map((o) => o.key);
  const rows: { choices: { title: string }[] }[] = [];
  for (let i = 0; i < options.length; i += 4) rows.push({ choices: options.slice(i, i + 4).map((o) => ({ title: o.title })) });
  const card = (notice: string) => MessageFactory.attachment(cardAttachment('choices', { notice, prompt, rows }));
  const choices: Choice[] = options.map((o) => ({ value: o.title }));
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

/** "later" / "dopo" in either language, whatever the user's locale. */
function saidLater(text: string): boolean {
  const said = normalise(text);
  return [...stringsFor('en').words.later, ...stringsFor('it').words.later].some((w) => normalise(w) === said);
}

function validationMessage(s: Strings, error: validate.ValidationError, detail = ''): string {
  const message = s.validation[error];
  return typeof message === 'function' ? message(detail) : message;
}
