// Every user-facing English string. it.ts must provide the same keys (the type checker enforces it).
export const en = {
  languageName: 'English',
  welcome: {
    heading: 'Welcome to CPOR Assistant',
    intro:
      'I help Microsoft partners claim customers as Claiming Partner of Record (CPOR) for OSA Sell, ' +
      'OSU Microsoft 365 and OSU Business Applications, and follow each claim until it is official.',
    teamIntro:
      'I post claims to review in a channel of this team. A reviewer can say "use this channel for reviews" here.',
  },
  help: {
    heading: 'What I can do',
    intro: 'Type one of these, or pick a button:',
    notUnderstood: (text: string) => `Sorry, I didn't understand "${text}". Here is what I can do.`,
    demoMode:
      'Demo mode: no roles are configured, so everyone may act as partner and reviewer. Set ROLES_FILE or the ' +
      'role groups to enforce roles.',
    topics: [
      { title: 'help', text: 'Show this list.' },
      {
        title: 'About CPOR',
        text:
          'A claim links your organisation to a customer tenant and a workload (Microsoft 365) or subscription ' +
          '(Business Applications). Microsoft validates every claim; once approved the customer has five business ' +
          'days to opt out, then the association becomes official.',
      },
    ],
  },
  errors: {
    generic: 'Sorry, something went wrong on my side and your last message was not processed. Please try again in a moment.',
  },
  commands: {
    help: ['help', 'menu', '?', 'what can you do', 'commands', 'hi', 'hello', 'start'],
  },
};

export type Strings = typeof en;
