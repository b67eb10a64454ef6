// The customer notice of an approved claim (services/customerNotice.ts), in English and Italian. Kept apart from
// bot/strings: these go to the customer by e-mail, not to the chat.
//
// Every template receives the claim's values as parameters and returns plain text. The composer renders each one
// twice: as is for the text part, and for the HTML part with placeholders that it escapes and fills itself, so
// neither these texts nor the values need HTML escaping here (and must not contain HTML).

export interface PartnerParams {
  partnerName: string;
  partnerEmail: string;
  partnerId: string;
}

export const en = {
  /** BCP 47 locale for Intl formatting and the HTML lang attribute. */
  locale: 'en-GB',
  subject: (p: { domain: string }) => `Microsoft partner association request for ${p.domain}`,
  preheader: (p: { deadline: string }) => `A Microsoft partner asked to be associated with your organisation. You can opt out until ${p.deadline}.`,
  greeting: (p: { name: string }) => `Dear ${p.name},`,
  intro: (p: PartnerParams & { program: string }) =>
    `${p.partnerName} (${p.partnerEmail}), of the Microsoft partner with Partner ID ${p.partnerId}, has asked Microsoft ` +
    `to associate their organisation with yours as Claiming Partner of Record (CPOR) for the program ${p.program}. ` +
    'Microsoft has reviewed and approved the request.',
  detailsHeading: 'The request',
  labels: {
    partnerOrganisation: 'Partner organisation',
    partnerContact: 'Partner contact',
    partnerId: 'Partner ID',
    tenantId: 'Your tenant ID',
    domain: 'Your domain',
    workloads: 'Workloads',
    product: 'Product',
    subscriptionId: 'Subscription ID',
    program: 'Program',
    deadline: 'Opt-out deadline',
    reference: 'Reference',
  },
  dataHeading: 'What the association gives the partner',
  dataWorkloads: (p: { workloads: string }) =>
    'Accepting this association gives the partner access to some of your organisation\'s data: the usage ' +
    `and sold seats data of the workloads ${p.workloads} in your tenant.`,
  dataSubscription: (p: { product: string; subscriptionId: string }) =>
    'Accepting this association gives the partner access to some of your organisation\'s data: the usage ' +
    `and sold seats data of your ${p.product} subscription ${p.subscriptionId}.`,
  decisionHeading: 'What you need to do',
  silence: (p: { deadline: string; tenantId: string }) =>
    'Nothing, if you agree: unless you opt out, the association between this partner and your tenant ' +
    `${p.tenantId} for the items above becomes official after ${p.deadline}.`,
  optOut: (p: { deadline: string }) =>
    `If you do not want it, or you do not know this partner, opt out before ${p.deadline} with this link:`,
  optOutButton: 'Opt out of this association',
  reference: (p: { claimId: string }) => `Reference: claim ${p.claimId}. Please quote it if you contact us.`,
  footer: 'This is an automated message from CPOR Assistant about Microsoft partner associations. Please do not reply to it.',
};

export type CustomerNoticeStrings = typeof en;

export const it: CustomerNoticeStrings = {
  locale: 'it-IT',
  subject: (p) => `Richiesta di associazione di un partner Microsoft per ${p.domain}`,
  preheader: (p) =>
    `Un partner Microsoft ha chiesto di essere associato alla vostra organizzazione. Potete opporvi fino a ${p.deadline}.`,
  greeting: (p) => `Gentile ${p.name},`,
  intro: (p) =>
    `${p.partnerName} (${p.partnerEmail}), del partner Microsoft con Partner ID ${p.partnerId}, ha chiesto a Microsoft ` +
    'di associare la propria organizzazione alla vostra come Claiming Partner of Record (CPOR) per il programma ' +
    `${p.program}. Microsoft ha verificato e approvato la richiesta.`,
  detailsHeading: 'La richiesta',
  labels: {
    partnerOrganisation: 'Organizzazione partner',
    partnerContact: 'Contatto del partner',
    partnerId: 'Partner ID',
    tenantId: 'ID del vostro tenant',
    domain: 'Il vostro dominio',
    workloads: 'Carichi di lavoro',
    product: 'Prodotto',
    subscriptionId: 'ID della sottoscrizione',
    program: 'Programma',
    deadline: 'Termine per opporsi',
    reference: 'Riferimento',
  },
  dataHeading: 'Cosa ottiene il partner con l\'associazione',
  dataWorkloads: (p) =>
    'Accettando questa associazione, il partner ottiene accesso ad alcuni dati della vostra organizzazione: i dati di ' +
    `utilizzo e delle licenze vendute dei carichi di lavoro ${p.workloads} nel vostro tenant.`,
  dataSubscription: (p) =>
    'Accettando questa associazione, il partner ottiene accesso ad alcuni dati della vostra organizzazione: i dati di ' +
    `utilizzo e delle licenze vendute della vostra sottoscrizione ${p.product} ${p.subscriptionId}.`,
  decisionHeading: 'Cosa dovete fare',
  silence: (p) =>
    'Nulla, se siete d\'accordo: se non vi opponete, l\'associazione tra questo partner e il vostro tenant ' +
    `${p.tenantId} per quanto indicato sopra diventa ufficiale dopo ${p.deadline}.`,
  optOut: (p) => `Se non la volete, o non conoscete questo partner, opponetevi entro ${p.deadline} con questo link:`,
  optOutButton: 'Opporsi a questa associazione',
  reference: (p) => `Riferimento: richiesta ${p.claimId}. Indicatelo se ci contattate.`,
  footer:
    'Questo è un messaggio automatico di CPOR Assistant sulle associazioni dei partner Microsoft. Non rispondete a ' +
    'questo messaggio.',
};

export const customerNoticeStrings: Record<'en' | 'it', CustomerNoticeStrings> = { en, it };
