// The review card's view model: the facts a reviewer decides on first, the rest behind "Show details", the status
// colour per state, and a customer's decline told as such (never as a person's e-mail).
import assert from 'node:assert/strict';
import { reviewCardData, type ReviewView } from '../../bot/teams/reviewCard';
import { en } from '../../services/strings/en';
import { it as itStrings } from '../../services/strings/it';
import { renderCard } from '../../cards';
import { actionsOf } from '../helpers/cardActions';
import type { Claim, HistoryEntry } from '../../services/domain/claim';
import { applyAction, DEFAULT_POLICY, type ActionInput } from '../../services/domain/rules';

// Wednesday 25 November 2026: the claim below was submitted Monday 16 November.
const AT = new Date('2026-11-25T10:00:00Z');
const SUBMITTED = '2026-11-16T09:00:00.000Z';
const alice = { id: '29:alice', name: 'Alice Rossi' };
const rita = { id: '29:rita', name: 'Rita Reviewer' };
const view = (at = AT): ReviewView => ({ canAct: true, poeUrl: (id) => `http://127.0.0.1:9/files/${id}`, refreshUserIds: [], at, policy: DEFAULT_POLICY });

function submitted(): Claim {
  const history: HistoryEntry[] = [
    { at: SUBMITTED, by: alice, action: 'created', to: 'Draft' },
    { at: SUBMITTED, by: alice, action: 'submit', from: 'Draft', to: 'Submitted' },
  ];
  return {
    id: 'CPOR-CARD',
    type: 'claim',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    partnerName: 'Contoso Partner Ltd',
    tenantCheck: 'matched',
    program: 'OSU Microsoft 365',
    solutionArea: 'microsoft365',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: 'fabrikam.com',
    customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
    workloads: ['Intune', 'Microsoft Teams'],
    customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@fabrikam.com' },
    partnerContact: { name: 'Alice Rossi', email: 'alice@partner.example' },
    name: 'Fabrikam rollout',
    comments: 'Signed SOW attached.',
    status: 'Submitted',
    poe: { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: SUBMITTED, uploadedBy: alice.id },
    competing: false,
    createdBy: alice,
    createdAt: SUBMITTED,
    updatedAt: SUBMITTED,
    version: 2,
    history,
    notices: [],
    reviewCards: [],
    reviewQueuedAt: SUBMITTED,
  };
}

function walk(claim: Claim, steps: [ActionInput['action'], ActionInput['party'], Partial<ActionInput>?][]): Claim {
  for (const [action, party, extra] of steps) {
    const actor = party === 'customer' ? { id: 'customer', name: 'jane@fabrikam.com' } : party === 'reviewer' ? rita : alice;
    const out = applyAction(claim, { action, party, actor, at: AT, ...extra }, DEFAULT_POLICY);
    assert.ok(out.ok, `${action}: ${JSON.stringify(out)}`);
    claim = out.claim;
  }
  return claim;
}

const titles = (facts: { title: string }[]) => facts.map((f) => f.title);
const l = en.claim.labels;

describe('review card (compact)', () => {
  it('shows the decision facts first and keeps contacts, comments and the history behind "Show details"', () => {
    const data = reviewCardData(submitted(), [], view(), en);
    assert.deepEqual(titles(data.facts), [
      en.review.labels.partnerOrganisation,
      l.customerDomain,
      l.customerTenantId,
      l.workloads,
      l.activity,
      en.review.labels.tenantCheck,
      en.review.labels.contactCheck,
      en.review.labels.poe,
      en.review.labels.waiting,
    ]);
    assert.ok(data.facts[0].value.startsWith('Contoso Partner Ltd'));
    for (const title of [l.customerContact, l.partnerContact, l.comments, l.partnerId, en.review.labels.submittedBy]) {
      assert.ok(titles(data.details).includes(title), title);
      assert.ok(!titles(data.facts).includes(title), title);
    }
    const card = renderCard('review', data) as { body: Record<string, unknown>[] };
    const details = card.body.find((e) => e.id === 'details') as { isVisible: boolean; items: unknown[] };
    assert.equal(details.isVisible, false);
    const hidden = JSON.stringify(details.items);
    assert.ok(hidden.includes('Jane Doe') && hidden.includes('History') && hidden.includes('submitted'), hidden);
    const shown = JSON.stringify(card.body.filter((e) => e.id !== 'details'));
    assert.ok(!shown.includes('Jane Doe'), 'contacts are not in the compact part');
    assert.ok(shown.includes('fabrikam.com') && shown.includes('Intune, Microsoft Teams') && shown.includes('Matched through Microsoft Graph'));
  });

  it('a customer contact that could not be verified: flagged in the key facts, and Approve asks for the tick first', () => {
    const flagged: Claim = { ...submitted(), status: 'UnderReview', contactCheck: 'lookupFailed' };
    const data = reviewCardData(flagged, [], view(), en);
    assert.equal(data.facts.find((f) => f.title === en.review.labels.contactCheck)?.value, en.review.contactChecks.lookupFailed('jane@fabrikam.com'));
    const approve = data.actions.find((a) => 'verb' in a && a.verb === 'review.approve');
    assert.deepEqual(approve && approve.kind === 'checkedConfirm' && [approve.toggleId, approve.toggleLabel, approve.text], [
      'review.approve.contactChecked',
      'I checked the customer contact',
      '',
    ]);
    const verified = reviewCardData({ ...flagged, contactCheck: 'tenantMatched' }, [], view(), en);
    assert.equal(verified.actions.find((a) => 'verb' in a && a.verb === 'review.approve')?.kind, 'execute');
  });

  it('every proof of execution, oldest first, each a signed link; the reviewer rejection reasons in the reviewer language', () => {
    const first = { fileId: 'f-0', fileName: 'sow-draft.pdf', contentType: 'application/pdf', size: 2048, uploadedAt: SUBMITTED, uploadedBy: alice.id };
    const data = reviewCardData({ ...submitted(), status: 'UnderReview', earlierProofs: [first] }, [], view(), itStrings);
    assert.equal(
      data.facts.find((f) => f.title === itStrings.review.labels.poe)?.value,
      '[sow-draft.pdf](http://127.0.0.1:9/files/f-0) (2 KB, 2026-11-16 09:00 UTC)\n\n[sow.pdf](http://127.0.0.1:9/files/f-1) (1000 B, 2026-11-16 09:00 UTC)',
    );
    const reject = data.actions.find((a) => a.kind === 'form' && a.verb === 'review.reject');
    assert.deepEqual(reject?.kind === 'form' && reject.reasons, [
      { title: 'Prova di esecuzione insufficiente', value: 'Insufficient proof of execution' },
      { title: 'Dominio e tenant non corrispondono', value: 'Domain–tenant mismatch' },
      { title: 'Contatto del cliente non verificato', value: 'Customer contact not verified' },
      { title: 'Richiesta del partner', value: 'Partner request' },
    ]);
    const request = data.actions.find((a) => a.kind === 'form' && a.verb === 'review.requestInfo');
    assert.ok(request?.kind === 'form' && request.reasons.every((r) => r.title === r.value), "Partner Center's own words");
  });

  it('"Show details" becomes "Hide details": two buttons that swap with the details', () => {
    const card = renderCard('review', reviewCardData(submitted(), [], view(), en)) as { body: Record<string, unknown>[] };
    const set = (id: string) =>
      card.body.find((e) => e.id === id) as { isVisible?: boolean; actions: { type: string; title: string; targetElements: string[] }[] };
    const [show, hide] = [set('details-show'), set('details-hide')];
    assert.equal(show.isVisible, undefined, 'shown first');
    assert.equal(hide.isVisible, false, 'hidden until the details are open');
    assert.deepEqual(
      [show, hide].map((b) => [b.actions[0].type, b.actions[0].title, b.actions[0].targetElements]),
      [
        ['Action.ToggleVisibility', en.review.showDetails, ['details', 'details-show', 'details-hide']],
        ['Action.ToggleVisibility', en.review.hideDetails, ['details', 'details-show', 'details-hide']],
      ],
    );
  });

  it('opened from the queue: "Back to queue" on top, and every button keeps the way back; otherwise neither', () => {
    type Action = { type: string; verb?: string; title?: string; data?: Record<string, unknown> };
    const filters = { status: 'Submitted', mineOnly: 'true' };
    const fromQueue = renderCard('review', reviewCardData(submitted(), [], { ...view(), backToQueue: filters }, en)) as {
      body: { actions?: Action[] }[];
    };
    assert.deepEqual(fromQueue.body[0].actions, [{ type: 'Action.Execute', verb: 'review.queue', title: en.review.backToQueue, data: filters }]);
    const claim = submitted();
    const claimRef = { claimId: 'CPOR-CARD', partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', version: 2, seen: claim.updatedAt };
    // The refresh, Start review and the comment form's Send: all of them.
    const claimButtons = actionsOf(fromQueue).filter((a) => a.type === 'Action.Execute' && a.verb !== 'review.queue');
    assert.equal(claimButtons.length, 3, JSON.stringify(claimButtons));
    for (const action of claimButtons) assert.deepEqual(action.data, { ...claimRef, fromQueue: true, ...filters }, action.verb);

    const posted = renderCard('review', reviewCardData(submitted(), [], view(), en));
    assert.ok(!JSON.stringify(posted).includes(en.review.backToQueue) && !JSON.stringify(posted).includes('fromQueue'));
    assert.deepEqual((posted as { refresh: { action: Action } }).refresh.action.data, claimRef);
  });

  it('colours the status: warning when overdue, attention when rejected, good when approved or official', () => {
    const colour = (claim: Claim, at = AT) => reviewCardData(claim, [], view(at), en).statusColor;
    // Five business days after Monday 16 November is Monday 23: on time then, overdue on the 24th.
    assert.equal(colour(submitted(), new Date('2026-11-23T10:00:00Z')), 'Accent');
    assert.equal(colour(submitted(), new Date('2026-11-24T10:00:00Z')), 'Warning');
    const rejected = walk(submitted(), [
      ['startReview', 'reviewer'],
      ['reject', 'reviewer', { reason: 'Insufficient proof of execution', comment: 'Unsigned.' }],
    ]);
    assert.equal(colour(rejected), 'Attention');
    const approved = walk(submitted(), [
      ['startReview', 'reviewer'],
      ['approve', 'reviewer'],
    ]);
    assert.equal(colour(approved), 'Good');
    assert.equal(colour({ ...approved, status: 'Official' }), 'Good');
  });

  it('a customer decline reads "Declined by the customer through the opt-out link", never the e-mail as the actor', () => {
    const declined = walk(submitted(), [
      ['startReview', 'reviewer'],
      ['approve', 'reviewer'],
      ['customerDecline', 'customer'],
    ]);
    const data = reviewCardData(declined, [], view(), en);
    assert.equal(data.actedBy, 'Declined by the customer through the opt-out link, 2026-11-25 10:00 UTC');
    assert.equal(data.statusColor, 'Attention');
    const last = data.history[data.history.length - 1].line;
    assert.match(last, /the customer \(opt-out link\): customer declined/);
    assert.ok(!JSON.stringify(data).includes('Rejected by jane@fabrikam.com'));
  });

  it('the domain keeps when a claim came to reviewers: submitted, answered, disputed; cleared while it is not waiting', () => {
    const started = walk(submitted(), [['startReview', 'reviewer']]);
    assert.equal(started.reviewQueuedAt, SUBMITTED, 'starting the review does not reset the wait');
    const asked = walk(started, [['requestInfo', 'reviewer', { reason: 'Missing All PoE', comment: 'SOW?' }]]);
    assert.equal(asked.reviewQueuedAt, undefined);
    const answered = walk(asked, [['partnerRespond', 'incentivesAdmin', { comment: 'Attached.' }]]);
    assert.equal(answered.reviewQueuedAt, AT.toISOString());
  });
});
