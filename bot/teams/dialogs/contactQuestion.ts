// One contact of the step-by-step dialog (the customer contact, the Dynamics 365 technical contact, the partner
// contact), asked on one small card (name, job title, e-mail) instead of three questions. The answer is the card,
// or a line typed as people write it ("Nina North, CIO, nina@northwind.com", services/domain/contactLine.ts), or
// one part at a time: what is missing is asked again, with what was taken already on the card.
import type { Activity, Attachment } from 'botbuilder';
import { cardAttachment, type ContactCardData } from '../../../cards';
import type { Contact } from '../../../services/domain/claim';
import { parseContactLine, type ContactPart, type ContactParts } from '../../../services/domain/contactLine';
import type { Strings } from '../../../services/strings';
import { checkAnswer, type FieldCheckDeps } from './fieldChecks';
import type { Question } from './claimDraft';

export type ContactQuestion = 'customerContact' | 'technicalContact' | 'partnerContact';

export const isContactQuestion = (question: Question): question is ContactQuestion =>
  question === 'customerContact' || question === 'technicalContact' || question === 'partnerContact';

/**
 * The parts each contact has, each checked by the rule of the answer that fills it (the one-card form's inputs).
 * The partner contact has no job title (nor has it on the one-card form or the claim's cards).
 */
const PART_QUESTIONS: Record<ContactQuestion, Partial<Record<ContactPart, Question>>> = {
  customerContact: { name: 'customerName', title: 'customerTitle', email: 'customerEmail' },
  technicalContact: { name: 'technicalName', title: 'technicalTitle', email: 'technicalEmail' },
  partnerContact: { name: 'partnerName', email: 'partnerEmail' },
};

/** The card's input for each part (ids unique on the card, and apart from the one-card form's). */
const INPUT_IDS: Record<ContactPart, string> = { name: 'contactName', title: 'contactTitle', email: 'contactEmail' };

const ORDER: readonly ContactPart[] = ['name', 'title', 'email'];

const partsAsked = (question: ContactQuestion): ContactPart[] => ORDER.filter((part) => PART_QUESTIONS[question][part]);

/** What a stored contact already has, part by part. */
export function partsOf(contact: Partial<Contact> | undefined): ContactParts {
  const parts: ContactParts = {};
  for (const part of ORDER) if (contact?.[part]) parts[part] = contact[part];
  return parts;
}

/** The parts still missing: every part the contact has is required. */
export function missingParts(question: ContactQuestion, contact: Partial<Contact> | undefined): ContactPart[] {
  return partsAsked(question).filter((part) => !contact?.[part]);
}

/** "Customer contact: their name, job title and e-mail…", or, with some parts known, what is still needed. */
export function contactPrompt(question: ContactQuestion, known: ContactParts, s: Strings): string {
  const c = s.contact;
  const missing = missingParts(question, known);
  const asked = partsAsked(question);
  const prompt =
    missing.length === asked.length
      ? c.askAll(c.who[question], asked.includes('title'))
      : c.askRest(
          s.claim.labels[question],
          listed(
            missing.map((part) => c.missing[part]),
            c.and,
          ),
        );
  return question === 'customerContact' ? `${prompt} ${c.customerNote}` : prompt;
}

const listed = (items: string[], and: string): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

/** The small card: one labelled input per part, filled with what is known, each error under its input. */
export function contactCard(
  question: ContactQuestion,
  values: ContactParts,
  s: Strings,
  findings: { errors?: Partial<Record<ContactPart, string>>; notice?: string } = {},
): Attachment {
  const c = s.contact;
  const data: ContactCardData = {
    title: contactPrompt(question, values, s),
    notice: findings.notice ?? '',
    button: c.button,
    field: question,
    fields: partsAsked(question).map((part) => ({
      id: INPUT_IDS[part],
      label: c.labels[part],
      value: values[part] ?? '',
      placeholder: c.placeholders[part],
      style: part === 'email' ? 'email' : 'text',
      error: findings.errors?.[part] ?? '',
    })),
  };
  return cardAttachment('contact', data);
}

export type ContactReading =
  { ok: true; contact: Contact } | { ok: false; fromCard: boolean; values: ContactParts; errors: Partial<Record<ContactPart, string>>; message: string };

/**
 * The contact an answer gives: the card's inputs (each part as typed there), or a typed line split into its parts.
 * Every part given is checked by its rule; one bad part takes nothing, and says why.
 */
export async function readContact(
  question: ContactQuestion,
  activity: Partial<Activity>,
  known: ContactParts,
  deps: FieldCheckDeps,
  s: Strings,
): Promise<ContactReading> {
  const value = activity.value as Record<string, unknown> | undefined;
  const fromCard = value?.field === question;
  let given: ContactParts = {};
  if (fromCard) {
    for (const part of partsAsked(question)) {
      const typed = value[INPUT_IDS[part]];
      if (typeof typed === 'string' && typed.trim()) given[part] = typed.trim();
    }
  } else {
    const parsed = parseContactLine(activity.text ?? '', known, { withTitle: partsAsked(question).includes('title') });
    if (!parsed.ok) return { ok: false, fromCard, values: known, errors: {}, message: s.contact[parsed.problem] };
    given = parsed.parts;
  }
  const errors: Partial<Record<ContactPart, string>> = {};
  const taken: ContactParts = {};
  for (const part of partsAsked(question)) {
    const raw = given[part];
    if (raw === undefined) continue;
    const result = await checkAnswer(PART_QUESTIONS[question][part] as Question, raw, deps, s);
    if (result.ok) taken[part] = result.value as string;
    else errors[part] = result.message;
  }
  const messages = Object.values(errors);
  if (messages.length) return { ok: false, fromCard, values: { ...known, ...given }, errors, message: messages.join('\n\n') };
  if (Object.keys(taken).length === 0) return { ok: false, fromCard, values: known, errors: {}, message: s.contact.empty };
  const merged = { ...known, ...taken };
  return { ok: true, contact: { name: merged.name ?? '', email: merged.email ?? '', ...(merged.title ? { title: merged.title } : {}) } };
}

/** Each part said back: "Customer contact: Name: Nina North · Job title: CIO · E-mail: nina@northwind.com." */
export function takenText(question: ContactQuestion, contact: ContactParts, s: Strings): string {
  const parts = ORDER.filter((part) => contact[part]).map((part) => `${s.contact.labels[part]}: ${contact[part]}`);
  return s.contact.taken(s.claim.labels[question], parts.join(' · '));
}
