// What a partner notice says to each reader: how to dispute a rejection and until which date (an Incentives admin),
// or which admins can (an Incentives user, the organisation's channel); the answer card only in a 1:1 chat.
import assert from 'node:assert/strict';
import { partnerMessage } from '../../bot/workers/partnerMessage';
import type { Claim, HistoryEntry } from '../../services/domain/claim';
import { DEFAULT_POLICY, type DomainPolicy } from '../../services/domain/rules';

const ROME: DomainPolicy = { ...DEFAULT_POLICY, calendar: { timeZone: 'Europe/Rome', country: 'IT' } };
const by = { id: '29:rita', name: 'Rita' };
// Rejected on Monday 2 November 2026 at 15:00 in Rome: may be disputed until the end of Wednesday 2 December there.
const REJECTED_AT = '2026-11-02T14:00:00Z';

function claimAfter(...entries: Omit<HistoryEntry, 'by'>[]): Claim {
  const history = entries.map((e) => ({ ...e, by }));
  const last = history[history.length - 1];
  return { id: 'CPOR-MSG', name: 'Contoso', locale: 'en-US', status: last.to, version: history.length, history, notices: [] } as unknown as Claim;
}
const rejected = (action = 'reject') =>
  claimAfter(
    { at: '2026-10-30T10:00:00Z', action: 'startReview', from: 'Submitted', to: 'UnderReview' },
    { at: REJECTED_AT, action, from: 'UnderReview', to: 'Rejected', reason: 'Insufficient proof of execution', comment: 'Unsigned.' },
  );
const noticeOf = (claim: Claim) => ({
  id: 'n',
  kind: 'partner' as const,
  version: claim.version,
  historyIndex: claim.history.length - 1,
  createdAt: REJECTED_AT,
  attempts: 0,
});
const textFor = (claim: Claim, opts: Parameters<typeof partnerMessage>[3] = {}) => partnerMessage(claim, noticeOf(claim), ROME, opts).text;

describe('partner notices: who may dispute, and until when', () => {
  const UNTIL_EN = 'Wednesday 2 December 2026 (until the end of the day, Europe/Rome time)';
  // [what, claim, options, text expected at the end]
  const CASES: [string, Claim, Parameters<typeof partnerMessage>[3], string][] = [
    [
      'an Incentives admin is told how, and the last day',
      rejected(),
      {},
      `You can dispute it once, with a stronger proof of execution if you have one, by ${UNTIL_EN}: say "my associations" and open the claim.`,
    ],
    [
      'an Incentives user is told which admins can',
      rejected(),
      { disputers: ['Alice Rossi', 'Anna Verdi'] },
      `Only an Incentives admin of your organisation can dispute it, once, by ${UNTIL_EN}: Alice Rossi, Anna Verdi.`,
    ],
    [
      'with no admin known: ask one',
      rejected(),
      { disputers: [] },
      `Only an Incentives admin of your organisation can dispute it, once, by ${UNTIL_EN}: ask one of them.`,
    ],
    [
      'in Italian',
      rejected(),
      { locale: 'it-IT', disputers: ['Alice Rossi'] },
      'Solo un Incentives admin della tua organizzazione può contestarlo, una volta, entro mercoledì 2 dicembre 2026 (fino alla fine della giornata, ora di Europe/Rome): Alice Rossi.',
    ],
    ['a competing claim approved: disputable too', rejected('rejectCompeting'), {}, `by ${UNTIL_EN}: say "my associations" and open the claim.`],
  ];
  for (const [what, claim, opts, ending] of CASES) {
    it(what, () => assert.ok(textFor(claim, opts).endsWith(ending), textFor(claim, opts)));
  }

  it('no dispute sentence where none is possible: a withdrawal, the customer declining, a second rejection', () => {
    const withdrawn = claimAfter({ at: REJECTED_AT, action: 'withdraw', from: 'Submitted', to: 'Rejected', reason: 'Partner request' });
    const declined = claimAfter({ at: REJECTED_AT, action: 'customerDecline', from: 'Approved', to: 'Rejected', reason: 'Customer declined' });
    const again = claimAfter(
      { at: '2026-10-01T10:00:00Z', action: 'reject', from: 'UnderReview', to: 'Rejected', reason: 'Insufficient proof of execution' },
      { at: '2026-10-02T10:00:00Z', action: 'dispute', from: 'Rejected', to: 'UnderReview' },
      { at: REJECTED_AT, action: 'reject', from: 'UnderReview', to: 'Rejected', reason: 'Insufficient proof of execution' },
    );
    for (const claim of [withdrawn, declined, again]) {
      for (const disputers of [undefined, ['Alice']]) assert.doesNotMatch(textFor(claim, { disputers }), /dispute it/);
    }
  });

  it('the answer card of a request for information goes to a 1:1 chat only', () => {
    const asked = claimAfter({ at: REJECTED_AT, action: 'requestInfo', from: 'UnderReview', to: 'PartnerActionRequired', reason: 'Missing All PoE' });
    assert.equal(partnerMessage(asked, noticeOf(asked), ROME, {}).attachments.length, 1);
    assert.equal(partnerMessage(asked, noticeOf(asked), ROME, { answerCard: false }).attachments.length, 0);
  });
});
