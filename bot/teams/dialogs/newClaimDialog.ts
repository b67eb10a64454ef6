// "New association": asks for every field of a claim one question at a time, validates each answer where it is
// given, shows a summary card (Submit / Edit a field / Cancel) and stores the claim once. This file composes the
// rooms and holds the start (who may claim, the claim id that makes the submit idempotent) and what the dialog does
// when interrupted; the rooms are the question loop (questionLoop.ts, with the one-card form, claimForm.ts), the
// summary (claimSummary.ts), the sentence intake (sentenceIntake.ts) and the submit (submitClaim.ts).
import { randomUUID } from 'node:crypto';
import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult, type DialogContext, DialogTurnStatus } from 'botbuilder-dialogs';
import { TeamsInfo, type Attachment, type TurnContext } from 'botbuilder';
import * as validate from '../../../services/domain/validation';
import { actorOf, isPartner } from '../actor';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { answerStaleForm, ClaimFormDialog, CLAIM_FORM_DIALOG, isStaleFormClick } from './claimForm';
import { helpCard, rolesForHelp } from '../helpCard';
import type { TopicWindows } from '../troubleshooting';
import { draftOf, type ClaimDraft } from './claimDraft';
import { answerPrompts } from './answerPrompts';
import { claimSummary } from './claimSummary';
import { isFreeTextQuestion, questionLoop } from './questionLoop';
import { takeSentence } from './sentenceIntake';
import { LOOP, NEW_CLAIM_DIALOG, START, strings, SUMMARY, type NewClaimDeps, type NewClaimOptions, type StepValues } from './newClaimSteps';

export { NEW_CLAIM_DIALOG, type NewClaimDeps, type NewClaimOptions } from './newClaimSteps';

export class NewClaimDialog extends CancelAndHelpDialog {
  constructor(private readonly deps: NewClaimDeps) {
    super(NEW_CLAIM_DIALOG);
    for (const prompt of answerPrompts(deps)) this.addDialog(prompt);
    this.addDialog(new WaterfallDialog(START, [(step) => this.start(step)]))
      .addDialog(new ClaimFormDialog(deps))
      .addDialog(questionLoop(deps))
      .addDialog(claimSummary(deps));
    this.initialDialogId = START;
  }

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
    const acting = await actorOf(context, this.deps, me.email);
    const partnerTenantId = acting.tenantId;
    if (!partnerTenantId) {
      await context.sendActivity(s.claim.noTenant);
      return step.endDialog();
    }
    if (!isPartner(acting)) {
      await context.sendActivity(s.claim.noRole);
      return step.endDialog();
    }
    await context.sendActivity(s.claim.start);
    const draft: ClaimDraft = { claimId: newClaimId(), partnerTenantId, me, fields: {} };
    return step.replaceDialog(LOOP, sentence ? await takeSentence(context, draft, sentence, this.deps) : draft);
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

  protected override async helpAttachment(context: TurnContext): Promise<Attachment | undefined> {
    const roles = await rolesForHelp(context, this.deps);
    return helpCard(strings(context), { demoMode: this.deps.roles.demoMode, optOutDays: this.deps.claims.policy.optOutBusinessDays, roles });
  }

  protected override pendingFreeText(innerDc: DialogContext): boolean {
    const loop = innerDc.stack.find((d) => d.id === LOOP)?.state as { values?: Partial<StepValues> } | undefined;
    return isFreeTextQuestion(loop?.values?.question);
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
}

/** Claim ids partners can read out on the phone: CPOR- and 10 characters without look-alikes. */
export function newClaimId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
  return `CPOR-${[...bytes.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
