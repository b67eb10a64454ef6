// The one-card claim form: every field of a claim for the chosen solution area and activity on one Adaptive Card.
// A step of the "new association" dialog (its state lives in the dialog stack, like any prompt). Its buttons are
// Action.Execute: choosing another solution area / activity re-renders the card keeping what was typed; Submit
// checks every field with the dialog's own validators (dialogs/fieldChecks.ts) and, on any error, answers the invoke
// with the same card, each message under its field and every value kept. Once every field is fine the dialog goes
// on with the proof of execution.
import { MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardAttachment, renderCard, type ClaimFormCardData, type ClaimFormField } from '../../../cards';
import type { AssociationStore, ClaimSummary } from '../../../services/associationStore';
import { ACTIVITIES, PROGRAMS, type Activity, type SolutionArea } from '../../../services/domain/claim';
import { applies, formInputs, INPUTS, inputValue, isInputId, type FormSection, type InputId } from '../../../services/domain/fields';
import { activityFor } from '../../../services/domain/validation';
import { stringsFor, type Strings } from '../../../services/strings';
import { conflictKey, contactKey, suggestedName, withAnswer, type ClaimDraft, type Question } from './claimDraft';
import { checkAnswer, judgeDraftContact, type FieldCheckDeps } from './fieldChecks';

export const CLAIM_FORM_DIALOG = 'newClaim.form';

/** The form's Action.Execute verbs; their data carries `claimForm` (the operation) and the form's claim id. */
export const CLAIM_FORM_VERBS = ['claimForm.program', 'claimForm.submit'] as const;
export const isClaimFormVerb = (verb: string): boolean => (CLAIM_FORM_VERBS as readonly string[]).includes(verb);

export interface ClaimFormDeps extends FieldCheckDeps {
  claims: Pick<AssociationStore, 'previousDetails' | 'conflictsOf'>;
}

/** What the card shows besides the typed values: errors under fields, and a duplicate's claim to open. */
interface Findings {
  errors: Partial<Record<Question, string>>;
  duplicate?: { field: Question; claim: ClaimSummary };
}

interface FormState {
  draft: ClaimDraft;
  area: SolutionArea;
  activity: Activity;
  /** Raw input values by input id (= question), as typed. */
  values: Record<string, string>;
  /** The organisation's Partner IDs from earlier claims, shown under the field. */
  partnerIds: string[];
}

type SectionId = FormSection;

/**
 * The form's sections and their inputs for a solution area (the field schema's): short enough that one open
 * section, with the banner and the buttons, fits in about 900 px. The domain comes before the tenant (the tenant is
 * matched against it).
 */
export function formSections(area: SolutionArea): { id: SectionId; questions: Question[] }[] {
  return formInputs(area).map(({ section, inputs }) => ({ id: section, questions: inputs }));
}

/** The inputs of the form for a solution area, section by section. */
export function formQuestions(area: SolutionArea): InputId[] {
  return formInputs(area).flatMap((section) => section.inputs);
}

/** An input's label without its explanation in brackets: how the banner names a field that needs a fix. */
const shortLabel = (label: string) => label.replace(/\s*\(.*\)$/, '');

/** The field a duplicate is reported on: what makes it one (workloads, or the subscription). */
const coverageField = (area: SolutionArea): Question => (area === 'microsoft365' ? 'workloads' : 'subscriptionId');

/** The card's view model: pure, from the form's state and what checking it found. */
export function formCardData(state: FormState, s: Strings, catalogue: FieldCheckDeps['catalogue'], findings: Findings = { errors: {} }): ClaimFormCardData {
  const f = s.claimForm;
  const errorCount = Object.keys(findings.errors).length;
  const programs = (Object.keys(ACTIVITIES) as SolutionArea[]).flatMap((area) =>
    ACTIVITIES[area]
      .filter((activity) => area !== state.area || activity !== state.activity)
      // The activity without its explanation in brackets: the buttons stay short enough for a phone.
      .map((activity) => ({ title: `${s.solutionAreas[area]} · ${s.activities[activity].replace(/ \(.*\)$/, '')}`, solutionArea: area, activity })),
  );
  const field = (id: Question): ClaimFormField => {
    const card = isInputId(id) ? INPUTS[id].input.card : 'text';
    const base: ClaimFormField = {
      id,
      kind: card === 'multiline' ? 'multiline' : 'text',
      label: f.labels[id as keyof typeof f.labels] ?? id,
      value: state.values[id] ?? '',
      placeholder: (f.placeholders as Record<string, string>)[id] ?? '',
      hint: id === 'partnerId' && state.partnerIds.length ? f.partnerIdsUsed(state.partnerIds.join(', ')) : '',
      error: findings.errors[id] ?? '',
      choices: [],
      open: [],
    };
    if (card === 'multi') Object.assign(base, { kind: 'multi', choices: catalogue.workloads.map((w) => ({ title: w, value: w })) });
    if (card === 'single')
      Object.assign(base, { kind: 'single', placeholder: f.pickProduct, choices: catalogue.products.map((p) => ({ title: p, value: p })) });
    if (findings.duplicate?.field === id) {
      const { claim } = findings.duplicate;
      base.open = [{ title: f.openClaim(claim.id), claimId: claim.id, partnerTenantId: state.draft.partnerTenantId }];
    }
    return base;
  };
  const sections = formSections(state.area);
  const headingOf = (id: SectionId) => f.sections[id === 'claimed' ? (state.area === 'microsoft365' ? 'workloads' : 'product') : id];
  // The first section with something to fix is the one open (the first one when there is nothing to fix).
  const open = Math.max(
    0,
    sections.findIndex((section) => section.questions.some((q) => findings.errors[q])),
  );
  const needFix = formQuestions(state.area).filter((q) => findings.errors[q]);
  return {
    title: f.title,
    intro: f.intro,
    notice: errorCount ? f.errorsNotice(errorCount, needFix.map((q) => shortLabel(field(q).label)).join(', ')) : '',
    claimId: state.draft.claimId,
    solutionArea: state.area,
    activity: state.activity,
    programHeading: f.programHeading,
    programLine: f.programLine(s.solutionAreas[state.area], s.activities[state.activity], PROGRAMS[state.area][state.activity] ?? ''),
    programs,
    sections: sections.map((section, i) => {
      const toFix = section.questions.filter((q) => findings.errors[q]).length;
      const heading = `${i + 1}. ${headingOf(section.id)}${toFix ? ` · ${f.toFix(toFix)}` : ''}`;
      const next = sections[i + 1];
      return {
        id: section.id,
        hideTitle: `▾ ${heading}`,
        showTitle: `▸ ${heading}`,
        style: toFix ? 'destructive' : 'default',
        expanded: i === open,
        fields: section.questions.map(field),
        next: next?.id ?? '',
        nextTitle: next ? f.next(headingOf(next.id)) : '',
      };
    }),
    submit: f.submit,
  };
}

/**
 * Every field of the form checked with the dialog's validators, then (all fine) the duplicate check on the slots it
 * claims. Returns the completed draft (with what to tell the partner, e.g. the domain taken from a pasted address),
 * or what to show on the card.
 */
export async function checkForm(
  state: FormState,
  deps: ClaimFormDeps,
  s: Strings,
): Promise<{ ok: true; draft: ClaimDraft; competing: boolean; notes: string[] } | ({ ok: false } & Findings)> {
  // The card's Submit stores the claim once the proof of execution is answered, unless it was before the card
  // (an edit of a finished draft): then the summary with its Submit comes back.
  const poeAhead = !state.draft.poe && !state.draft.poeLater;
  let draft: ClaimDraft = { ...state.draft, fields: { solutionArea: state.area, activity: state.activity }, viaForm: poeAhead };
  const errors: Findings['errors'] = {};
  const notes: string[] = [];
  for (const question of formQuestions(state.area)) {
    const raw = state.values[question] ?? '';
    const { field, input } = INPUTS[question];
    // The form shows what its area may need; what the rest of it rules out (no Dynamics 365 product) is not checked.
    if (!applies(field, draft.fields)) continue;
    if ((input.optional || input.blankOnForm) && !raw.trim()) continue;
    const result = await checkAnswer(question, raw, deps, s, { domain: errors.customerDomain ? undefined : draft.fields.customerDomain });
    if (!result.ok) {
      errors[question] = result.message;
      continue;
    }
    draft = withAnswer(draft, question, result.value);
    if (result.note) notes.push(result.note);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  // Every field is fine on its own; the customer contact must also be the customer's (not the partner's own).
  const judged = await judgeDraftContact(draft, deps, s);
  if (judged && !judged.ok) return { ok: false, errors: { customerEmail: judged.message } };
  if (judged) {
    draft = { ...draft, contactCheck: judged.check, contactChecked: contactKey(draft) };
    if (judged.check === 'lookupFailed') notes.push(s.consent.lookupFailed);
  }
  draft = withAnswer(draft, 'name', draft.fields.name ?? suggestedName(draft.fields));
  draft = withAnswer(draft, 'comments', draft.fields.comments ?? '');
  const conflicts = await conflictsOn(state, draft, deps, s);
  if (conflicts.duplicate) return { ok: false, ...conflicts.duplicate };
  return { ok: true, draft: { ...draft, conflictsChecked: conflictKey(draft) }, competing: conflicts.competing, notes };
}

/** What a claim on the draft's slots would meet: a duplicate as the card shows it (under what is claimed). */
async function conflictsOn(state: FormState, draft: ClaimDraft, deps: ClaimFormDeps, s: Strings): Promise<{ duplicate?: Findings; competing: boolean }> {
  const fields = draft.fields as Required<Pick<ClaimDraft['fields'], 'customerTenantId' | 'solutionArea' | 'activity'>> & ClaimDraft['fields'];
  const found = await deps.claims.conflictsOf(draft.partnerTenantId, fields, draft.claimId);
  if (!found.duplicate) return { competing: found.competing };
  const field = coverageField(state.area);
  const d = found.duplicate;
  return {
    duplicate: { errors: { [field]: s.claimForm.duplicateEarly(d.name, d.id, s.statuses[d.status]) }, duplicate: { field, claim: d } },
    competing: false,
  };
}

/**
 * On a change of solution area or activity, the duplicate check already runs when the customer tenant and what is
 * claimed are typed and valid: the partner learns of it before filling in the rest.
 */
async function earlyFindings(state: FormState, deps: ClaimFormDeps, s: Strings): Promise<Findings> {
  let draft: ClaimDraft = { ...state.draft, fields: { solutionArea: state.area, activity: state.activity } };
  const coverage: Question[] = state.area === 'microsoft365' ? ['workloads'] : ['subscriptionId'];
  for (const question of ['customerTenantId', ...coverage] as Question[]) {
    // Without the domain: the Graph match waits for the Submit, this is only about the slots.
    const result = await checkAnswer(question, state.values[question] ?? '', deps, s);
    if (!result.ok) return { errors: {} };
    draft = withAnswer(draft, question, result.value);
  }
  return (await conflictsOn(state, draft, deps, s)).duplicate ?? { errors: {} };
}

/** The typed values of the form's inputs in an invoke's data (anything else in it is ignored). */
function valuesOf(data: Record<string, unknown>, area: SolutionArea, previous: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = { ...previous };
  for (const id of formQuestions(area)) if (typeof data[id] === 'string') values[id] = data[id];
  return values;
}

// The invoke's answer, when the form decides it (a re-rendered card) instead of the generic "question ✓ answer".
const INVOKE_REPLY = Symbol('claimFormInvokeReply');

export function invokeReplyOf(context: TurnContext): Record<string, unknown> | undefined {
  return context.turnState.get(INVOKE_REPLY);
}

export function setInvokeReply(context: TurnContext, card: Record<string, unknown>): void {
  context.turnState.set(INVOKE_REPLY, card);
}

/** The form card's Submit or area/activity buttons, sent to a dialog that no longer shows the form. */
export function isStaleFormClick(context: TurnContext): boolean {
  const value = context.activity.value as { claimForm?: unknown } | undefined;
  return context.activity.type === 'message' && typeof value?.claimForm === 'string';
}

export function answerStaleForm(context: TurnContext): void {
  const s = stringsFor(context.activity.locale);
  setInvokeReply(context, renderCard('answered', { prompt: s.claimForm.title, answer: s.claimForm.stale }));
}

/** The card's inputs for the answers a draft already holds (only those it has). */
export function draftValues(fields: ClaimDraft['fields']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const id of Object.keys(INPUTS) as InputId[]) {
    const value = inputValue(fields, INPUTS[id].field, INPUTS[id].input);
    if (value) values[id] = value;
  }
  return values;
}

/** Begin options: the fresh draft (claim id, organisation, the user). Ends with the completed draft. */
export class ClaimFormDialog extends Dialog<ClaimDraft> {
  constructor(private readonly deps: ClaimFormDeps) {
    super(CLAIM_FORM_DIALOG);
  }

  async beginDialog(dc: DialogContext, draft?: ClaimDraft): Promise<DialogTurnResult> {
    if (!draft) throw new Error('the claim form needs the draft it fills');
    const previous = await this.deps.claims.previousDetails(draft.partnerTenantId);
    const contact = previous.partnerContact ?? (draft.me.email ? { name: draft.me.name, email: draft.me.email } : undefined);
    const state: FormState = {
      draft,
      area: draft.fields.solutionArea ?? 'microsoft365',
      activity: draft.fields.activity ?? ACTIVITIES[draft.fields.solutionArea ?? 'microsoft365'][0],
      // What this claim already has (said in a sentence, answered before the card) first; the organisation's
      // previous details only where it has nothing.
      values: {
        partnerId: previous.partnerIds[0] ?? '',
        partnerName: contact?.name ?? draft.me.name,
        partnerEmail: contact?.email ?? '',
        ...draftValues(draft.fields),
      },
      partnerIds: previous.partnerIds,
    };
    (dc.activeDialog!.state as { form?: FormState }).form = state;
    await this.send(dc.context, state);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const s = stringsFor(context.activity.locale);
    const state = (dc.activeDialog!.state as { form: FormState }).form;
    const data = (context.activity.value ?? {}) as Record<string, unknown>;
    if (typeof data.claimForm !== 'string') {
      await context.sendActivity(s.claimForm.pending);
      return Dialog.EndOfTurn;
    }
    if (data.claimId !== state.draft.claimId) {
      answerStaleForm(context);
      return Dialog.EndOfTurn;
    }
    state.values = valuesOf(data, state.area, state.values);
    if (data.claimForm === 'program') {
      // Bad input (a forged pair) changes nothing: the card comes back as it was.
      const area = data.solutionArea as SolutionArea;
      if (area in ACTIVITIES && activityFor(area, String(data.activity)).ok) {
        state.area = area;
        state.activity = data.activity as Activity;
      }
      setInvokeReply(context, renderCard('claimForm', formCardData(state, s, this.deps.catalogue, await earlyFindings(state, this.deps, s))));
      return Dialog.EndOfTurn;
    }
    const checked = await checkForm(state, this.deps, s);
    if (!checked.ok) {
      setInvokeReply(context, renderCard('claimForm', formCardData(state, s, this.deps.catalogue, checked)));
      return Dialog.EndOfTurn;
    }
    setInvokeReply(context, renderCard('answered', { prompt: s.claimForm.title, answer: s.claimForm.sent }));
    for (const note of [...checked.notes, ...(checked.competing ? [s.claimForm.competingEarly] : [])]) await context.sendActivity(note);
    return dc.endDialog(checked.draft);
  }

  async repromptDialog(context: TurnContext, instance: { state: { form?: FormState } }): Promise<void> {
    if (instance.state.form) await this.send(context, instance.state.form);
  }

  private async send(context: TurnContext, state: FormState): Promise<void> {
    const s = stringsFor(context.activity.locale);
    await context.sendActivity(MessageFactory.attachment(cardAttachment('claimForm', formCardData(state, s, this.deps.catalogue))));
  }
}
