// The activity handler: greets on install, keeps conversation references, routes messages to commands, and
// answers anything it does not understand with help rather than silence.
import { fileAttachments } from './attachments';
import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
  type ChannelAccount,
  type ConversationState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState, type PromptOptions } from 'botbuilder-dialogs';
import { CARD_VERBS, CLAIM_VERBS, QUEUE_VERB, cardAttachment, renderCard, type DialogVerb } from '../../cards';
import { cardInputOf, cardInputWithin, shown } from './cardInput';
import { cardResponse, errorResponse, messageResponse } from './invokeResponses';
import type { ConversationKind, ConversationStore } from '../../services/conversationStore';
import { conversationKey } from '../../services/conversationStore';
import { recognizeCommand } from './commands';
import { NEW_CLAIM_DIALOG, NewClaimDialog, type NewClaimDeps, type NewClaimOptions } from './dialogs/newClaimDialog';
import { kindOf, tenantOf } from './activity';
import { parseClaimSentence } from '../../services/domain/claimSentence';
import { languageOf, stringsFor, type Strings } from '../../services/strings';
import { matchTopic, topicListCardData } from './troubleshooting';
import type { ReviewActions } from './reviewActions';
import { StateConflictError, StateTooLargeError, type CosmosBotStorage } from '../../services/botStateStorage';
import { HeldReplies } from './heldReplies';
import { LIMITS } from '../../services/domain/validation';
import { dropCopy } from './activityDedupe';
import { DialogStateDedupe } from './dialogStateDedupe';
import type { ManageActions } from './manageActions';
import type { ReviewQueue } from './reviewQueue';
import type { Reminders } from '../workers/reminders';
import { CLAIM_FORM_VERBS, invokeReplyOf } from './dialogs/claimForm';
import { answerStaleSubmit, applyLanguage, standaloneCommand, stopReminders, topicCard, useChannelForAssociations, useChannelForReviews } from './chatCommands';
import { isDialogVerb, runVerb, verbRows, type Payload, type VerbTable } from './verbTable';
import { helpCard, rolesForHelp, welcomeCard, type HelpCardOptions } from './helpCard';
import type { LanguagePreferences } from '../../services/languagePreferences';

export interface CporBotDeps extends NewClaimDeps {
  conversations: ConversationStore;
  reviewActions: ReviewActions;
  manageActions: ManageActions;
  reviewQueue: ReviewQueue;
  reminders: Reminders;
  /** Dialog state lives here (Cosmos in the app), so a dialog survives restarts and moves between instances. */
  conversationState: ConversationState;
  /** conversationState's storage (it also counts activities: the dedupe of dialog turns). */
  stateStorage: CosmosBotStorage;
  /** The language each user chose ("language" / "lingua"), over the activity's locale. */
  languages: LanguagePreferences;
}

type ClaimFormVerb = (typeof CLAIM_FORM_VERBS)[number];

/** Attempts of a turn whose state write meets a concurrent turn's (each re-reads the state first). */
const STATE_ATTEMPTS = 3;

export class CporBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: CporBotDeps) {
    super();
    this.stateMarker = new DialogStateDedupe(deps, (context) => this.dialogTurn(context));
    this.dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new NewClaimDialog(deps));

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context, { greet: true });
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      const key = conversationKeyOf(context.activity);
      if (key) await this.deps.conversations.remove(key.id);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      const botAdded = (activity.membersAdded ?? []).some((m: ChannelAccount) => m.id === activity.recipient.id);
      // In a personal chat the user or the bot joining both mean "a new chat with me"; in a team or group chat
      // only the bot joining is news to everyone, so a new team member does not trigger a channel-wide greeting.
      if (botAdded || kindOf(activity) === 'personal') await this.rememberConversation(context, { greet: true });
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.rememberConversation(context, { greet: false });
      await this.handleMessage(context);
      await next();
    });
  }

  /**
   * Every card verb and its handler (VerbTable: a verb without one does not compile). Each handler checks role,
   * tenant, state and version itself, whatever the card's data says. `dialogTurn`: the click is handled in the
   * conversation's dialog (it reads and writes the dialog state); the others act on stored claims, and the web route
   * answers "working on it" when they take longer than the invoke deadline (bot/web/messagesRoute.ts).
   */
  private readonly verbs: VerbTable = {
    ...verbRows(CARD_VERBS, true, (context, verb, data) => this.asTyped(context, verb, data)),
    ...verbRows(CLAIM_FORM_VERBS, true, (context, verb, data) => this.asTyped(context, verb, data)),
    'claim.edit': { dialogTurn: true, handle: (context, data) => this.beginEdit(context, data) },
    ...verbRows(CLAIM_VERBS, false, (context, verb, data) => this.deps.reviewActions.handle(context, verb, data)),
    'claim.list': { dialogTurn: false, handle: (context, data) => this.deps.manageActions.list(context, data) },
    'claim.open': { dialogTurn: false, handle: (context, data) => this.deps.manageActions.open(context, data) },
    'claim.comment': { dialogTurn: false, handle: (context, data) => this.deps.manageActions.comment(context, data) },
    'claim.undo': { dialogTurn: false, handle: (context, data) => this.deps.manageActions.undo(context, data) },
    ...verbRows(['claim.withdraw', 'claim.dispute'] as const, false, (context, verb, data) => this.deps.manageActions.change(context, verb, data)),
    [QUEUE_VERB]: { dialogTurn: false, handle: (context, data) => this.deps.reviewQueue.handle(context, data) },
  };

  /** A card button (Action.Execute): its verb's handler, with the data checked against the verb's payload. */
  protected async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const { verb, data } = invoke.action as { verb?: unknown; data?: unknown };
    return runVerb(this.verbs, context, verb, data, this.deps.log);
  }

  /**
   * A command, choice or form button: its data is handled exactly as the text the user could have typed, then the
   * clicked card is replaced, for the clicker, by "question ✓ answer" without buttons, so it cannot be answered
   * twice.
   */
  private async asTyped(
    context: TurnContext,
    verb: DialogVerb | ClaimFormVerb,
    data: Payload<DialogVerb | ClaimFormVerb>,
  ): Promise<AdaptiveCardInvokeResponse> {
    const strings = stringsFor(context.activity.locale);
    const text = 'text' in data && typeof data.text === 'string' ? data.text : '';
    const { activity } = context;
    if (verb === 'choice' || verb === 'form') {
      const stale = await this.notCurrent(context, shown(data.prompt), strings);
      if (stale) return stale;
    }
    const original: Partial<Activity> = { type: activity.type, text: activity.text, value: activity.value as unknown };
    // Prompts only read message activities: present the click as the message it stands for, for this turn.
    Object.assign(activity, { type: 'message', text, value: data });
    try {
      await this.handleMessage(context);
    } finally {
      Object.assign(activity, original);
    }
    // The claim form answers its clicks with its own card (re-rendered with errors, or after a change of program).
    const formReply = invokeReplyOf(context);
    if (formReply) return cardResponse({ contentType: 'application/vnd.microsoft.card.adaptive', content: formReply });
    const field = typeof data.field === 'string' ? data[data.field] : undefined;
    const answer = verb === 'form' ? shown(field) || strings.cards.formSent : shown(data.title ?? text);
    // A card shared in a channel or group chat (the welcome card) stays whole for everyone: the clicker's answer
    // is the reply in the conversation, not a rewrite of the card.
    if (kindOf(activity) !== 'personal') return messageResponse(strings.cards.answeredBelow(answer));
    return cardResponse({ contentType: 'application/vnd.microsoft.card.adaptive', content: renderCard('answered', { prompt: shown(data.prompt), answer }) });
  }

  /**
   * A question card's button whose question is not the one pending (the dialog has moved on, or ended): it says so,
   * asks the pending question again (where the dialog stands) and leaves the card, and the answer it shows, as it
   * was. Undefined when the card is current (or does not say which question it asks).
   */
  private async notCurrent(context: TurnContext, prompt: string, strings: Strings): Promise<AdaptiveCardInvokeResponse | undefined> {
    if (!prompt) return undefined;
    const dc = await this.dialogs.createContext(context);
    const pending = pendingPrompt(dc);
    if (pending !== undefined && JSON.stringify(pending).includes(JSON.stringify(prompt).slice(1, -1))) return undefined;
    const said = dc.activeDialog ? strings.cards.notCurrent : strings.cards.notCurrentNoDialog;
    await context.sendActivity(said);
    if (dc.activeDialog) await dc.repromptDialog();
    return messageResponse(said);
  }

  /** "Edit" on a claim's detail card: the claim dialog opens on its summary, in edit mode. */
  private async beginEdit(context: TurnContext, data: Payload<'claim.edit'>): Promise<AdaptiveCardInvokeResponse> {
    const allowed = await this.deps.manageActions.editable(context, data);
    if ('refusal' in allowed) return allowed.refusal;
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(NEW_CLAIM_DIALOG, { edit: allowed.claim });
    // The dialog has said what happens next; the clicked card just records the choice.
    const answered = renderCard('answered', { prompt: allowed.claim.name, answer: stringsFor(context.activity.locale).manage.edit });
    return cardResponse({ contentType: 'application/vnd.microsoft.card.adaptive', content: answered });
  }

  /** The activity dedupe on the dialog state: card actions on stored claims do not touch the dialog, so they read nothing here. */
  readonly stateMarker: DialogStateDedupe;

  private dialogTurn(context: TurnContext): boolean {
    const { activity } = context;
    const verb = (activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    if (activity.type === 'message') return true;
    return activity.type === 'invoke' && activity.name === 'adaptiveCard/action' && isDialogVerb(this.verbs, verb);
  }

  /**
   * A turn, then its conversation state saved only if nobody saved it since it was read (ETag). When a concurrent
   * turn of the same conversation (another instance, a double click) saved first, the turn runs again on the state
   * that turn left, a few times at most; replies wait for the save (HeldReplies), so only the kept attempt answers.
   */
  async run(context: TurnContext): Promise<void> {
    await applyLanguage(context, this.deps.languages);
    const strings = stringsFor(context.activity.locale);
    if (!cardInputWithin(cardInputOf(context.activity))) {
      await this.stateMarker.refused(context);
      await this.refuse(context, strings.errors.inputTooLarge(LIMITS.cardInputs, LIMITS.cardInputBytes / 1024));
      return;
    }
    const replies = new HeldReplies(context);
    const turnState = new Map(context.turnState);
    for (let attempt = 1; ; attempt++) {
      replies.hold();
      try {
        await super.run(context);
        await this.deps.conversationState.saveChanges(context, false);
        this.stateMarker.saved(context);
        await replies.release();
        return;
      } catch (err) {
        replies.discard();
        if (err instanceof StateTooLargeError) {
          this.deps.log.warn({ bytes: err.bytes, activityId: context.activity.id }, 'conversation state over its budget: refused, the stored one kept');
          await this.stateMarker.refused(context);
          await this.refuse(context, strings.errors.stateTooLarge(LIMITS.conversationStateBytes / 1024));
          return;
        }
        if (!(err instanceof StateConflictError) || attempt >= STATE_ATTEMPTS) throw err;
        this.deps.log.info({ activityId: context.activity.id, attempt }, 'conversation state changed by a concurrent turn: the turn runs again on it');
        // The attempt's own turn state goes (a form's answer, the state read); the state is read again.
        context.turnState.clear();
        for (const [key, value] of turnState) context.turnState.set(key, value);
        if ((await this.stateMarker.reload(context)) === 'copy') return dropCopy(context, this.deps.log);
      }
    }
  }

  /** Answers a turn refused before anything changed: the clicked card's error, or a message. */
  private async refuse(context: TurnContext, text: string): Promise<void> {
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: errorResponse(400, text) } });
    } else await context.sendActivity(text);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const strings = stringsFor(context.activity.locale);
    const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? context.activity.text?.trim() ?? '';
    const dc = await this.dialogs.createContext(context);
    const standalone = standaloneCommand(text, { typos: !dc.activeDialog }, this.deps);
    if (standalone) {
      await standalone(context);
      // In the middle of a claim (typed, or a help card's button): answered, and the claim goes on.
      if (dc.activeDialog) await dc.repromptDialog();
      return;
    }
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return;

    const command = recognizeCommand(text);
    switch (command) {
      case 'help':
        await context.sendActivity({ attachments: [helpCard(strings, await this.helpOptions(context))] });
        return;
      case 'newClaim':
        if (kindOf(context.activity) !== 'personal') {
          await context.sendActivity(strings.claim.personalOnly);
          return;
        }
        await dc.beginDialog(NEW_CLAIM_DIALOG);
        return;
      case 'submit':
        await answerStaleSubmit(context, this.deps, strings);
        return;
      case 'edit':
        await context.sendActivity(strings.claim.noActiveSummary);
        return;
      case 'cancel':
        await context.sendActivity(strings.claim.nothingToCancel);
        return;
      case 'reviewChannel':
        await useChannelForReviews(context, this.deps, strings);
        return;
      case 'organisationChannel':
        await useChannelForAssociations(context, this.deps, strings);
        return;
      case 'stopReminders':
      case 'resumeReminders':
        await stopReminders(context, this.deps, command === 'stopReminders');
        return;
      default: {
        // A file sent outside a dialog: kept for a dispute (an Incentives admin's, in the 1:1 chat).
        const files = fileAttachments(context.activity.attachments);
        if (files.length > LIMITS.files) {
          await context.sendActivity(strings.validation.poeTooMany(LIMITS.files));
          return;
        }
        const [file] = files;
        if (file) {
          await this.deps.manageActions.keepProofMessage(context, file);
          return;
        }
        if (!text && context.activity.value) {
          // A button of a card whose dialog has ended (cancelled, finished, or answered twice).
          await context.sendActivity(strings.claim.noActiveSummary);
          return;
        }
        // "claim contoso.com <tenant id> for Teams, partner id 4567890": a new claim with those values taken.
        const sentence = parseClaimSentence(text, this.deps.catalogue);
        if (sentence) {
          if (kindOf(context.activity) === 'personal') await dc.beginDialog(NEW_CLAIM_DIALOG, { sentence } satisfies NewClaimOptions);
          else await context.sendActivity(strings.claim.personalOnly);
          return;
        }
        const language = languageOf(context.activity.locale);
        // "why was my claim rejected?", "dominio e tenant non corrispondono"…: the answer, in the language asked in.
        const match = matchTopic(text, language);
        if (match) {
          await context.sendActivity({ attachments: [await topicCard(context, this.deps, match)] });
          return;
        }
        await context.sendActivity({
          text: strings.help.notUnderstood(text.slice(0, 100)),
          attachments: [helpCard(strings, await this.helpOptions(context)), cardAttachment('topicList', topicListCardData(language))],
        });
      }
    }
  }

  /** What the help and welcome cards need: demo mode, the opt-out window, and the user's roles (their buttons). */
  private async helpOptions(context: TurnContext): Promise<HelpCardOptions> {
    const roles = await rolesForHelp(context, this.deps);
    return { demoMode: this.deps.roles.demoMode, optOutDays: this.deps.claims.policy.optOutBusinessDays, roles };
  }

  /** Stores the reference; on the first save since install, sends the greeting. */
  private async rememberConversation(context: TurnContext, opts: { greet: boolean }): Promise<void> {
    const { activity } = context;
    const key = conversationKeyOf(activity);
    if (!key) return;
    const first = await this.deps.conversations.save(
      {
        id: key.id,
        kind: key.kind,
        tenantId: key.tenantId,
        userId: key.kind === 'personal' ? activity.from?.id : undefined,
        aadObjectId: key.kind === 'personal' ? activity.from?.aadObjectId : undefined,
        reference: TurnContext.getConversationReference(activity),
      },
      opts,
    );
    if (first) {
      await context.sendActivity({ attachments: [welcomeCard(stringsFor(activity.locale), key.kind, await this.helpOptions(context))] });
    }
  }
}

/** The question the innermost active dialog (a prompt) asked: its prompt activity or text; undefined when none. */
function pendingPrompt(dc: DialogContext): PromptOptions['prompt'] | undefined {
  let inner = dc;
  while (inner.child) inner = inner.child;
  const state = inner.activeDialog?.state as { options?: PromptOptions } | undefined;
  return state?.options?.prompt;
}

/** One reference per user (personal chat) or per channel / group chat, scoped by tenant. */
export function conversationKeyOf(activity: Partial<Activity>): { id: string; kind: ConversationKind; tenantId: string } | undefined {
  const kind = kindOf(activity);
  const tenantId = tenantOf(activity) ?? 'no-tenant';
  const owner = kind === 'personal' ? activity.from?.id : activity.conversation?.id?.split(';')[0];
  if (!owner) return undefined;
  return { id: conversationKey(kind, tenantId, owner), kind, tenantId };
}
