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
  review: {
    claimId: 'CPOR-ABCDEFGHJK',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    version: 3,
    title: en.review.title('Contoso Teams rollout'),
    statusLine: en.review.status(en.statuses.UnderReview, 'CPOR-ABCDEFGHJK'),
    competingNote: en.review.competing,
    facts: [{ title: en.claim.labels.customerDomain, value: 'contoso.com' }],
    competitors: [{ heading: en.review.competitorHeading(1), facts: [{ title: en.claim.labels.partnerId, value: '7654321' }] }],
    history: [{ line: '2026-11-26 10:00 UTC · Alice Rossi: submitted' }],
    actedBy: en.review.actedBy('Rita Reviewer', en.statuses.UnderReview, '2026-11-26 10:05 UTC'),
    labels: { refresh: en.review.refresh, history: en.review.history },
    refreshUserIds: ['29:rita'],
    actions: [
      { kind: 'openUrl', title: en.review.openPoe('sow.pdf'), url: 'https://cpor.example.com/files/abc?token=1.x' },
      { kind: 'execute', verb: 'review.approve', title: en.review.approve, style: 'positive' },
      {
        kind: 'form',
        verb: 'review.reject',
        title: en.review.reject,
        style: 'destructive',
        confirm: en.review.confirmReject,
        reasonLabel: en.review.reasonLabel,
        commentLabel: en.review.commentLabel,
        reasons: ['Insufficient proof of execution', 'Partner request'],
      },
    ],
  },
  partnerAnswer: {
    title: en.partnerNotices.answerTitle,
    request: 'Missing Customer Acknowledgement: please attach the signed acknowledgement',
    label: en.partnerNotices.answerLabel,
    button: en.partnerNotices.answerButton,
    claimId: 'CPOR-ABCDEFGHJK',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    version: 4,
  },
};
