// The domain core (services/domain/rules.ts), table by table and without a store: every state × action × party,
// each deadline, each notice, each refusal; disputes, "Rejected, final", review age; cards' buttons per party.
import assert from 'node:assert/strict';
import { businessDaysBetween, endOfBusinessDay } from '../../services/businessDays';
import { ALL_STATUSES, proofsOf, slotKeys, type Claim, type ClaimStatus, type HistoryEntry } from '../../services/domain/claim';
import {
  allowedActions,
  applyAction,
  applyEdit,
  CLAIM_ACTIONS,
  applyUndo,
  customerNotified,
  DEFAULT_POLICY,
  disputeCheck,
  isFinal,
  prunedNotices,
  reviewAge,
  SYSTEM_REASONS,
  type ActionInput,
  type ClaimAction,
  type DomainPolicy,
  type EditInput,
  type Party,
} from '../../services/domain/rules';

const PARTIES: Party[] = ['incentivesAdmin', 'incentivesUser', 'reviewer', 'customer', 'system'];
// A Wednesday: nothing below depends on the day the suite runs.
const AT = new Date('2026-11-25T10:00:00Z');
const ROME: DomainPolicy = { ...DEFAULT_POLICY, calendar: { timeZone: 'Europe/Rome', country: 'IT' } };
const who = { id: '29:someone', name: 'Someone' };

/** What each action needs to be taken (reasons from the lists, comments where people must explain). */
const INPUTS: Record<ClaimAction, Partial<ActionInput>> = {
  submit: {},
  startReview: {},
  approve: {},
  reject: { reason: 'Insufficient proof of execution', comment: 'Unsigned.' },
  requestInfo: { reason: 'Missing All PoE', comment: 'Please attach the SOW.' },
  partnerRespond: { comment: 'Attached.' },
  expirePartnerAction: {},
  customerDecline: {},
  makeOfficial: {},
  withdraw: { comment: 'Wrong tenant.' },
  dispute: { comment: 'The SOW is signed on page 4.' },
  rejectCompeting: {},
  supersede: {},
};

/** A claim in `status` whose timers are due and whose customer was told (so the table alone decides). */
function claimIn(status: ClaimStatus, overrides: Partial<Claim> = {}): Claim {
  const past = new Date(AT.getTime() - 3600_000).toISOString();
  const history: HistoryEntry[] = [
    { at: past, by: who, action: 'created', to: 'Draft' },
    ...(status === 'Draft' ? [] : [{ at: past, by: who, action: 'submit', from: 'Draft' as const, to: 'Submitted' as const }]),
    ...(status === 'Rejected'
      ? [{ at: past, by: who, action: 'reject', from: 'UnderReview' as const, to: 'Rejected' as const, reason: 'Insufficient proof of execution' }]
      : []),
  ];
  return {
    id: 'CPOR-RULES',
    type: 'claim',
    partnerTenantId: 'partner-tenant',
    program: 'OSU Microsoft 365',
    solutionArea: 'microsoft365',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: 'contoso.com',
    customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
    workloads: ['Intune'],
    customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' },
    partnerContact: { name: 'Alice', email: 'alice@partner.example' },
    name: 'Contoso Intune',
    status,
    competing: false,
    createdBy: who,
    createdAt: past,
    updatedAt: past,
    version: 3,
    history,
    notices: [],
    reviewCards: [],
    partnerActionDeadline: status === 'PartnerActionRequired' ? past : undefined,
    optOutDeadline: status === 'Approved' ? past : undefined,
    customerNotifiedAt: status === 'Approved' ? past : undefined,
    ...overrides,
  };
}

/** A proof of execution uploaded now, named after its file id. */
const proof = (fileId: string) => ({
  fileId,
  fileName: `${fileId}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  uploadedAt: AT.toISOString(),
  uploadedBy: who.id,
});

const act = (claim: Claim, action: ClaimAction, party: Party, extra: Partial<ActionInput> = {}, policy = DEFAULT_POLICY) =>
  applyAction(claim, { action, actor: who, party, at: AT, ...INPUTS[action], ...extra }, policy);

/** A claim in `status` ready for `action`: the customer's window still open for a decline, past for the timers. */
const readyFor = (status: ClaimStatus, action: ClaimAction): Claim =>
  claimIn(status, action === 'customerDecline' && status === 'Approved' ? { optOutDeadline: new Date(AT.getTime() + 86400_000).toISOString() } : {});

/**
 * What each action does, written by hand from the life cycle in the domain notes (and the product's choices: an
 * Incentives admin withdraws at any point before or after official; the system settles competitors and timers), NOT
 * derived from RULES: a change to RULES that is not also made here fails. Columns: who may take it (admin = Incentives
 * admin, user = Incentives user), then the state each status goes to, `-` where the action is refused in that status.
 */
const EXPECTED = `
action              by             Draft      Submitted    UnderReview   PartnerActionRequired  Approved   Official   Rejected
submit              admin,user     Submitted  -            -             -                      -          -          -
startReview         reviewer       -          UnderReview  -             -                      -          -          -
approve             reviewer       -          -            Approved      -                      -          -          -
reject              reviewer       -          -            Rejected      -                      -          -          -
requestInfo         reviewer       -          -            PartnerActionRequired -              -          -          -
partnerRespond      admin,user     -          -            -             UnderReview            -          -          -
expirePartnerAction system         -          -            -             Rejected               -          -          -
customerDecline     customer       -          -            -             -                      Rejected   -          -
makeOfficial        system         -          -            -             -                      Official   -          -
withdraw            admin          Rejected   Rejected     Rejected      Rejected               Rejected   Rejected   -
dispute             admin          -          -            -             -                      -          -          UnderReview
rejectCompeting     system         Rejected   Rejected     Rejected      Rejected               Rejected   -          -
supersede           system         -          -            -             -                      -          Rejected   -
`;

const PARTY_NAMES: Record<string, Party> = { admin: 'incentivesAdmin', user: 'incentivesUser', reviewer: 'reviewer', customer: 'customer', system: 'system' };

const expectedTable = (() => {
  const [header, ...rows] = EXPECTED.trim().split('\n');
  const statuses = header.trim().split(/\s+/).slice(2) as ClaimStatus[];
  return new Map(
    rows.map((row) => {
      const [action, by, ...targets] = row.trim().split(/\s+/);
      assert.equal(targets.length, statuses.length, `a target for every status in the row of ${action}`);
      const to = new Map(statuses.map((status, i) => [status, targets[i] === '-' ? undefined : (targets[i] as ClaimStatus)]));
      return [action as ClaimAction, { by: by.split(',').map((name) => PARTY_NAMES[name]), to }];
    }),
  );
})();

describe('domain rules: the life-cycle table', () => {
  it('the hand-written table names every action and every status the domain has, no more', () => {
    assert.deepEqual([...expectedTable.keys()].sort(), [...CLAIM_ACTIONS].sort());
    for (const { to } of expectedTable.values()) assert.deepEqual([...to.keys()].sort(), [...ALL_STATUSES].sort());
  });

  describe('every state × action × party, against the hand-written table', () => {
    for (const [action, expected] of expectedTable) {
      for (const [status, to] of expected.to) {
        for (const party of PARTIES) {
          const mayTake = expected.by.includes(party);
          it(`${action} on ${status} by ${party}: ${mayTake && to ? to : 'refused'}`, () => {
            const claim = readyFor(status, action);
            const before = structuredClone(claim);
            const outcome = act(claim, action, party);
            assert.deepEqual(claim, before, 'the claim passed in is never changed');
            if (!mayTake || to === undefined) {
              assert.equal(outcome.ok, false);
              assert.equal(!outcome.ok && outcome.refusal.kind, mayTake ? 'notAllowed' : 'forbidden');
              return;
            }
            assert.ok(outcome.ok, JSON.stringify(outcome));
            assert.equal(outcome.claim.status, to);
            assert.equal(outcome.claim.version, claim.version + 1);
            assert.equal(outcome.claim.updatedAt, AT.toISOString());
            assert.deepEqual(outcome.claim.history.at(-1), outcome.entry);
            assert.deepEqual([outcome.entry.action, outcome.entry.from, outcome.entry.to], [action, status, to]);
          });
        }
      }
    }
  });

  describe('notices each transition owes (in the same write)', () => {
    const kinds = (claim: Claim, action: ClaimAction, party: Party) => {
      const outcome = act(claim, action, party);
      assert.ok(outcome.ok);
      return outcome.claim.notices.map((n) => n.kind).sort();
    };
    const cases: [ClaimStatus, ClaimAction, Party, string[]][] = [
      ['Draft', 'submit', 'incentivesUser', ['reviewCard']],
      ['Submitted', 'startReview', 'reviewer', ['partner', 'reviewCard']],
      ['UnderReview', 'approve', 'reviewer', ['customer', 'partner', 'reviewCard']],
      ['UnderReview', 'reject', 'reviewer', ['partner', 'reviewCard']],
      ['UnderReview', 'requestInfo', 'reviewer', ['partner', 'reviewCard']],
      ['PartnerActionRequired', 'partnerRespond', 'incentivesUser', ['reviewCard']],
      ['PartnerActionRequired', 'expirePartnerAction', 'system', ['partner', 'reviewCard']],
      ['Approved', 'customerDecline', 'customer', ['partner', 'reviewCard']],
      ['Approved', 'makeOfficial', 'system', ['partner', 'reviewCard']],
      ['Approved', 'rejectCompeting', 'system', ['partner', 'reviewCard']],
      ['Official', 'supersede', 'system', ['partner', 'reviewCard']],
      ['Official', 'withdraw', 'incentivesAdmin', ['reviewCard']],
      ['Rejected', 'dispute', 'incentivesAdmin', ['reviewCard']],
    ];
    for (const [status, action, party, expected] of cases) {
      it(`${action} from ${status}: ${expected.join(', ')}`, () => assert.deepEqual(kinds(readyFor(status, action), action, party), expected));
    }
    it("a competing claim's approval and promotion also owe the settlement of its competitors", () => {
      assert.deepEqual(kinds(claimIn('UnderReview', { competing: true }), 'approve', 'reviewer'), ['competitors', 'customer', 'partner', 'reviewCard']);
      assert.deepEqual(kinds(claimIn('Approved', { competing: true }), 'makeOfficial', 'system'), ['competitors', 'partner', 'reviewCard']);
    });
    it('a Draft never submitted gets no review card when withdrawn; the partner is not told of their own act', () => {
      assert.deepEqual(kinds(claimIn('Draft'), 'withdraw', 'incentivesAdmin'), []);
    });
    it('delivered notices beyond the last few are pruned, pending and failed ones always kept', () => {
      const delivered = Array.from({ length: 25 }, (_, i) => ({
        id: `${i}:partner`,
        kind: 'partner' as const,
        version: i,
        historyIndex: 0,
        createdAt: '',
        attempts: 1,
        deliveredAt: 'x',
      }));
      const pending = { id: 'p', kind: 'reviewCard' as const, version: 30, historyIndex: 0, createdAt: '', attempts: 0 };
      const failed = { ...pending, id: 'f', failedAt: 'x' };
      const kept = prunedNotices([failed, ...delivered, pending]);
      assert.equal(kept.filter((n) => n.deliveredAt).length, 10);
      assert.ok(kept.includes(pending) && kept.includes(failed));
      assert.deepEqual(
        kept.filter((n) => n.deliveredAt).map((n) => n.id),
        delivered.slice(-10).map((n) => n.id),
        'the newest are kept',
      );
    });
  });

  describe('deadlines, in business days of the configured calendar', () => {
    for (const days of [5, 14]) {
      it(`a request for information gives the partner ${days} business days (Rome calendar); an answer clears it`, () => {
        const policy = { ...ROME, partnerResponseBusinessDays: days };
        const outcome = act(claimIn('UnderReview'), 'requestInfo', 'reviewer', {}, policy);
        assert.ok(outcome.ok);
        assert.equal(businessDaysBetween(AT, new Date(outcome.claim.partnerActionDeadline ?? ''), ROME.calendar), days);
        const answered = act(outcome.claim, 'partnerRespond', 'incentivesUser', {}, policy);
        assert.ok(answered.ok);
        assert.equal('partnerActionDeadline' in answered.claim, false);
      });
    }
    it('approval fixes the opt-out deadline, OPT_OUT_BUSINESS_DAYS after it; the customer is not told yet', () => {
      const outcome = act(claimIn('UnderReview'), 'approve', 'reviewer', {}, { ...ROME, optOutBusinessDays: 7 });
      assert.ok(outcome.ok);
      assert.equal(businessDaysBetween(AT, new Date(outcome.claim.optOutDeadline ?? ''), ROME.calendar), 7);
      assert.equal(outcome.claim.customerNotifiedAt, undefined);
    });
    it('the customer e-mail leaving late moves the window to start from it; leaving in time keeps it', () => {
      const approved = act(claimIn('UnderReview'), 'approve', 'reviewer', {}, ROME);
      assert.ok(approved.ok);
      const onTime = customerNotified(approved.claim, new Date(AT.getTime() + 60_000), ROME);
      assert.equal(onTime.optOutDeadline, approved.claim.optOutDeadline, 'the same day ends the window');
      // Wednesday 25 November 11:00 in Rome + 5 business days: until the end of Wednesday 2 December in Rome.
      assert.equal(onTime.optOutDeadline, '2026-12-02T22:59:59.999Z');
      const threeDaysLate = new Date('2026-11-30T09:00:00Z');
      const late = customerNotified(approved.claim, threeDaysLate, ROME);
      assert.equal(late.customerNotifiedAt, threeDaysLate.toISOString());
      assert.equal(businessDaysBetween(threeDaysLate, new Date(late.optOutDeadline ?? ''), ROME.calendar), 5);
      assert.equal(customerNotified(late, new Date('2026-12-20T00:00:00Z'), ROME), late, 'recorded once');
    });
    it('timers are refused before their deadline, and official only once the customer was told', () => {
      const future = new Date(AT.getTime() + 1000).toISOString();
      const notDue = (outcome: ReturnType<typeof act>) => !outcome.ok && outcome.refusal.kind;
      assert.equal(notDue(act(claimIn('PartnerActionRequired', { partnerActionDeadline: future }), 'expirePartnerAction', 'system')), 'notDue');
      assert.equal(notDue(act(claimIn('Approved', { optOutDeadline: future }), 'makeOfficial', 'system')), 'notDue');
      assert.equal(notDue(act(claimIn('Approved', { customerNotifiedAt: undefined }), 'makeOfficial', 'system')), 'customerNotNotified');
      assert.ok(act(claimIn('Approved'), 'makeOfficial', 'system').ok);
      assert.equal(notDue(act(claimIn('Approved'), 'customerDecline', 'customer')), 'windowClosed', 'no decline once the window has closed');
    });
  });

  describe('refusals with their reasons', () => {
    const refusal = (outcome: ReturnType<typeof act>) => (outcome.ok ? 'done' : outcome.refusal.kind);
    it('a stale version (someone acted first)', () =>
      assert.equal(refusal(act(claimIn('UnderReview'), 'approve', 'reviewer', { expectedVersion: 2 })), 'stale'));
    it('a rejection or request needs a reason from its list and a comment', () => {
      assert.equal(refusal(act(claimIn('UnderReview'), 'reject', 'reviewer', { reason: 'Customer declined' })), 'reasonRequired');
      assert.equal(refusal(act(claimIn('UnderReview'), 'requestInfo', 'reviewer', { reason: 'Insufficient proof of execution' })), 'reasonRequired');
      assert.equal(refusal(act(claimIn('UnderReview'), 'reject', 'reviewer', { comment: '  ' })), 'commentRequired');
      assert.equal(refusal(act(claimIn('UnderReview'), 'reject', 'reviewer', { comment: 'x'.repeat(2001) })), 'commentRequired');
    });
    it('withdrawal, dispute and answers need a comment', () => {
      assert.equal(refusal(act(claimIn('Official'), 'withdraw', 'incentivesAdmin', { comment: '' })), 'commentRequired');
      assert.equal(refusal(act(claimIn('Rejected'), 'dispute', 'incentivesAdmin', { comment: '' })), 'commentRequired');
      assert.equal(refusal(act(claimIn('PartnerActionRequired'), 'partnerRespond', 'incentivesAdmin', { comment: '' })), 'commentRequired');
    });
    it('system reasons are written by the system, whatever an input says', () => {
      const cases: [ClaimStatus, ClaimAction, Party, string][] = [
        ['PartnerActionRequired', 'expirePartnerAction', 'system', SYSTEM_REASONS.noResponse],
        ['Approved', 'customerDecline', 'customer', SYSTEM_REASONS.customerDeclined],
        ['Official', 'withdraw', 'incentivesAdmin', SYSTEM_REASONS.partnerRequest],
        ['UnderReview', 'rejectCompeting', 'system', SYSTEM_REASONS.competing],
        ['Official', 'supersede', 'system', SYSTEM_REASONS.superseded],
      ];
      for (const [status, action, party, reason] of cases) {
        const outcome = act(readyFor(status, action), action, party, { reason: 'made up' });
        assert.ok(outcome.ok);
        assert.equal(outcome.entry.reason, reason);
        assert.ok(
          !/another partner's claim became official|another partner's association/.test(reason) || !reason.includes('partner-tenant'),
          'never names the other partner',
        );
      }
    });
  });

  describe('disputes', () => {
    const rejectedBy = (action: string, daysAgo: number, extra: HistoryEntry[] = []): Claim =>
      claimIn('Rejected', {
        history: [
          { at: '2026-10-01T00:00:00Z', by: who, action: 'created', to: 'Draft' },
          ...extra,
          { at: new Date(AT.getTime() - daysAgo * 86400_000).toISOString(), by: who, action, from: 'Approved', to: 'Rejected' },
        ],
      });
    // [rejected at, disputed at, time zone, days, accepted]: day N in until its end in the calendar's zone, day N + 1 out.
    const WINDOW: [string, string, string, number, boolean][] = [
      ['2026-10-26T10:00:00Z', '2026-11-25T10:00:00Z', 'UTC', 30, true],
      ['2026-10-26T10:00:00Z', '2026-11-25T23:59:59.999Z', 'UTC', 30, true],
      ['2026-10-26T10:00:00Z', '2026-11-26T00:00:00Z', 'UTC', 30, false],
      // 15:00 in Rome on 2 November; day 30 is 2 December, which ends at 23:00 UTC.
      ['2026-11-02T14:00:00Z', '2026-12-02T22:00:00Z', 'Europe/Rome', 30, true],
      ['2026-11-02T14:00:00Z', '2026-12-02T22:59:59.999Z', 'Europe/Rome', 30, true],
      ['2026-11-02T14:00:00Z', '2026-12-02T23:01:00Z', 'Europe/Rome', 30, false],
      // 00:30 in Rome on 3 November is still 2 November in UTC: the days count from the Rome date.
      ['2026-11-02T23:30:00Z', '2026-12-03T22:30:00Z', 'Europe/Rome', 30, true],
      ['2026-11-02T23:30:00Z', '2026-12-03T22:30:00Z', 'UTC', 30, false],
      ['2026-11-18T10:00:00Z', '2026-11-25T21:00:00Z', 'UTC', 7, true],
      ['2026-11-15T10:00:00Z', '2026-11-25T10:00:00Z', 'UTC', 7, false],
    ];
    for (const [rejected, disputed, timeZone, disputeDays, accepted] of WINDOW) {
      it(`rejected ${rejected}, disputed ${disputed} (${timeZone}, ${disputeDays} days): ${accepted ? 'accepted' : 'too late'}`, () => {
        const claim = claimIn('Rejected', { history: [{ at: rejected, by: who, action: 'reject', from: 'UnderReview', to: 'Rejected' }] });
        const check = disputeCheck(claim, new Date(disputed), { disputeDays, calendar: { timeZone } });
        assert.deepEqual(check, accepted ? { ok: true } : { ok: false, why: 'tooLate' });
      });
    }
    it("never after a withdrawal or a customer decline (the customer's decision is final), and only once", () => {
      assert.deepEqual(disputeCheck(rejectedBy('withdraw', 1), AT, DEFAULT_POLICY), { ok: false, why: 'withdrawn' });
      assert.deepEqual(disputeCheck(rejectedBy('customerDecline', 1), AT, DEFAULT_POLICY), { ok: false, why: 'declinedByCustomer' });
      const twice = rejectedBy('reject', 1, [{ at: '2026-10-02T00:00:00Z', by: who, action: 'dispute', from: 'Rejected', to: 'UnderReview' }]);
      assert.deepEqual(disputeCheck(twice, AT, DEFAULT_POLICY), { ok: false, why: 'alreadyDisputed' });
      assert.deepEqual(disputeCheck(claimIn('UnderReview'), AT, DEFAULT_POLICY), { ok: false, why: 'notRejected' });
    });
    it('competing and superseded rejections may be disputed', () => {
      assert.equal(disputeCheck(rejectedBy('rejectCompeting', 1), AT, DEFAULT_POLICY).ok, true);
      assert.equal(disputeCheck(rejectedBy('supersede', 1), AT, DEFAULT_POLICY).ok, true);
    });
    it('a dispute may bring a new proof of execution', () => {
      const poe = { fileId: 'new', fileName: 'signed.pdf', contentType: 'application/pdf', size: 10, uploadedAt: AT.toISOString(), uploadedBy: who.id };
      const outcome = act(rejectedBy('reject', 1), 'dispute', 'incentivesAdmin', { poe });
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.claim.poe, poe);
      assert.equal(outcome.claim.status, 'UnderReview');
    });
    it('a new proof of execution goes beside the earlier ones (a claim stored with one proof too), never over them', () => {
      const disputed = act({ ...rejectedBy('reject', 1), poe: proof('first') }, 'dispute', 'incentivesAdmin', { poe: proof('second') });
      assert.ok(disputed.ok);
      assert.deepEqual(
        proofsOf(disputed.claim).map((p) => p.fileId),
        ['first', 'second'],
      );
      const asked = act(disputed.claim, 'requestInfo', 'reviewer');
      assert.ok(asked.ok);
      const requested = act(asked.claim, 'partnerRespond', 'incentivesAdmin', { poe: proof('third') });
      assert.ok(requested.ok);
      assert.deepEqual(
        proofsOf(requested.claim).map((p) => p.fileId),
        ['first', 'second', 'third'],
      );
      assert.equal(requested.claim.poe?.fileId, 'third', 'the latest is the one the partner sent last');
      const again = act(claimIn('PartnerActionRequired', { poe: proof('first') }), 'partnerRespond', 'incentivesAdmin', { poe: proof('first') });
      assert.ok(again.ok);
      assert.deepEqual(
        proofsOf(again.claim).map((p) => p.fileId),
        ['first'],
        'the same file twice is one proof',
      );
    });
    it('"Rejected, final" once no dispute is possible', () => {
      assert.equal(isFinal(rejectedBy('reject', 1), AT, DEFAULT_POLICY), false);
      assert.equal(isFinal(rejectedBy('reject', 31), AT, DEFAULT_POLICY), true);
      assert.equal(isFinal(rejectedBy('customerDecline', 0), AT, DEFAULT_POLICY), true);
      assert.equal(isFinal(claimIn('Official'), AT, DEFAULT_POLICY), false);
    });
  });

  describe('allowedActions: every button of every card', () => {
    const buttons = (status: ClaimStatus, party: Party, overrides: Partial<Claim> = {}) =>
      allowedActions(claimIn(status, overrides), party, AT, DEFAULT_POLICY).sort();
    it('reviewers: start on Submitted; approve, reject, request on Under review; comment always', () => {
      assert.deepEqual(buttons('Submitted', 'reviewer'), ['comment', 'startReview']);
      assert.deepEqual(buttons('UnderReview', 'reviewer'), ['approve', 'comment', 'reject', 'requestInfo']);
      for (const status of ['Draft', 'PartnerActionRequired', 'Approved', 'Official', 'Rejected'] as const)
        assert.deepEqual(buttons(status, 'reviewer'), ['comment']);
    });
    it('Incentives admins: edit (Draft, Submitted, partner action), withdraw (until Official), dispute (when allowed)', () => {
      assert.deepEqual(buttons('Draft', 'incentivesAdmin'), ['comment', 'edit', 'withdraw']);
      assert.deepEqual(buttons('Submitted', 'incentivesAdmin'), ['comment', 'edit', 'withdraw'], 'Partner Center allows editing a Submitted claim');
      assert.deepEqual(buttons('UnderReview', 'incentivesAdmin'), ['comment', 'withdraw']);
      assert.deepEqual(buttons('PartnerActionRequired', 'incentivesAdmin'), ['comment', 'edit', 'partnerRespond', 'withdraw']);
      assert.deepEqual(buttons('Official', 'incentivesAdmin'), ['comment', 'withdraw']);
      assert.deepEqual(buttons('Rejected', 'incentivesAdmin'), ['comment', 'dispute']);
      assert.deepEqual(
        buttons('Rejected', 'incentivesAdmin', { history: [{ at: AT.toISOString(), by: who, action: 'customerDecline', from: 'Approved', to: 'Rejected' }] }),
        ['comment'],
        'no dispute after a customer decline',
      );
    });
    it('Incentives users: comment and answer only; customers and the system get no buttons', () => {
      assert.deepEqual(buttons('PartnerActionRequired', 'incentivesUser'), ['comment', 'partnerRespond']);
      assert.deepEqual(buttons('Rejected', 'incentivesUser'), ['comment']);
      for (const status of ALL_STATUSES) {
        assert.ok(!allowedActions(claimIn(status), 'customer', AT, DEFAULT_POLICY).some((a) => a !== 'customerDecline'));
      }
    });
  });

  describe('edits', () => {
    const edit = (claim: Claim, extra: Partial<EditInput> = {}) =>
      applyEdit(claim, { fields: { ...claim, name: 'Renamed' }, actor: who, party: 'incentivesAdmin', at: AT, expectedVersion: claim.version, ...extra });
    for (const status of ALL_STATUSES) {
      const allowed = ['Draft', 'Submitted', 'PartnerActionRequired'].includes(status);
      it(`${status}: ${allowed ? 'saved in its state, a new version' : 'refused'}`, () => {
        const outcome = edit(claimIn(status));
        if (!allowed) return assert.deepEqual(outcome, { ok: false, refusal: { kind: 'notAllowed', status } });
        assert.ok(outcome.ok);
        assert.deepEqual([outcome.claim.status, outcome.claim.name, outcome.claim.version], [status, 'Renamed', 4]);
        assert.deepEqual(outcome.claim.history.at(-1), { at: AT.toISOString(), by: who, action: 'edit', from: status, to: status });
      });
    }
    it("a Submitted claim's review card is refreshed; a new proof goes beside the old one; the contact check is kept", () => {
      const outcome = edit(claimIn('Submitted', { poe: proof('first') }), { poe: proof('second'), contactCheck: 'partnerDomain' });
      assert.ok(outcome.ok);
      assert.deepEqual(
        outcome.claim.notices.map((n) => n.kind),
        ['reviewCard'],
      );
      assert.deepEqual(
        proofsOf(outcome.claim).map((p) => p.fileId),
        ['first', 'second'],
      );
      assert.equal(outcome.claim.contactCheck, 'partnerDomain');
    });
    it('a workload the edit removes (or a new customer tenant) takes its outcome with it: the hold no longer stops Approve', () => {
      const [intune, teams] = slotKeys({ solutionArea: 'microsoft365', activity: 'usage', workloads: ['Intune', 'Microsoft Teams'] });
      const held = claimIn('Submitted', {
        workloads: ['Intune', 'Microsoft Teams'],
        slotOutcomes: { [teams]: { result: 'held', at: AT.toISOString() }, [intune]: { result: 'lost', at: AT.toISOString() } },
      });
      const inReview = (claim: Claim): Claim => ({ ...claim, status: 'UnderReview' });
      assert.equal(act(inReview(held), 'approve', 'reviewer').ok, false, 'held: Approve refused');
      const withoutTeams = edit(held, { fields: { ...held, workloads: ['Intune'] } });
      assert.ok(withoutTeams.ok);
      assert.deepEqual(withoutTeams.claim.slotOutcomes, { [intune]: { result: 'lost', at: AT.toISOString() } }, 'the kept workload keeps its outcome');
      assert.ok(act(inReview(withoutTeams.claim), 'approve', 'reviewer').ok, 'no hold left: Approve allowed');
      const otherTenant = edit(held, { fields: { ...held, customerTenantId: '11111111-2222-4333-8444-555555555555' } });
      assert.ok(otherTenant.ok);
      assert.equal(otherTenant.claim.slotOutcomes, undefined, 'another customer: no outcome applies');
    });
    it('refused for an Incentives user and on a stale version', () => {
      assert.deepEqual(edit(claimIn('Submitted'), { party: 'incentivesUser' }), { ok: false, refusal: { kind: 'forbidden' } });
      assert.deepEqual(edit(claimIn('Submitted'), { expectedVersion: 2 }), { ok: false, refusal: { kind: 'stale' } });
    });
  });

  describe('approving a claim whose customer contact could not be verified', () => {
    for (const [contact, check, ticked, outcome] of [
      ['jane@contoso.com', undefined, false, 'Approved'],
      ['jane@contoso.it', 'tenantMatched', false, 'Approved'],
      ['jane@contoso.it', 'lookupFailed', false, 'contactNotChecked'],
      ['jane@contoso.it', 'lookupFailed', true, 'Approved'],
      ['al@partner.example', 'partnerDomain', false, 'contactNotChecked'],
      ['al@partner.example', undefined, true, 'Approved'],
    ] as const) {
      it(`${contact} (${check ?? 'stored before the check'}), ${ticked ? 'ticked' : 'not ticked'}: ${outcome}`, () => {
        const claim = claimIn('UnderReview', { customerContact: { name: 'J', title: 'CIO', email: contact }, ...(check ? { contactCheck: check } : {}) });
        const result = act(claim, 'approve', 'reviewer', { contactChecked: ticked });
        assert.equal(result.ok ? result.claim.status : result.refusal.kind, outcome);
      });
    }
  });

  describe('review age, in business days', () => {
    const submittedAt = (at: string, status: ClaimStatus = 'Submitted'): Claim =>
      claimIn(status, {
        history: [
          { at: '2026-11-01T00:00:00Z', by: who, action: 'created', to: 'Draft' },
          { at, by: who, action: 'submit', from: 'Draft', to: 'Submitted' },
          ...(status === 'UnderReview'
            ? [{ at: '2026-11-24T09:00:00Z', by: who, action: 'startReview', from: 'Submitted' as const, to: 'UnderReview' as const }]
            : []),
        ],
      });
    it('counts from submission through the start of the review; overdue past REVIEW_BUSINESS_DAYS', () => {
      // Submitted on Monday 16 November: 7 business days to Wednesday 25 November.
      assert.deepEqual(reviewAge(submittedAt('2026-11-16T09:00:00Z'), AT, DEFAULT_POLICY), { days: 7, overdue: true });
      assert.deepEqual(reviewAge(submittedAt('2026-11-16T09:00:00Z', 'UnderReview'), AT, DEFAULT_POLICY), { days: 7, overdue: true });
      assert.deepEqual(reviewAge(submittedAt('2026-11-18T09:00:00Z'), AT, DEFAULT_POLICY), { days: 5, overdue: false });
      assert.deepEqual(reviewAge(submittedAt('2026-11-16T09:00:00Z'), AT, { ...DEFAULT_POLICY, reviewBusinessDays: 10 }), { days: 7, overdue: false });
    });
    it('restarts when the partner answers or disputes; nothing waits in other states', () => {
      const answered = claimIn('UnderReview', {
        history: [
          { at: '2026-11-02T00:00:00Z', by: who, action: 'submit', from: 'Draft', to: 'Submitted' },
          { at: '2026-11-03T00:00:00Z', by: who, action: 'startReview', from: 'Submitted', to: 'UnderReview' },
          { at: '2026-11-04T00:00:00Z', by: who, action: 'requestInfo', from: 'UnderReview', to: 'PartnerActionRequired' },
          { at: '2026-11-24T12:00:00Z', by: who, action: 'partnerRespond', from: 'PartnerActionRequired', to: 'UnderReview' },
        ],
      });
      assert.deepEqual(reviewAge(answered, AT, DEFAULT_POLICY), { days: 1, overdue: false });
      assert.equal(reviewAge(claimIn('Approved'), AT, DEFAULT_POLICY), undefined);
    });
  });

  describe('slots', () => {
    it('activities are separate slots; the same subscription in another case is the same slot', () => {
      const sub = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
      const presales = slotKeys({ solutionArea: 'businessApplications', activity: 'presales', subscriptionId: sub });
      const usage = slotKeys({ solutionArea: 'businessApplications', activity: 'usage', subscriptionId: sub.toLowerCase() });
      assert.notDeepEqual(presales, usage);
      assert.deepEqual(usage, slotKeys({ solutionArea: 'businessApplications', activity: 'usage', subscriptionId: sub }));
      assert.deepEqual(slotKeys({ solutionArea: 'microsoft365', activity: 'usage', workloads: ['Intune', 'Microsoft Teams'] }), [
        'usage|workload:intune',
        'usage|workload:microsoft teams',
      ]);
    });
  });

  describe('Undo: approve and withdraw wait for a grace before anything leaves the bot', () => {
    const GRACE: DomainPolicy = { ...DEFAULT_POLICY, undoSeconds: 60 };
    const UNTIL = new Date(AT.getTime() + 60_000).toISOString();

    it('an approval holds its partner message, customer e-mail and competitors until the grace ends; the cards refresh now and then', () => {
      const outcome = act(claimIn('UnderReview', { competing: true }), 'approve', 'reviewer', {}, GRACE);
      assert.ok(outcome.ok);
      const owed = outcome.claim.notices.filter((n) => n.version === outcome.claim.version);
      assert.deepEqual(
        owed.map((n) => [n.kind, n.notBefore]),
        [
          ['reviewCard', undefined],
          ['partner', UNTIL],
          ['customer', UNTIL],
          ['competitors', UNTIL],
          ['reviewCard', UNTIL],
        ],
      );
      assert.deepEqual(outcome.claim.undo, { action: 'approve', until: UNTIL, version: outcome.claim.version, previous: { status: 'UnderReview' } });
      assert.equal(
        outcome.claim.optOutDeadline,
        endOfBusinessDay(new Date(UNTIL), 5, DEFAULT_POLICY.calendar).toISOString(),
        'the window counts from the grace end, to the end of its last business day',
      );
      assert.ok(allowedActions(outcome.claim, 'reviewer', AT, GRACE).includes('undo'));
      assert.ok(!allowedActions(outcome.claim, 'incentivesAdmin', AT, GRACE).includes('undo'), 'only who may approve undoes an approval');
      assert.ok(!allowedActions(outcome.claim, 'reviewer', new Date(UNTIL), GRACE).includes('undo'), 'not once the grace has ended');
    });

    it('Undo within the grace restores the status and what the action changed and drops its waiting notices; after it, too late', () => {
      const before = claimIn('Submitted', { reviewQueuedAt: AT.toISOString() });
      const withdrawn = act(before, 'withdraw', 'incentivesAdmin', {}, GRACE);
      assert.ok(withdrawn.ok);
      assert.equal(withdrawn.claim.reviewQueuedAt, undefined);
      const undone = applyUndo(withdrawn.claim, who, 'incentivesAdmin', new Date(AT.getTime() + 30_000));
      assert.ok(undone.ok);
      assert.equal(undone.claim.status, 'Submitted');
      assert.equal(undone.claim.reviewQueuedAt, AT.toISOString());
      assert.equal(undone.claim.version, withdrawn.claim.version + 1);
      assert.equal(undone.claim.undo, undefined);
      assert.deepEqual(undone.claim.history.at(-1)?.action, 'undo');
      assert.ok(!undone.claim.notices.some((n) => n.version === withdrawn.claim.version && !n.deliveredAt));
      assert.deepEqual(applyUndo(withdrawn.claim, who, 'incentivesAdmin', new Date(UNTIL)), { ok: false, why: 'tooLate' });
      assert.deepEqual(applyUndo(withdrawn.claim, who, 'reviewer', AT), { ok: false, why: 'forbidden' });
      assert.deepEqual(applyUndo(undone.claim, who, 'incentivesAdmin', AT), { ok: false, why: 'nothingToUndo' });
    });

    it('a withdrawal undone gives back what its workloads were waiting for: a hold still stops Approve', () => {
      const [intune] = slotKeys({ solutionArea: 'microsoft365', activity: 'usage', workloads: ['Intune'] });
      const held = claimIn('UnderReview', { slotOutcomes: { [intune]: { result: 'held', at: AT.toISOString() } } });
      const withdrawn = act(held, 'withdraw', 'incentivesAdmin', {}, GRACE);
      assert.ok(withdrawn.ok);
      const undone = applyUndo(withdrawn.claim, who, 'incentivesAdmin', new Date(AT.getTime() + 30_000));
      assert.ok(undone.ok);
      assert.deepEqual(undone.claim.slotOutcomes, held.slotOutcomes);
      assert.ok(!allowedActions(undone.claim, 'reviewer', AT, GRACE).includes('approve'), 'no Approve button while held');
    });

    it('no grace (UNDO_SECONDS=0): effective at once, no Undo', () => {
      const outcome = act(claimIn('UnderReview'), 'approve', 'reviewer');
      assert.ok(outcome.ok);
      assert.equal(outcome.claim.undo, undefined);
      assert.ok(outcome.claim.notices.every((n) => n.notBefore === undefined));
    });

    it('the customer e-mail leaving owes a refresh of every copy of the cards', () => {
      const approved = act(claimIn('UnderReview'), 'approve', 'reviewer');
      assert.ok(approved.ok);
      const told = customerNotified(approved.claim, new Date(AT.getTime() + 1000), DEFAULT_POLICY);
      assert.deepEqual(
        told.notices.filter((n) => !approved.claim.notices.includes(n)).map((n) => [n.kind, n.id]),
        [['reviewCard', `${approved.claim.version}:reviewCard:mailed`]],
      );
    });
  });
});
