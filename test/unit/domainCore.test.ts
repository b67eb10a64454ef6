// The rules the claim store used to decide itself, now in services/domain/ and tested without a store: who may take a
// duplicate slot or an arbiter, what a new claim is, where an edit takes the claim and what it keeps, comments,
// resending the customer e-mail, card copies, what an Undo takes back, "is disputed", settling competitors and
// promotion. Every expected outcome below is written by hand from docs/domain.md, not computed from the code.
import assert from 'node:assert/strict';
import type { CardCopy, Claim, ClaimFields, ClaimStatus, HistoryEntry, Notice, PendingUndo } from '../../services/domain/claim';
import { applyPromotion, flaggedCompeting, holdOf, meets, maySettle, settlementOf } from '../../services/domain/competition';
import { arrivingAmong, claimFrom, type NewClaim } from '../../services/domain/creation';
import { arbiterVerdict, slotVerdict, waitsBehind } from '../../services/domain/holding';
import {
  actionAfterEdit,
  applyComment,
  applyEdit,
  applyResend,
  DEFAULT_POLICY,
  editRefusal,
  isDisputed,
  MAX_THREAD_COMMENTS,
  undoTakesBack,
  withCardCopy,
  type Party,
} from '../../services/domain/rules';

const AT = new Date('2026-11-25T10:00:00Z');
const BEFORE = '2026-11-25T09:00:00.000Z';
const who = { id: '29:someone', name: 'Someone' };
const seconds = (n: number) => new Date(AT.getTime() - n * 1000).toISOString();

const FIELDS: ClaimFields = {
  solutionArea: 'microsoft365',
  activity: 'usage',
  partnerId: '1234567',
  customerDomain: 'contoso.com',
  customerTenantId: 'customer-tenant',
  workloads: ['Intune', 'Microsoft Teams'],
  customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' },
  partnerContact: { name: 'Alice', email: 'alice@partner.example' },
  name: 'Contoso',
};

function claim(status: ClaimStatus, overrides: Partial<Claim> = {}): Claim {
  return {
    ...FIELDS,
    id: 'C1',
    type: 'claim',
    partnerTenantId: 'org-a',
    program: 'OSU Microsoft 365',
    status,
    competing: false,
    createdBy: who,
    createdAt: BEFORE,
    updatedAt: BEFORE,
    version: 4,
    history: [
      { at: BEFORE, by: who, action: 'created', to: 'Draft' },
      { at: BEFORE, by: who, action: 'submit', from: 'Draft', to: 'Submitted' },
    ],
    notices: [],
    reviewCards: [],
    ...overrides,
  };
}

const INTUNE = 'usage|workload:intune';
const TEAMS = 'usage|workload:microsoft teams';

describe('who may take a duplicate slot (holding.ts slotVerdict)', () => {
  // [the slot's claim, its age in seconds, the holder's status (none: not stored), verdict]
  const rows: [string, number, ClaimStatus | undefined, ReturnType<typeof slotVerdict>][] = [
    ['C1', 5, undefined, 'ours'],
    ['C1', 600, 'Rejected', 'ours'],
    ['C9', 600, 'Draft', 'duplicate'],
    ['C9', 600, 'Submitted', 'duplicate'],
    ['C9', 600, 'Official', 'duplicate'],
    ['C9', 5, 'Approved', 'duplicate'],
    ['C9', 5, undefined, 'inProgress'],
    ['C9', 59, undefined, 'inProgress'],
    ['C9', 61, undefined, 'takeOver'],
    ['C9', 5, 'Rejected', 'takeOver'],
    ['C9', 600, 'Rejected', 'takeOver'],
  ];
  for (const [holderId, age, status, verdict] of rows) {
    it(`a slot of ${holderId} taken ${age}s ago, its claim ${status ?? 'not stored'}: ${verdict}`, () => {
      const holder = status ? { status } : undefined;
      assert.equal(slotVerdict({ claimId: holderId, createdAt: seconds(age) }, 'C1', holder, AT), verdict);
    });
  }
});

describe('who may take an arbiter (holding.ts arbiterVerdict)', () => {
  // [the arbiter's claim, taken seconds ago, holder's status, a reviewer approving (true) or the scheduler, verdict]
  const rows: [string, number, ClaimStatus | undefined, boolean, ReturnType<typeof arbiterVerdict>][] = [
    ['C1', 5, 'UnderReview', true, 'alreadyHeld'],
    ['C9', 5, 'UnderReview', true, 'busy'],
    ['C9', 5, 'Approved', true, 'busy'],
    ['C9', 5, 'Approved', false, 'busy'],
    ['C9', 5, 'Official', true, 'takeOver'],
    ['C9', 5, 'Official', false, 'lost'],
    ['C9', 5, 'Rejected', true, 'takeOver'],
    ['C9', 600, 'UnderReview', true, 'takeOver'],
    ['C9', 600, 'Approved', true, 'held'],
    ['C9', 600, 'Approved', false, 'lost'],
    ['C9', 600, 'Official', true, 'takeOver'],
    ['C9', 600, 'Official', false, 'lost'],
    ['C9', 600, 'Rejected', false, 'takeOver'],
    ['C9', 5, undefined, false, 'takeOver'],
  ];
  for (const [holderId, age, status, reviewer, verdict] of rows) {
    it(`${holderId} took it ${age}s ago, ${status ?? 'gone'}, ${reviewer ? 'a reviewer approving' : 'the scheduler'}: ${verdict}`, () => {
      const holder = status ? { status } : undefined;
      assert.equal(arbiterVerdict({ claimId: holderId, since: seconds(age) }, 'C1', holder, AT, reviewer), verdict);
    });
  }

  it("a workload waits only behind another organisation's approval", () => {
    assert.equal(waitsBehind({ partnerTenantId: 'org-a' }, 'org-b', { status: 'Approved' }), true);
    assert.equal(waitsBehind({ partnerTenantId: 'org-a' }, 'org-a', { status: 'Approved' }), false);
    assert.equal(waitsBehind({ partnerTenantId: 'org-a' }, 'org-b', { status: 'Official' }), false);
    assert.equal(waitsBehind({ partnerTenantId: 'org-a' }, 'org-b', { status: 'UnderReview' }), false);
    assert.equal(waitsBehind({ partnerTenantId: 'org-a' }, 'org-b', undefined), false);
  });
});

describe('a new claim (creation.ts)', () => {
  const poe = { fileId: 'f', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1, uploadedAt: BEFORE, uploadedBy: who.id };
  const input = (submit: boolean, withProof: boolean): NewClaim => ({
    id: 'C1',
    partnerTenantId: 'org-a',
    fields: { ...FIELDS, solutionArea: 'businessApplications', activity: 'presales', workloads: undefined, subscriptionId: 'sub-1' },
    poe: withProof ? poe : undefined,
    submit,
    actor: who,
  });
  // [submit asked, proof given, status, history actions, queued for review]
  const rows: [boolean, boolean, ClaimStatus, string[], boolean][] = [
    [true, true, 'Submitted', ['created', 'submit'], true],
    [true, false, 'Draft', ['created'], false],
    [false, true, 'Draft', ['created'], false],
    [false, false, 'Draft', ['created'], false],
  ];
  for (const [submit, withProof, status, actions, queued] of rows) {
    it(`submit ${submit}, proof ${withProof}: ${status}`, () => {
      const created = claimFrom(input(submit, withProof), AT);
      assert.equal(created.status, status);
      assert.deepEqual(
        created.history.map((h) => h.action),
        actions,
      );
      assert.equal(created.reviewQueuedAt, queued ? AT.toISOString() : undefined);
      assert.equal(created.program, 'OSA Sell');
      assert.equal(created.version, 1);
      assert.deepEqual(created.notices, []);
    });
  }

  it('a submitted claim arrives flagged, on hold where another approval holds it, and owes its review card', () => {
    const created = claimFrom({ ...input(true, true), fields: FIELDS }, AT);
    const arriving = arrivingAmong(created, { competing: true, held: [TEAMS] });
    assert.equal(arriving.competing, true);
    assert.deepEqual(arriving.slotOutcomes, { [TEAMS]: { result: 'held', at: AT.toISOString() } });
    assert.deepEqual(arriving.history.at(-1), {
      at: AT.toISOString(),
      by: { id: 'system', name: 'CPOR Assistant' },
      action: 'hold',
      from: 'Submitted',
      to: 'Submitted',
      reason: "On hold: another partner's claim on the same workload was approved",
      slots: ['Microsoft Teams'],
    });
    assert.deepEqual(
      arriving.notices.map((n) => [n.id, n.historyIndex]),
      [['1:reviewCard', 2]],
    );
    // The claim it came from is left as it was.
    assert.equal(created.history.length, 2);
    assert.deepEqual(created.notices, []);
  });
});

describe('editing (edit.ts)', () => {
  // [party, status, the version the edit was opened at (the claim is at 4), refusal]
  const rows: [Party, ClaimStatus, number, string | undefined][] = [
    ['incentivesAdmin', 'Draft', 4, undefined],
    ['incentivesAdmin', 'Submitted', 4, undefined],
    ['incentivesAdmin', 'PartnerActionRequired', 4, undefined],
    ['incentivesAdmin', 'UnderReview', 4, 'notAllowed'],
    ['incentivesAdmin', 'Approved', 4, 'notAllowed'],
    ['incentivesAdmin', 'Official', 4, 'notAllowed'],
    ['incentivesAdmin', 'Rejected', 4, 'notAllowed'],
    ['incentivesAdmin', 'Draft', 3, 'stale'],
    ['incentivesAdmin', 'UnderReview', 3, 'stale'],
    ['incentivesUser', 'Draft', 4, 'forbidden'],
    ['reviewer', 'Submitted', 4, 'forbidden'],
    ['system', 'Draft', 3, 'forbidden'],
  ];
  for (const [party, status, version, refusal] of rows) {
    it(`${party} editing a ${status} claim opened at version ${version}: ${refusal ?? 'saved'}`, () => {
      assert.equal(editRefusal(claim(status), { party, expectedVersion: version })?.kind, refusal);
    });
  }

  // [status, has a proof of execution, the action that follows]
  const next: [ClaimStatus, boolean, string | undefined][] = [
    ['Draft', true, 'submit'],
    ['Draft', false, undefined],
    ['Submitted', true, undefined],
    ['PartnerActionRequired', true, 'partnerRespond'],
    ['PartnerActionRequired', false, 'partnerRespond'],
  ];
  for (const [status, hasProof, action] of next) {
    it(`after an edit, a ${status} claim ${hasProof ? 'with' : 'without'} proof: ${action ?? 'stays'}`, () => {
      const poe = hasProof ? { fileId: 'f', fileName: 'f.pdf', contentType: 'application/pdf', size: 1, uploadedAt: BEFORE, uploadedBy: who.id } : undefined;
      assert.equal(actionAfterEdit({ status, poe }), action);
    });
  }

  const edit = (before: Claim, fields: Partial<ClaimFields>) =>
    applyEdit(before, {
      fields: { ...FIELDS, technicalContact: before.technicalContact, ...fields },
      actor: who,
      party: 'incentivesAdmin',
      at: AT,
      expectedVersion: before.version,
    });
  const outcomes = {
    [INTUNE]: { result: 'held' as const, at: BEFORE },
    [TEAMS]: { result: 'lost' as const, at: BEFORE },
  };

  // [what the edit changes, the per-workload outcomes the claim keeps]
  const kept: [string, Partial<ClaimFields>, Claim['slotOutcomes']][] = [
    ['nothing that is claimed', { name: 'Renamed' }, outcomes],
    ['drops Teams', { workloads: ['Intune'] }, { [INTUNE]: outcomes[INTUNE] }],
    ['drops both for Exchange', { workloads: ['Exchange Online'] }, undefined],
    ['moves to another customer tenant', { customerTenantId: 'other-tenant' }, undefined],
  ];
  for (const [what, fields, expected] of kept) {
    it(`an edit that ${what} keeps the outcomes of the workloads still claimed there`, () => {
      const outcome = edit(claim('Submitted', { slotOutcomes: outcomes }), fields);
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.claim.slotOutcomes, expected);
      assert.equal('slotOutcomes' in outcome.claim, expected !== undefined);
    });
  }

  it('an edit without a technical contact removes the one the claim had, and keeps the state', () => {
    const outcome = edit(claim('PartnerActionRequired', { technicalContact: { name: 'Tom', email: 'tom@contoso.com' } }), { technicalContact: undefined });
    assert.ok(outcome.ok);
    assert.equal('technicalContact' in outcome.claim, false);
    assert.equal(outcome.claim.status, 'PartnerActionRequired');
    assert.equal(outcome.claim.version, 5);
    assert.deepEqual(outcome.claim.history.at(-1), {
      at: AT.toISOString(),
      by: who,
      action: 'edit',
      from: 'PartnerActionRequired',
      to: 'PartnerActionRequired',
    });
  });
});

describe('comments (thread.ts applyComment)', () => {
  const comment = (side: 'partner' | 'reviewer') => ({ at: AT.toISOString(), by: who, side, text: 'Hello' });
  const draft = claim('Draft', { history: [{ at: BEFORE, by: who, action: 'created', to: 'Draft' }] });
  const copy = { view: 'detailAdmin', activityId: 'a1', conversation: { serviceUrl: 'https://s', channelId: 'msteams', conversationId: 'c1' } } as CardCopy;
  // [who writes, on which claim, the notices it owes (id: kind)]
  const rows: [string, 'partner' | 'reviewer', Claim, [string, Notice['kind']][]][] = [
    ['a partner, submitted', 'partner', claim('Submitted'), [['4:comment:0', 'reviewCard']]],
    ['a partner, Draft', 'partner', draft, [['4:comment:0', 'reviewCard']]],
    [
      'a reviewer, submitted',
      'reviewer',
      claim('UnderReview'),
      [
        ['4:comment:0', 'partner'],
        ['4:reviewCard:comment:0', 'reviewCard'],
      ],
    ],
    ['a reviewer, a Draft never reviewed', 'reviewer', draft, [['4:comment:0', 'partner']]],
    [
      'a reviewer, a Draft whose card was opened',
      'reviewer',
      { ...draft, cardCopies: [copy] },
      [
        ['4:comment:0', 'partner'],
        ['4:reviewCard:comment:0', 'reviewCard'],
      ],
    ],
  ];
  for (const [what, side, before, owed] of rows) {
    it(`${what}: tells ${owed.map(([, kind]) => kind).join(' and ')}`, () => {
      const outcome = applyComment(before, comment(side));
      assert.ok(outcome.ok);
      assert.deepEqual(
        outcome.claim.notices.map((n) => [n.id, n.kind]),
        owed,
      );
      assert.equal(outcome.claim.notices[0].commentIndex, 0);
      assert.deepEqual(outcome.claim.thread, [comment(side)]);
      assert.equal(outcome.claim.version, 4);
      assert.equal(outcome.claim.status, before.status);
      assert.equal(before.thread, undefined);
    });
  }

  it(`takes ${MAX_THREAD_COMMENTS - 1} then one more, and refuses the next`, () => {
    const almost = claim('UnderReview', { thread: Array.from({ length: 199 }, () => comment('partner')) });
    const last = applyComment(almost, comment('partner'));
    assert.ok(last.ok);
    assert.equal(last.claim.thread?.length, 200);
    assert.deepEqual(applyComment(last.claim, comment('reviewer')), { ok: false, why: 'threadFull' });
  });
});

describe('sending the customer e-mail again (notices.ts applyResend)', () => {
  const mail = (extra: Partial<Notice>): Notice => ({
    id: '5:customer',
    kind: 'customer',
    version: 5,
    historyIndex: 2,
    createdAt: BEFORE,
    attempts: 7,
    ...extra,
  });
  // [what the claim is, resent]
  const rows: [string, Claim, boolean][] = [
    ['Approved, the e-mail given up', claim('Approved', { notices: [mail({ failedAt: BEFORE, lastError: '550', leaseUntil: BEFORE })] }), true],
    ['Approved, the e-mail on its way', claim('Approved', { notices: [mail({})] }), false],
    ['Approved, the e-mail sent', claim('Approved', { notices: [mail({ deliveredAt: BEFORE })], customerNotifiedAt: BEFORE }), false],
    ['Rejected since, the e-mail given up', claim('Rejected', { notices: [mail({ failedAt: BEFORE })] }), false],
    ['Approved, only a partner notice given up', claim('Approved', { notices: [mail({ kind: 'partner', failedAt: BEFORE })] }), false],
  ];
  for (const [what, before, resent] of rows) {
    it(`${what}: ${resent ? 'resent' : 'nothing to resend'}`, () => {
      const outcome = applyResend(before, who, AT);
      if (!resent) return assert.deepEqual(outcome, { ok: false, why: 'nothingToResend' });
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.claim.notices, [
        { id: '5:customer', kind: 'customer', version: 5, historyIndex: 2, createdAt: BEFORE, attempts: 0, lastError: '550' },
        { id: '4:reviewCard:resend:2', kind: 'reviewCard', version: 4, historyIndex: 2, createdAt: AT.toISOString(), attempts: 0 },
      ]);
      assert.deepEqual(outcome.claim.history.at(-1), { at: AT.toISOString(), by: who, action: 'resendCustomerMail', from: 'Approved', to: 'Approved' });
      assert.equal(outcome.claim.version, 4);
      // The claim read is left as it was (a retried write starts from it).
      assert.equal(before.notices[0].failedAt, BEFORE);
    });
  }
});

describe("copies of a claim's card (notices.ts withCardCopy)", () => {
  const copy = (activityId: string, view: CardCopy['view'], conversationId = 'c1'): CardCopy => ({
    view,
    activityId,
    conversation: { serviceUrl: 'https://s', channelId: 'msteams', conversationId },
  });
  const ids = (copies: CardCopy[] | undefined) => copies?.map((c) => `${c.conversation.conversationId}/${c.activityId}/${c.view}`);
  it('keeps a new copy, none twice, the latest view of a message, and the newest 20', () => {
    assert.deepEqual(ids(withCardCopy({}, copy('a1', 'review'))), ['c1/a1/review']);
    assert.equal(withCardCopy({ cardCopies: [copy('a1', 'review')] }, copy('a1', 'review')), undefined);
    assert.deepEqual(ids(withCardCopy({ cardCopies: [copy('a1', 'review'), copy('a2', 'review')] }, copy('a1', 'detailUser'))), [
      'c1/a2/review',
      'c1/a1/detailUser',
    ]);
    assert.deepEqual(ids(withCardCopy({ cardCopies: [copy('a1', 'review')] }, copy('a1', 'review', 'c2'))), ['c1/a1/review', 'c2/a1/review']);
    const full = Array.from({ length: 20 }, (_, i) => copy(`m${i}`, 'review'));
    const next = withCardCopy({ cardCopies: full }, copy('new', 'review'));
    assert.equal(next?.length, 20);
    assert.deepEqual(ids(next)?.slice(0, 1), ['c1/m1/review']);
    assert.deepEqual(ids(next)?.slice(-1), ['c1/new/review']);
  });
});

describe('what an Undo takes back (undo.ts undoTakesBack)', () => {
  const pending = (action: PendingUndo['action'], previous: ClaimStatus): PendingUndo => ({
    action,
    until: AT.toISOString(),
    version: 4,
    previous: { status: previous },
  });
  // [the action undone, the state before it, duplicate slots, arbiters]
  const rows: [PendingUndo['action'] | undefined, ClaimStatus, boolean, boolean][] = [
    ['approve', 'UnderReview', false, false],
    ['withdraw', 'Draft', true, false],
    ['withdraw', 'Submitted', true, false],
    ['withdraw', 'PartnerActionRequired', true, false],
    ['withdraw', 'Approved', true, true],
    ['withdraw', 'Official', true, true],
    [undefined, 'Rejected', false, false],
  ];
  for (const [action, previous, slots, arbiters] of rows) {
    it(`${action ?? 'nothing'} from ${previous}: slots ${slots}, arbiters ${arbiters}`, () => {
      assert.deepEqual(undoTakesBack({ undo: action ? pending(action, previous) : undefined }), { slots, arbiters });
    });
  }
});

describe('"is disputed" (windows.ts isDisputed)', () => {
  const entry = (action: string, from: ClaimStatus, to: ClaimStatus): HistoryEntry => ({ at: BEFORE, by: who, action, from, to });
  const rejected = entry('reject', 'UnderReview', 'Rejected');
  const disputed = entry('dispute', 'Rejected', 'UnderReview');
  // [status, history after the submission, disputed]
  const rows: [ClaimStatus, HistoryEntry[], boolean][] = [
    ['UnderReview', [entry('startReview', 'Submitted', 'UnderReview'), rejected, disputed], true],
    ['UnderReview', [entry('startReview', 'Submitted', 'UnderReview')], false],
    ['UnderReview', [entry('requestInfo', 'UnderReview', 'PartnerActionRequired'), entry('partnerRespond', 'PartnerActionRequired', 'UnderReview')], false],
    ['Approved', [rejected, disputed, entry('approve', 'UnderReview', 'Approved')], false],
    ['Rejected', [rejected, disputed, rejected], false],
    ['Submitted', [], false],
  ];
  for (const [status, history, expected] of rows) {
    it(`${status} after ${history.map((h) => h.action).join(', ') || 'its submission'}: ${expected}`, () => {
      assert.equal(isDisputed(claim(status, { history: [...claim(status).history, ...history] })), expected);
    });
  }
});

describe('settling competitors (competition.ts)', () => {
  // [the settling claim's status, which claim's approval holds each of its slots, it may settle]
  const rows: [ClaimStatus, (string | undefined)[], boolean][] = [
    ['Approved', ['C1', 'C1'], true],
    ['Approved', ['C1', undefined], false],
    ['Approved', ['C1', 'C9'], false],
    ['Approved', [], true],
    ['Official', ['C1', undefined], true],
    ['Official', [undefined, undefined], true],
    ['Official', ['C1', 'C9'], false],
    ['Rejected', ['C9', 'C9'], true],
    ['UnderReview', [undefined], true],
  ];
  for (const [status, holders, expected] of rows) {
    it(`${status}, holders ${holders.map((h) => h ?? '-').join(',') || 'none'}: ${expected ? 'settles' : 'leaves it'}`, () => {
      assert.equal(maySettle({ id: 'C1', status }, holders), expected);
    });
  }

  const other = (status: ClaimStatus, extra: Partial<Claim> = {}) => claim(status, { id: 'C2', partnerTenantId: 'org-b', ...extra });
  it("a claim meets other organisations' open claims on a shared workload, even after it went", () => {
    // [the claim, the other, meets]
    const rows: [Claim, Claim, boolean][] = [
      [claim('Submitted'), other('Submitted'), true],
      [claim('Rejected'), other('Submitted'), true],
      [claim('Draft'), other('Submitted'), false],
      [claim('Submitted'), other('Draft'), false],
      [claim('Submitted'), other('Rejected'), false],
      [claim('Submitted'), other('Submitted', { partnerTenantId: 'org-a' }), false],
      [claim('Submitted'), other('Submitted', { workloads: ['Exchange Online'] }), false],
      [claim('Submitted'), other('Submitted', { customerTenantId: 'elsewhere' }), false],
      [claim('Submitted', { slotOutcomes: { [INTUNE]: { result: 'lost', at: BEFORE } } }), other('Official', { workloads: ['Intune'] }), false],
    ];
    rows.forEach(([a, b, expected], i) => assert.equal(meets(a, b), expected, `row ${i}`));
  });

  it('a slot held by a third approval does not resume when the settling approval went', () => {
    const went = claim('Rejected', { competing: true });
    const waiting = other('Submitted', {
      slotOutcomes: { [INTUNE]: { result: 'held', at: BEFORE }, [TEAMS]: { result: 'held', at: BEFORE } },
    });
    const holders = new Map<string, string | undefined>([
      [INTUNE, 'C3'],
      [TEAMS, 'C1'],
    ]);
    assert.deepEqual(settlementOf(went, waiting, holders), { kind: 'resume', slots: [TEAMS] });
    assert.deepEqual(settlementOf(went, waiting, new Map()), { kind: 'resume', slots: [INTUNE, TEAMS] });
  });

  it('puts on hold only the workloads not on hold yet', () => {
    const heldOnTeams = { slotOutcomes: { [TEAMS]: { result: 'held' as const, at: BEFORE } } };
    assert.deepEqual(holdOf(heldOnTeams, [TEAMS, INTUNE]), { kind: 'hold', slots: [INTUNE] });
    assert.equal(holdOf(heldOnTeams, [TEAMS]), undefined);
    assert.equal(holdOf({}, []), undefined);
  });

  it('flags a claim competing once, refreshing its review card only when it has one', () => {
    assert.equal(flaggedCompeting(claim('Submitted', { competing: true }), 'C2', AT), undefined);
    const noCard = flaggedCompeting(claim('Submitted'), 'C2', AT);
    assert.equal(noCard?.competing, true);
    assert.deepEqual(noCard?.notices, []);
    const withCard = flaggedCompeting(claim('Submitted', { reviewCards: [{ target: 'ch', activityId: 'a1' }] }), 'C2', AT);
    assert.deepEqual(
      withCard?.notices.map((n) => [n.id, n.kind, n.version]),
      [['4:competing:C2', 'reviewCard', 4]],
    );
  });
});

describe('promotion to Official (competition.ts applyPromotion)', () => {
  const approved = () =>
    claim('Approved', {
      competing: true,
      optOutDeadline: BEFORE,
      customerNotifiedAt: BEFORE,
      history: [...claim('Approved').history, { at: BEFORE, by: who, action: 'approve', from: 'UnderReview', to: 'Approved' }],
    });
  // [workloads lost, the status it ends in, the history actions it adds, the workloads it keeps]
  const rows: [string[], ClaimStatus, string[], string[]][] = [
    [[], 'Official', ['makeOfficial'], [INTUNE, TEAMS]],
    [[TEAMS], 'Official', ['loseSlots', 'makeOfficial'], [INTUNE]],
    [[INTUNE, TEAMS], 'Rejected', ['rejectCompeting'], []],
  ];
  for (const [lost, status, actions, kept] of rows) {
    it(`losing ${lost.length} of 2 workloads: ${status}`, () => {
      const before = approved();
      const outcome = applyPromotion(before, lost, who, AT, DEFAULT_POLICY);
      assert.ok(outcome.ok);
      assert.equal(outcome.claim.status, status);
      assert.deepEqual(
        outcome.claim.history.slice(before.history.length).map((h) => h.action),
        actions,
      );
      const live = [INTUNE, TEAMS].filter((key) => !['lost', 'superseded'].includes(outcome.claim.slotOutcomes?.[key]?.result ?? ''));
      assert.deepEqual(live, kept);
    });
  }

  it('is refused before the customer was told', () => {
    const outcome = applyPromotion({ ...approved(), customerNotifiedAt: undefined }, [], who, AT, DEFAULT_POLICY);
    assert.deepEqual(outcome, { ok: false, refusal: { kind: 'customerNotNotified' } });
  });
});
