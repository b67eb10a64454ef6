// Base for multi-turn dialogs: "cancel" / "annulla" at any step ends everything (nothing is stored), "help"
// explains where we are and asks the pending question again.
import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { recognizeCommand } from '../commands';
import { stringsFor } from '../../../services/strings';

export abstract class CancelAndHelpDialog extends ComponentDialog {
  /** Undoes what the dialog kept on the way (e.g. an uploaded file) when the user cancels: nothing stays stored. */
  protected async onCancel(_innerDc: DialogContext): Promise<void> {}

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type !== 'message' || !activity.text) return undefined;
    const strings = stringsFor(activity.locale);
    switch (recognizeCommand(activity.text)) {
      case 'cancel':
        await this.onCancel(innerDc);
        await innerDc.context.sendActivity(strings.claim.cancelled);
        return innerDc.cancelAllDialogs(true);
      case 'help':
        await innerDc.context.sendActivity(strings.claim.dialogHelp);
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      default:
        return undefined;
    }
  }
}
