// Base for multi-turn dialogs: "cancel" / "annulla" at any step ends everything (nothing is stored); "help" shows
// the help card and asks the pending question again; "new association" asks whether to continue or start over; a
// question ("where do I find the tenant ID?") gets its troubleshooting answer, then the pending question again.
import type { Attachment, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardAttachment } from '../../../cards';
import { recognizeCommand } from '../commands';
import { languageOf, stringsFor } from '../../../services/strings';
import { anyLanguage } from '../../../services/strings/phrases';
import { matchTopic, topicCardData, topicLabels, type TopicWindows } from '../troubleshooting';

/** Words a question starts with, in every language: only a question is taken for a troubleshooting one. */
const QUESTION_START = (() => {
  const words = anyLanguage((p) => p.questionStart.filter((w) => !w.endsWith("'")));
  const elided = anyLanguage((p) => p.questionStart.filter((w) => w.endsWith("'")));
  return new RegExp(`^(?:(?:${words})(?=[\\s?,.!]|$)${elided ? `|${elided}` : ''})`, 'i');
})();

export abstract class CancelAndHelpDialog extends ComponentDialog {
  /** Undoes what the dialog kept on the way (e.g. an uploaded file) when the user cancels: nothing stays stored. */
  protected async onCancel(_innerDc: DialogContext): Promise<void> {}

  /** The help card shown when "help" is said in the middle; undefined: the dialog's help text alone. */
  protected helpAttachment(_context: TurnContext): Promise<Attachment | undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * Whether the pending question takes free text (a name, a title, comments): then only a text ending with "?" is
   * taken for a question, so an answer like "Domain verified with the customer" is not.
   */
  protected pendingFreeText(_innerDc: DialogContext): boolean {
    return false;
  }

  /** The windows troubleshooting answers quote (the configured ones). */
  protected topicWindows(): TopicWindows | undefined {
    return undefined;
  }

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    const { activity } = context;
    if (activity.type !== 'message' || !activity.text) return undefined;
    const strings = stringsFor(activity.locale);
    const waiting = { status: DialogTurnStatus.waiting };
    switch (recognizeCommand(activity.text, { typos: false })) {
      case 'cancel':
        await this.onCancel(innerDc);
        await context.sendActivity(strings.claim.cancelled);
        return innerDc.cancelAllDialogs(true);
      case 'help': {
        const card = await this.helpAttachment(context);
        await context.sendActivity({ text: strings.claim.dialogHelp, attachments: card ? [card] : [] });
        await innerDc.repromptDialog();
        return waiting;
      }
      case 'newClaim': {
        const f = strings.claimForm;
        const rows = [{ choices: [{ title: f.continueButton }, { title: f.startOverButton }] }];
        await context.sendActivity({ attachments: [cardAttachment('choices', { notice: '', prompt: f.interruptNewClaim, rows, extra: [] })] });
        return waiting;
      }
      case 'resume':
        await context.sendActivity(strings.claimForm.continuing);
        await innerDc.repromptDialog();
        return waiting;
      case 'startOver':
        await this.onCancel(innerDc);
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(this.initialDialogId);
      default:
        return this.answerQuestion(innerDc, activity.text);
    }
  }

  /** A troubleshooting question asked in the middle: its answer, then the pending question again. */
  private async answerQuestion(innerDc: DialogContext, text: string): Promise<DialogTurnResult | undefined> {
    const trimmed = text.trim();
    const asked = trimmed.endsWith('?') || (!this.pendingFreeText(innerDc) && QUESTION_START.test(trimmed));
    if (!asked) return undefined;
    const match = matchTopic(trimmed, languageOf(innerDc.context.activity.locale));
    if (!match) return undefined;
    const card = cardAttachment('topic', topicCardData(match.topic, topicLabels(match.language), { windows: this.topicWindows() }));
    await innerDc.context.sendActivity({ attachments: [card] });
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }
}
