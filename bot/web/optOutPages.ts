// The opt-out pages' HTML, in the customer's language: the form (exactly what the customer's e-mail said, and the
// Decline button) and the short message pages. Every interpolated value is escaped unless it is already Html built
// by the `html` tag; no scripts, one inline style sheet.
import { formatDeadline as formatNoticeDeadline } from '../../services/customerNotice';
import { partnerLabel, type Claim } from '../../services/domain/claim';
import { escapeHtml } from '../../services/html';
import { allLanguages, languageOf, languageOfDomain, type Strings } from '../../services/strings';

export type OptOutStrings = Strings['optOutPage'];

/** The page in the customer's language (the one their e-mail was written in). */
export const optOutStringsFor = (customerDomain: string | undefined): OptOutStrings => allLanguages[languageOfDomain(customerDomain)].optOutPage;

class Html {
  constructor(readonly value: string) {}
}

function html(parts: TemplateStringsArray, ...values: unknown[]): Html {
  let out = parts[0];
  values.forEach((value, i) => {
    out += render(value) + parts[i + 1];
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(typeof value === 'string' ? value : JSON.stringify(value));
}

const STYLE = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;background:#f3f2f1;color:#201f1e;font:1rem/1.5 "Segoe UI",system-ui,-apple-system,Roboto,Helvetica,Arial,sans-serif}',
  'main{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem 2.5rem;background:#fff;min-height:100vh}',
  'header{color:#605e5c;font-size:.875rem;margin-bottom:1rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.125rem;margin:1.5rem 0 .5rem}',
  'p{margin:0 0 1rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.375rem 1rem;margin:0 0 1rem}',
  'dt{font-weight:600}',
  'dd{margin:0;overflow-wrap:anywhere}',
  'ul{margin:0;padding-left:1.25rem}',
  '.deadline{font-weight:600}',
  'form{margin:1.5rem 0 0}',
  'button{font:inherit;font-weight:600;min-height:2.75rem;padding:.625rem 1.25rem;border:2px solid #a4262c;border-radius:4px;background:#a4262c;color:#fff;cursor:pointer}',
  'button:hover{background:#8a2026}',
  'button.keep{background:#fff;color:#201f1e;border-color:#605e5c;margin-left:.75rem}',
  'button.keep:hover{background:#f3f2f1}',
  'button:focus-visible{outline:3px solid #201f1e;outline-offset:2px}',
  '@media (max-width:32rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.625rem}button{width:100%}button.keep{margin:.75rem 0 0}}',
].join('');

function page(lang: string, title: string, siteName: string, body: Html): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} – ${siteName}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
<header>${siteName}</header>
${body}
</main>
</body>
</html>
`.value;
}

/** A short page with a heading and paragraphs, in one language. */
export function messagePage(s: OptOutStrings, title: string, paragraphs: string[]): string {
  return page(
    s.lang,
    title,
    s.siteName,
    html`<h1>${title}</h1>
${paragraphs.map((p) => html`<p>${p}</p>\n`)}`,
  );
}

/**
 * A short page when the customer's language is unknown (no claim): in every language of the catalogue, English
 * first (the page's own language), each other one in a section marked with its language.
 */
export function bilingualPage(pick: (s: OptOutStrings) => { title: string; paragraphs: string[] }): string {
  const [first, ...others] = Object.values(allLanguages).map((strings) => ({ s: strings.optOutPage, ...pick(strings.optOutPage) }));
  return page(
    first.s.lang,
    first.title,
    first.s.siteName,
    html`<h1>${first.title}</h1>
${first.paragraphs.map((p) => html`<p>${p}</p>\n`)}${others.map(
      (other) => html`<div lang="${other.s.lang}">
<h2>${other.title}</h2>
${other.paragraphs.map((p) => html`<p>${p}</p>\n`)}</div>`,
    )}`,
  );
}

/** The deadline exactly as the customer's e-mail wrote it, in the page's language and the configured zone. */
export function formatDeadline(when: string | Date, s: OptOutStrings, timeZone: string): string {
  const date = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) return String(when);
  return formatNoticeDeadline(date, timeZone, languageOf(s.dateLocale));
}

/** The form's field whose value says what the customer answered on the confirmation page. */
export const ANSWER_FIELD = 'answer';
export type OptOutAnswer = 'decline' | 'keep';

/**
 * The question before a decline is final: "Decline the association with <partner>?", Decline or Keep. Both are
 * buttons of one POST form; only Decline declines.
 */
export function confirmPage(claim: Claim, s: OptOutStrings): string {
  const title = s.confirmTitle(partnerLabel(claim));
  return page(
    s.lang,
    title,
    s.siteName,
    html`<h1>${title}</h1>
<p>${s.confirmLead}</p>
<form method="post">
<button type="submit" name="${ANSWER_FIELD}" value="decline">${s.confirmDecline}</button><button type="submit" class="keep" name="${ANSWER_FIELD}" value="keep">${s.keep}</button>
</form>`,
  );
}

/** The form page: exactly what the customer's e-mail said, and the Decline button (which asks before it declines). */
export function formPage(claim: Claim, s: OptOutStrings, deadline: string): string {
  const l = s.labels;
  const workloads = claim.workloads?.length ? claim.workloads : undefined;
  const coverage = workloads
    ? html`<dt>${l.workloads}</dt><dd><ul>${workloads.map((w) => html`<li>${w}</li>`)}</ul></dd>\n`
    : html`<dt>${l.product}</dt><dd>${claim.product ?? ''}</dd>
<dt>${l.subscriptionId}</dt><dd>${claim.subscriptionId ?? ''}</dd>\n`;
  return page(
    s.lang,
    s.heading,
    s.siteName,
    html`<h1>${s.heading}</h1>
<p>${s.lead}</p>
<p class="deadline">${s.deadline(deadline)}</p>
<dl>
<dt>${l.partnerOrganisation}</dt><dd>${partnerLabel(claim)}</dd>
<dt>${l.partnerContact}</dt><dd>${claim.partnerContact?.name ?? ''}</dd>
<dt>${l.partnerId}</dt><dd>${claim.partnerId}</dd>
<dt>${l.customerDomain}</dt><dd>${claim.customerDomain}</dd>
<dt>${l.customerTenantId}</dt><dd>${claim.customerTenantId}</dd>
${coverage}</dl>
<h2>${s.accessHeading}</h2>
<p>${workloads ? s.accessWorkloads : s.accessSubscription}</p>
<p>${s.ifNothing}</p>
<p>${s.declineHint}</p>
<form method="post">
<button type="submit">${s.declineButton}</button>
</form>`,
  );
}
