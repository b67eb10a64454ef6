// The e-mail that tells a customer about an approved claim: which partner asked to be associated with their tenant
// and workloads (or subscription), what the association gives the partner, until when they may opt out and how,
// and that doing nothing makes the association official after that deadline. Pure: no I/O, no clock.
//
// Everything that comes from the claim is partner-typed text. In the HTML part it is escaped (the partner could
// type markup in a name); in both parts control, line-break and bidirectional-override characters are replaced by
// a space, so a value cannot start a line of its own or reorder the text around it.
import { partnerLabel, slotsOf, type Claim } from './domain/claim';
import { liveSlots } from './domain/competition';
import { escapeHtml } from './html';
import { allLanguages, languageOfDomain, type Language, type Strings } from './strings';

type CustomerNoticeStrings = Strings['customerNotice'];
export type NoticeLanguage = Language;

export interface CustomerNoticeOptions {
  /** Where the customer opts out (an absolute http(s) URL, e.g. a signed link); shown as a link and in full. */
  optOutUrl: string;
  /** The end of the opt-out period (claim.optOutDeadline). */
  deadline: Date;
  /** IANA time zone in which the deadline is shown, e.g. 'Europe/Rome'. */
  timeZone: string;
  /** Default: Italian for a customer domain ending in .it, otherwise English. */
  language?: NoticeLanguage;
}

export interface CustomerNotice {
  language: NoticeLanguage;
  subject: string;
  text: string;
  html: string;
  /** The customer contact, and the customer technical contact when there is one; de-duplicated (case-insensitive). */
  to: string[];
}

export function composeCustomerNotice(claim: Claim, opts: CustomerNoticeOptions): CustomerNotice {
  const language = opts.language ?? languageOfDomain(claim.customerDomain);
  const s: CustomerNoticeStrings | undefined = allLanguages[language]?.customerNotice;
  if (!s) throw new RangeError(`unsupported notice language '${String(language)}'`);
  const optOutUrl = checkedUrl(opts.optOutUrl);
  const deadline = formatDeadline(opts.deadline, opts.timeZone, language);
  const to = noticeRecipients(claim);

  const partner = {
    partnerName: clean(claim.partnerContact?.name),
    partnerEmail: clean(claim.partnerContact?.email),
    partnerId: clean(claim.partnerId),
  };
  const tenantId = clean(claim.customerTenantId);
  const domain = clean(claim.customerDomain);
  const program = clean(claim.program);
  const claimId = clean(claim.id);
  const m365 = claim.solutionArea === 'microsoft365';
  // The workloads this approval is about: none lost to another partner before it.
  const live = liveSlots(claim);
  const workloads = slotsOf(claim)
    .filter((slot) => live.includes(slot.key))
    .map((slot) => clean(slot.label))
    .filter(Boolean)
    .join(', ');
  const product = clean(claim.product);
  const subscriptionId = clean(claim.subscriptionId);

  const details: [string, string][] = [
    [s.labels.partnerOrganisation, clean(partnerLabel(claim))],
    [s.labels.partnerContact, `${partner.partnerName} <${partner.partnerEmail}>`],
    [s.labels.partnerId, partner.partnerId],
    [s.labels.tenantId, tenantId],
    [s.labels.domain, domain],
    ...(m365
      ? ([[s.labels.workloads, workloads]] as [string, string][])
      : ([
          [s.labels.product, product],
          [s.labels.subscriptionId, subscriptionId],
        ] as [string, string][])),
    [s.labels.program, program],
    [s.labels.deadline, deadline],
    [s.labels.reference, claimId],
  ];

  // Each paragraph: the template and its values, rendered as text or as HTML (values escaped, some in bold).
  type Para = { render: (html: boolean) => string };
  const para = <P extends Record<string, string>>(template: (p: P) => string, values: P, strong: (keyof P)[] = []): Para => ({
    render: (html) => (html ? renderHtml(template, values, strong) : template(values)),
  });
  const greeting = para(s.greeting, { name: clean(claim.customerContact?.name) });
  const intro = para(s.intro, { ...partner, program }, ['partnerName', 'partnerId', 'program']);
  const data = m365
    ? para(s.dataWorkloads, { workloads }, ['workloads'])
    : para(s.dataSubscription, { product, subscriptionId }, ['product', 'subscriptionId']);
  const silence = para(s.silence, { deadline, tenantId }, ['deadline']);
  const optOut = para(s.optOut, { deadline }, ['deadline']);
  const reference = para(s.reference, { claimId });

  const subject = s.subject({ domain });

  const text = [
    greeting.render(false),
    '',
    intro.render(false),
    '',
    s.detailsHeading,
    ...details.map(([label, value]) => `- ${label}: ${value}`),
    '',
    s.dataHeading,
    data.render(false),
    '',
    s.decisionHeading,
    silence.render(false),
    '',
    optOut.render(false),
    optOutUrl,
    '',
    reference.render(false),
    '',
    '-- ',
    s.footer,
    '',
  ].join('\n');

  const h = escapeHtml;
  const link = h(optOutUrl);
  const P = 'margin:0 0 16px 0;';
  const H2 = 'margin:24px 0 8px 0;font-size:17px;line-height:1.3;font-weight:600;color:#242424;';
  const SMALL = 'margin:0 0 12px 0;font-size:13px;line-height:1.5;color:#616161;';
  const rows = details
    .map(
      ([label, value]) =>
        '<tr>' +
        `<th scope="row" align="left" valign="top" style="padding:6px 16px 6px 0;font-weight:600;white-space:nowrap;color:#424242;">${h(label)}</th>` +
        `<td valign="top" style="padding:6px 0;word-break:break-word;">${h(value)}</td>` +
        '</tr>',
    )
    .join('\n');

  const html = `<!DOCTYPE html>
<html lang="${h(s.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f2f1;">
<div style="display:none;max-height:0;overflow:hidden;">${para(s.preheader, { deadline }).render(true)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f2f1;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e0e0e0;border-radius:6px;font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#242424;">
<tr><td style="padding:28px 32px 8px 32px;">
<p style="${P}">${greeting.render(true)}</p>
<p style="${P}">${intro.render(true)}</p>
<h2 style="${H2}">${h(s.detailsHeading)}</h2>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;font-size:14px;line-height:1.4;">
${rows}
</table>
<h2 style="${H2}">${h(s.dataHeading)}</h2>
<p style="${P}">${data.render(true)}</p>
<h2 style="${H2}">${h(s.decisionHeading)}</h2>
<p style="${P}">${silence.render(true)}</p>
<p style="${P}">${optOut.render(true)}</p>
<p style="margin:0 0 12px 0;"><a href="${link}" style="display:inline-block;padding:10px 20px;background-color:#0f6cbd;color:#ffffff;font-weight:600;text-decoration:none;border-radius:4px;">${h(s.optOutButton)}</a></p>
<p style="${SMALL}word-break:break-all;"><a href="${link}" style="color:#0f6cbd;">${link}</a></p>
<p style="${SMALL}">${reference.render(true)}</p>
</td></tr>
<tr><td style="padding:16px 32px 24px 32px;border-top:1px solid #e0e0e0;font-size:12px;line-height:1.5;color:#616161;">${h(s.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  return { language, subject, text, html, to };
}

/** The customer contact's e-mail, then the technical contact's when present; trimmed, de-duplicated ignoring case. */
export function noticeRecipients(claim: Pick<Claim, 'customerContact' | 'technicalContact'>): string[] {
  const seen = new Set<string>();
  const to: string[] = [];
  for (const raw of [claim.customerContact?.email, claim.technicalContact?.email]) {
    const address = (raw ?? '').trim();
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    to.push(address);
  }
  if (to.length === 0) throw new Error('the claim has no customer contact e-mail to notify');
  return to;
}

/**
 * The deadline in `timeZone`, in the notice's language, with the zone's name. A window that ends with a day (the
 * opt-out window ends at the end of its last business day) is stated as that date: "Tuesday 1 December 2026 (until
 * the end of the day, Europe/Rome time)"; any other instant (a window of 0 days, a deadline recorded before windows
 * ended with the day) as a date and a 24-hour time: "martedì 1 dicembre 2026, 14:05 (Europe/Rome)". Assembled from
 * parts, so it reads the same whatever the ICU version's punctuation. Throws RangeError for an invalid date or an
 * unknown time zone.
 */
export function formatDeadline(deadline: Date, timeZone: string, language: NoticeLanguage): string {
  if (!(deadline instanceof Date) || Number.isNaN(deadline.getTime())) throw new RangeError('deadline must be a valid Date');
  const s = allLanguages[language].customerNotice;
  const locale = `${s.locale}-u-ca-gregory-nu-latn`;
  let dateFormat: Intl.DateTimeFormat;
  let timeFormat: Intl.DateTimeFormat;
  try {
    dateFormat = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    timeFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    throw new RangeError(`unknown time zone '${String(timeZone)}'`);
  }
  const dateOf = (at: Date) => {
    const parts = dateFormat.formatToParts(at);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
  };
  const date = dateOf(deadline);
  const zone = dateFormat.resolvedOptions().timeZone;
  if (dateOf(new Date(deadline.getTime() + 1)) !== date) return s.endOfDay({ date, zone });
  const time = timeFormat
    .formatToParts(deadline)
    .filter((p) => p.type === 'hour' || p.type === 'minute')
    .map((p) => p.value)
    .join(':');
  return `${date}, ${time} (${zone})`;
}

// C0/C1 controls (line breaks included), Unicode line/paragraph separators, and bidirectional embeddings,
// overrides and isolates.
// eslint-disable-next-line no-control-regex -- these control characters are what it removes
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

function clean(value: string | undefined): string {
  return (value ?? '').replace(UNSAFE_CHARS, ' ').replace(/ {2,}/g, ' ').trim();
}

function checkedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`optOutUrl must be an absolute URL, got '${String(value)}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`optOutUrl must be http(s), got '${url.protocol}'`);
  return url.href;
}

// Placeholders the templates are rendered with for HTML: characters that cannot be in a template's own text, nor
// in the values (clean() removes them), nor are touched by escapeHtml.
const slot = (i: number) => `\u0000${i}\u0000`;
// eslint-disable-next-line no-control-regex -- NUL is the placeholder's delimiter, chosen because no text has it
const SLOT = /\u0000(\d+)\u0000/g;

/**
 * A template rendered as HTML: the template is called with placeholders, its text escaped, then each placeholder
 * replaced by its value, escaped (in <strong> for the `strong` keys). Neither the template's text nor a value can
 * add markup, and a value is never scanned again for placeholders.
 */
function renderHtml<P extends Record<string, string>>(template: (p: P) => string, values: P, strong: (keyof P)[]): string {
  const keys = Object.keys(values);
  const placeholders = Object.fromEntries(keys.map((k, i) => [k, slot(i)])) as P;
  return escapeHtml(template(placeholders)).replace(SLOT, (_, i: string) => {
    const key = keys[Number(i)];
    const value = escapeHtml(values[key]);
    return strong.includes(key) ? `<strong>${value}</strong>` : value;
  });
}
