// The help and welcome cards: what the bot does, and every command the user's roles allow as a button, in the
// user's language (partners: new association, my associations, export, troubleshoot; reviewers: the review queue).
import type { Attachment, TurnContext } from 'botbuilder';
import { cardAttachment, type CardAction } from '../../cards';
import type { ConversationKind } from '../../services/conversationStore';
import type { Role } from '../../services/roles';
import { allLanguages, type Language, type Strings } from '../../services/strings';
import { LANGUAGE_COMMANDS } from './commands';
import { actorOf, isPartner, isReviewer, type ActorDeps } from './actor';

export interface HelpCardOptions {
  demoMode: boolean;
  /** The configured opt-out window, said as it is (the help text must not promise another one). */
  optOutDays: number;
  roles: ReadonlySet<Role>;
}

/** The command buttons for these roles; troubleshooting and help are for everyone. */
export function commandButtons(strings: Strings, roles: ReadonlySet<Role>): CardAction[] {
  const b = strings.claimForm.commandButtons;
  const c = strings.commands;
  const buttons: CardAction[] = [];
  if (isPartner({ roles })) {
    buttons.push(
      { title: strings.help.newClaimButton, command: c.newClaim[0] },
      { title: b.myClaims, command: c.myClaims[0] },
      { title: b.export, command: c.export[0] },
    );
  }
  if (isReviewer({ roles })) buttons.push({ title: b.reviewQueue, command: c.reviewQueue[0] });
  buttons.push({ title: b.troubleshoot, command: strings.claimForm.troubleshootCommand });
  return buttons;
}

/** Every language, each named in its own language: a user who cannot read the card still finds theirs. */
export function languageButtons(): CardAction[] {
  return (Object.keys(LANGUAGE_COMMANDS) as Language[]).map((language) => {
    const strings = allLanguages[language];
    return { title: strings.languageName, command: strings.commands[LANGUAGE_COMMANDS[language]][1] };
  });
}

export function helpCard(strings: Strings, opts: HelpCardOptions, heading = strings.help.heading, intro = strings.help.intro): Attachment {
  return cardAttachment('help', {
    heading,
    intro,
    notice: opts.demoMode ? strings.help.demoMode : '',
    topics: [...strings.help.topics, strings.help.about(opts.optOutDays)],
    actions: commandButtons(strings, opts.roles),
    languages: languageButtons(),
  });
}

export function welcomeCard(strings: Strings, kind: ConversationKind, opts: HelpCardOptions): Attachment {
  const intro = kind === 'personal' ? strings.welcome.intro : `${strings.welcome.intro}\n\n${strings.welcome.teamIntro}`;
  return helpCard(strings, opts, strings.welcome.heading, intro);
}

/** The roles of the user of this turn, for the buttons; none when they cannot be found out now. */
export async function rolesForHelp(context: TurnContext, deps: ActorDeps): Promise<ReadonlySet<Role>> {
  try {
    return (await actorOf(context, deps)).roles;
  } catch (err) {
    // The card matters more than its buttons: troubleshooting and help remain.
    deps.log.warn({ err }, 'help card: role lookup failed; showing the commands for everyone');
    return new Set();
  }
}
