// How a claim's fields read on a card: the facts of a claim or draft, what each workload became.
import { md, type Fact } from '../../cards';
import { PROGRAMS, type Claim } from '../../services/domain/claim';
import { slotResults } from '../../services/domain/competition';
import type { Strings } from '../../services/strings';
import type { ClaimDraft } from './dialogs/claimDraft';
import { formatSize } from '../../services/formatting';

function contactText(contact: { name?: string; title?: string; email?: string } | undefined): string {
  if (!contact) return '—';
  return [contact.name, contact.title, contact.email].filter(Boolean).join(', ');
}

/**
 * What a stored claim covers, each workload / subscription with what became of it apart from the claim:
 * "Microsoft Teams (on hold), Exchange Online, Intune".
 */
export function coverageWithResults(claim: Claim, s: Strings): string {
  return slotResults(claim)
    .map(({ label, result }) => (result ? s.claim.withResult(label, s.claim.slotResults[result]) : label))
    .join(', ');
}

/** The facts of a claim or draft; a stored claim (`claim`) shows each workload's own result beside it. */
export function summaryFacts(draft: ClaimDraft, s: Strings, claim?: Claim): Fact[] {
  const f = draft.fields;
  const l = s.claim.labels;
  const facts: Fact[] = [
    { title: l.program, value: f.solutionArea && f.activity ? (PROGRAMS[f.solutionArea][f.activity] ?? '') : '' },
    { title: l.solutionArea, value: f.solutionArea ? s.solutionAreas[f.solutionArea] : '' },
    { title: l.activity, value: f.activity ? s.activities[f.activity] : '' },
    { title: l.partnerId, value: f.partnerId ?? '' },
    { title: l.customerDomain, value: f.customerDomain ?? '' },
    { title: l.customerTenantId, value: f.customerTenantId ?? '' },
  ];
  if (f.solutionArea === 'microsoft365') facts.push({ title: l.workloads, value: claim ? coverageWithResults(claim, s) : (f.workloads ?? []).join(', ') });
  else {
    const subscription = claim?.slotOutcomes ? coverageWithResults(claim, s) : (f.subscriptionId ?? '');
    facts.push({ title: l.product, value: f.product ?? '' }, { title: l.subscriptionId, value: subscription });
  }
  facts.push({ title: l.customerContact, value: contactText(f.customerContact) });
  if (f.technicalContact) facts.push({ title: l.technicalContact, value: contactText(f.technicalContact) });
  facts.push(
    { title: l.partnerContact, value: contactText(f.partnerContact) },
    { title: l.poe, value: draft.poe ? `${draft.poe.fileName} (${formatSize(draft.poe.size)})` : s.claim.noPoe },
    { title: l.name, value: f.name ?? '' },
    { title: l.comments, value: f.comments || s.claim.noComments },
    { title: l.claimId, value: draft.claimId },
  );
  // Everything above was typed by a partner or comes from the catalogue: shown as text, never as Markdown.
  return facts.map((fact) => ({ title: fact.title, value: md(fact.value) }));
}
