// How a claim's fields read on a card: the facts of a claim or draft, what each workload became.
import { md, type Fact } from '../../cards';
import { PROGRAMS, type Claim, type Contact } from '../../services/domain/claim';
import { applies, FIELDS, type FieldSpec, type Stage } from '../../services/domain/fields';
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

/** How one field reads on a card (its kind in the field schema); a stored claim's coverage with each slot's result. */
function factValue(field: FieldSpec, f: ClaimDraft['fields'], s: Strings, claim: Claim | undefined): string {
  switch (field.display) {
    case 'area':
      return f.solutionArea ? s.solutionAreas[f.solutionArea] : '';
    case 'activity':
      return f.activity ? s.activities[f.activity] : '';
    case 'contact':
      return contactText(f[field.key] as Contact | undefined);
    case 'comments':
      return (f[field.key] as string | undefined) || s.claim.noComments;
    case 'coverage':
      // The workloads' results always; a subscription's once it has outcomes of its own.
      if (claim && (field.key === 'workloads' || claim.slotOutcomes)) return coverageWithResults(claim, s);
      return listText(f[field.key]);
    case 'list':
    case 'text':
      return listText(f[field.key]);
  }
}

const listText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '');

/**
 * The facts of a claim or draft, from the field schema: the program, each field that belongs on it (a field given
 * where it is not needed, such as a technical contact, too), the proof of execution before the closing fields, the
 * claim id. A stored claim (`claim`) shows each workload's own result beside it.
 */
export function summaryFacts(draft: ClaimDraft, s: Strings, claim?: Claim): Fact[] {
  const f = draft.fields;
  const l = s.claim.labels;
  // A field with a condition on the rest of the claim (the technical contact) is shown when it is there.
  const shown = (field: FieldSpec) => (field.onlyIf ? f[field.key] !== undefined : applies(field, f));
  const facts = (stage: Stage): Fact[] =>
    (FIELDS as readonly FieldSpec[])
      .filter((field) => field.stage === stage && shown(field))
      .map((field) => ({ title: l[field.key], value: factValue(field, f, s, claim) }));
  const all: Fact[] = [
    { title: l.program, value: f.solutionArea && f.activity ? (PROGRAMS[f.solutionArea][f.activity] ?? '') : '' },
    ...facts('program'),
    ...facts('details'),
    { title: l.poe, value: draft.poe ? `${draft.poe.fileName} (${formatSize(draft.poe.size)})` : s.claim.noPoe },
    ...facts('closing'),
    { title: l.claimId, value: draft.claimId },
  ];
  // Everything above was typed by a partner or comes from the catalogue: shown as text, never as Markdown.
  return all.map((fact) => ({ title: fact.title, value: md(fact.value) }));
}
