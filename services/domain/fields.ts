// The fields of a claim, each once: what it applies to, how each of its typed values is checked, where it sits on
// the one-card form, how it reads in a summary and in the CSV export, and which edit group holds it. The dialog's
// questions, the form, the sentence intake, the summary, the export and validateClaim are all driven from here, so a
// new field is one entry below plus its strings (its label in services/strings, its question if it is asked).
// Pure: the rules are validation.ts'; wording lives in services/strings, named here by key.
import { isDynamics365, slotKeys, type Catalogue, type ClaimFields, type Contact, type SolutionArea } from './claim';
import * as validate from './validation';
import type { Strings } from '../strings';

export type FieldKey = keyof ClaimFields;

/** A question of strings' `claim` that is plain text (not a function of the answers so far). */
export type AskKey = {
  [K in keyof Strings['claim']]: K extends `ask${string}` ? (Strings['claim'][K] extends string ? K : never) : never;
}[keyof Strings['claim']];

/** A typed value's rule: the raw answer normalised, or why it is refused. */
export type Rule = (raw: string, catalogue: Catalogue) => validate.Result<unknown>;

/** The one-card form's sections, in card order. */
export const FORM_SECTIONS = ['customer', 'claimed', 'contacts', 'partner'] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];

/** What "Edit a field" on the summary offers; a field belongs to one group, several may share one. */
export type EditGroup =
  'solutionArea' | 'partnerId' | 'customer' | 'coverage' | 'customerContact' | 'technicalContact' | 'partnerContact' | 'poe' | 'name' | 'comments';

/**
 * One value typed for a field: a form input and a dialog answer (same id), or one part of a contact.
 * `card`: the form's input kind (`multi` and `single` offer the catalogue's workloads or products).
 */
export interface InputSpec {
  id: string;
  part?: keyof Contact;
  rule: Rule;
  section: FormSection;
  card: 'text' | 'multiline' | 'multi' | 'single';
  /** May be left empty: the claim stands without it. */
  optional?: boolean;
  /** May be left empty on the one-card form, which then takes a default (the suggested claim name). */
  blankOnForm?: boolean;
  /** The CSV column of this value (none: not exported). */
  csv?: string;
}

/**
 * When the field is asked: `program` fields before anything else, `details` before the proof of execution (the one
 * card holds them), `closing` after it.
 */
export type Stage = 'program' | 'details' | 'closing';

/** How the field's value reads on a summary (the bot renders each kind). */
export type Display = 'text' | 'area' | 'activity' | 'list' | 'coverage' | 'contact' | 'comments';

export interface FieldSpec {
  key: FieldKey;
  stage: Stage;
  group: EditGroup;
  /** The solution areas it applies to; absent: every claim. */
  areas?: readonly SolutionArea[];
  /** A further condition on the rest of the claim (the technical contact: Dynamics 365 products only). */
  onlyIf?: (fields: Partial<ClaimFields>) => boolean;
  /** Cleared with these fields when they are edited (what the claim is about decides what may be claimed). */
  dependsOn?: readonly FieldKey[];
  /** Fixed once stored: what is claimed on whom is a new claim, not an edit. */
  fixedOnEdit?: boolean;
  /** The values typed for it (none: answered by a button). */
  inputs: readonly InputSpec[];
  display: Display;
  /** Its CSV column when it is one value (a contact's parts have their own); `at`: beside the claim id or last. */
  csv?: { header: string; at?: 'head' | 'tail' };
  /** The text that asks it, when it is asked as plain text (no buttons, no card). */
  ask?: AskKey;
}

const guid: Rule = validate.guid;

/** A contact part's rule, and how its CSV column names it. */
const PARTS: Record<keyof Contact, { rule: Rule; csv: string }> = {
  name: { rule: (r) => validate.text(r, { min: 2 }), csv: 'name' },
  title: { rule: (r) => validate.text(r), csv: 'title' },
  email: { rule: validate.email, csv: 'e-mail' },
};

/** A contact's inputs, `<prefix>Name`, `<prefix>Title`, `<prefix>Email` for the parts it has, each with its CSV column. */
function contactInputs<P extends string, Part extends keyof Contact>(
  prefix: P,
  who: string,
  section: FormSection,
  parts: readonly Part[],
  notExported: readonly Part[] = [],
) {
  return parts.map((part) => ({
    id: `${prefix}${part[0].toUpperCase()}${part.slice(1)}` as `${P}${Capitalize<Part>}`,
    part,
    rule: PARTS[part].rule,
    section,
    card: 'text' as const,
    csv: notExported.includes(part) ? undefined : `${who} ${PARTS[part].csv}`,
  }));
}

const dynamics365 = (f: Partial<ClaimFields>) => isDynamics365(f.product);

/** A field of one typed value, its input named as the field; details stage, shown as text, unless said. */
interface SingleField
  extends Pick<FieldSpec, 'group' | 'areas' | 'dependsOn' | 'fixedOnEdit' | 'ask'>, Pick<InputSpec, 'rule' | 'section' | 'optional' | 'blankOnForm'> {
  card?: InputSpec['card'];
  stage?: Stage;
  display?: Display;
  csv: string;
  csvAt?: 'head' | 'tail';
}

function single<K extends FieldKey>(key: K, o: SingleField) {
  const { card = 'text', stage = 'details', display = 'text', csv, csvAt, rule, section, optional, blankOnForm, ...field } = o;
  return { key, stage, display, ...field, csv: { header: csv, at: csvAt }, inputs: [{ id: key, rule, section, card, optional, blankOnForm }] };
}

/** A contact: one input a part (the contact cards and the one-card form). */
const contact = <K extends 'customerContact' | 'technicalContact' | 'partnerContact', I extends InputSpec>(
  key: K,
  inputs: readonly I[],
  more: Pick<FieldSpec, 'areas' | 'onlyIf' | 'dependsOn'> = {},
) => ({
  key,
  stage: 'details' as const,
  group: key,
  display: 'contact' as const,
  inputs,
  ...more,
});

const coverage = { group: 'coverage', dependsOn: ['solutionArea'], section: 'claimed' } as const;

export const FIELDS = [
  { key: 'solutionArea', stage: 'program', group: 'solutionArea', fixedOnEdit: true, inputs: [], display: 'area', csv: { header: 'Solution area' } },
  {
    key: 'activity',
    stage: 'program',
    group: 'solutionArea',
    dependsOn: ['solutionArea'],
    fixedOnEdit: true,
    inputs: [],
    display: 'activity',
    csv: { header: 'Activity' },
  },
  single('partnerId', { group: 'partnerId', rule: validate.partnerId, section: 'partner', csv: 'Partner ID' }),
  // A pasted web or e-mail address is taken as its domain.
  single('customerDomain', {
    group: 'customer',
    fixedOnEdit: true,
    rule: (r) => validate.domain(validate.domainOf(r)),
    section: 'customer',
    csv: 'Customer domain',
    ask: 'askDomain',
  }),
  single('customerTenantId', { group: 'customer', fixedOnEdit: true, rule: guid, section: 'customer', csv: 'Customer tenant ID' }),
  single('workloads', { ...coverage, areas: ['microsoft365'], rule: (r, c) => validate.workloads(r, c), card: 'multi', display: 'coverage', csv: 'Workloads' }),
  single('product', { ...coverage, areas: ['businessApplications'], rule: (r, c) => validate.product(r, c), card: 'single', csv: 'Product' }),
  single('subscriptionId', { ...coverage, areas: ['businessApplications'], rule: guid, display: 'coverage', csv: 'Subscription ID', ask: 'askSubscriptionId' }),
  contact('customerContact', contactInputs('customer', 'Customer contact', 'contacts', ['name', 'title', 'email'])),
  // The technical contact's job title is not exported (the CSV keeps the columns it had).
  contact('technicalContact', contactInputs('technical', 'Technical contact', 'contacts', ['name', 'title', 'email'], ['title']), {
    areas: ['businessApplications'],
    onlyIf: dynamics365,
    dependsOn: ['solutionArea', 'product'],
  }),
  // The partner contact has no job title (nor has it on the form or the claim's cards).
  contact('partnerContact', contactInputs('partner', 'Partner contact', 'partner', ['name', 'email'])),
  // Left blank on the form, the suggested name is taken.
  single('name', {
    group: 'name',
    stage: 'closing',
    rule: (r) => validate.text(r, { min: 3, max: validate.LIMITS.name }),
    section: 'partner',
    blankOnForm: true,
    csv: 'Name',
    csvAt: 'head',
  }),
  single('comments', {
    group: 'comments',
    stage: 'closing',
    rule: validate.comments,
    section: 'partner',
    card: 'multiline',
    optional: true,
    display: 'comments',
    csv: 'Comments',
    csvAt: 'tail',
  }),
] as const satisfies readonly FieldSpec[];

/** The id of every typed value: the one-card form's inputs and the dialog's text answers. */
export type InputId = (typeof FIELDS)[number]['inputs'][number]['id'];

/** A key of ClaimFields without its entry above fails to compile here. */
type Unlisted = Exclude<FieldKey, (typeof FIELDS)[number]['key']>;
export const EVERY_FIELD_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

const INPUT_ENTRIES: readonly { field: FieldSpec; input: InputSpec }[] = (FIELDS as readonly FieldSpec[]).flatMap((field) =>
  field.inputs.map((input) => ({ field, input })),
);

/** Each input with the field it fills, in field order. */
export const INPUTS: Readonly<Record<InputId, { field: FieldSpec; input: InputSpec }>> = Object.fromEntries(
  INPUT_ENTRIES.map((entry) => [entry.input.id, entry]),
) as Record<InputId, { field: FieldSpec; input: InputSpec }>;

export const isInputId = (id: string): id is InputId => id in INPUTS;

/** Whether a field belongs on a claim with these values (its solution area, its condition). */
export function applies(field: FieldSpec, fields: Partial<ClaimFields>): boolean {
  if (field.areas && !(fields.solutionArea && field.areas.includes(fields.solutionArea))) return false;
  return field.onlyIf?.(fields) ?? true;
}

/** Whether a field belongs on the form of a solution area (its condition on the rest is judged on the values). */
export const onForm = (field: FieldSpec, area: SolutionArea): boolean => !field.areas || field.areas.includes(area);

/** The value one input holds on a claim, as text ('' when absent; a list joined with commas). */
export function inputValue(fields: Partial<ClaimFields>, field: FieldSpec, input: InputSpec): string {
  const value: unknown = input.part ? (fields[field.key] as Partial<Contact> | undefined)?.[input.part] : fields[field.key];
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : '';
}

/** Whether a field has everything it needs: each input that is not optional holds a value; a field without inputs, its value. */
export function isComplete(fields: Partial<ClaimFields>, field: FieldSpec): boolean {
  const value = fields[field.key];
  if (field.inputs.length === 0) return Boolean(value);
  if (Array.isArray(value)) return value.length > 0;
  return field.inputs.every((input) => input.optional || inputValue(fields, field, input) !== '');
}

/** The inputs of the one-card form for a solution area, by section, in card order. */
export function formInputs(area: SolutionArea): { section: FormSection; inputs: InputId[] }[] {
  return FORM_SECTIONS.map((section) => ({
    section,
    inputs: INPUT_ENTRIES.filter((e) => e.input.section === section && onForm(e.field, area)).map((e) => e.input.id as InputId),
  }));
}

/** The fields whose values go when `cleared` are edited: those fields and whatever depends on them, transitively. */
export function clearedWith(cleared: readonly FieldKey[]): FieldKey[] {
  const out = new Set<FieldKey>(cleared);
  let grew = true;
  while (grew) {
    grew = false;
    for (const field of FIELDS as readonly FieldSpec[]) {
      if (!out.has(field.key) && field.dependsOn?.some((k) => out.has(k))) {
        out.add(field.key);
        grew = true;
      }
    }
  }
  return [...out];
}

/** Which fields a complete claim still lacks (empty = complete); the optional ones (comments) never. */
export function missingFields(fields: Partial<ClaimFields>): FieldKey[] {
  return (FIELDS as readonly FieldSpec[]).filter((f) => applies(f, fields) && !isComplete(fields, f)).map((f) => f.key);
}

/**
 * Re-checks a whole claim with the rules its answers were taken by (for an edited claim, whose answers may predate
 * a rule or catalogue change). Each problem as `field: error (detail)`, a contact's part as `field.part`.
 */
export function validateClaim(fields: ClaimFields, catalogue: Catalogue): string[] {
  const problems = missingFields(fields).map((key) => `${key}: required`);
  if (!validate.activityFor(fields.solutionArea, fields.activity).ok) problems.push('activity: activityNotAllowed');
  for (const field of FIELDS as readonly FieldSpec[]) {
    // A field that does not belong on this claim is checked only if it was given anyway.
    if (!applies(field, fields) && fields[field.key] === undefined) continue;
    for (const input of field.inputs) {
      const raw = inputValue(fields, field, input);
      if (input.optional && !raw) continue;
      const result = input.rule(raw, catalogue);
      if (!result.ok) problems.push(`${input.part ? `${field.key}.${input.part}` : field.key}: ${result.error}${result.detail ? ` (${result.detail})` : ''}`);
    }
  }
  if (slotKeys(fields).length === 0) problems.push('workloads: required');
  return [...new Set(problems)];
}
