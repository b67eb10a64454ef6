// Sample view models for every card template; the type makes a new template without a sample a compile error.
import type { CardViewModels } from '../../cards';
import { en } from '../../bot/strings/en';

export const cardSamples: CardViewModels = {
  help: {
    heading: en.help.heading,
    intro: en.help.intro,
    notice: en.help.demoMode,
    topics: en.help.topics,
    actions: [{ title: en.help.newClaimButton, command: en.commands.newClaim[0] }],
  },
  claimSummary: {
    title: en.claim.summaryTitle,
    intro: en.claim.summaryIntro,
    facts: [
      { title: en.claim.labels.customerDomain, value: 'contoso.com' },
      { title: en.claim.labels.workloads, value: 'Microsoft Teams, Intune' },
    ],
    note: en.claim.summaryDraftNote,
    claimId: 'CPOR-ABCDEFGHJK',
    actions: [
      { title: en.claim.summarySubmit, command: en.commands.submit[0], style: 'positive' },
      { title: en.claim.summaryEdit, command: en.commands.edit[0], style: 'default' },
      { title: en.claim.summaryCancel, command: en.commands.cancel[0], style: 'destructive' },
    ],
  },
  workloads: {
    title: en.claim.workloadsCardTitle,
    button: en.claim.workloadsCardButton,
    selected: 'Microsoft Teams',
    choices: [
      { title: '1. Exchange Online', value: 'Exchange Online' },
      { title: '4. Microsoft Teams', value: 'Microsoft Teams' },
    ],
  },
  choices: {
    notice: en.validation.choice,
    prompt: en.claim.askSolutionArea,
    rows: [{ choices: [{ title: 'Microsoft 365' }, { title: 'Business Applications' }] }],
  },
  answered: { prompt: en.claim.askSolutionArea, answer: 'Microsoft 365' },
};
