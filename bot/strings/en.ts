// Every user-facing English string. it.ts must provide the same keys (the type checker enforces it).
export const en = {
  languageName: 'English',
  welcome: {
    heading: 'Welcome to CPOR Assistant',
    intro:
      'I help Microsoft partners claim customers as Claiming Partner of Record (CPOR) for OSA Sell, ' +
      'OSU Microsoft 365 and OSU Business Applications, and follow each claim until it is official.',
    teamIntro:
      'I post claims to review in a channel of this team. A reviewer can say "use this channel for reviews" here.',
  },
  help: {
    heading: 'What I can do',
    intro: 'Type one of these, or pick a button:',
    notUnderstood: (text: string) => `Sorry, I didn't understand "${text}". Here is what I can do.`,
    demoMode:
      'Demo mode: no roles are configured, so everyone may act as partner and reviewer. Set ROLES_FILE or the ' +
      'role groups to enforce roles.',
    newClaimButton: 'New association',
    topics: [
      { title: 'new association', text: 'Create a customer association (claim), one question at a time.' },
      { title: 'help', text: 'Show this list. In the middle of a question, "cancel" stops it.' },
      {
        title: 'About CPOR',
        text:
          'A claim links your organisation to a customer tenant and a workload (Microsoft 365) or subscription ' +
          '(Business Applications). Microsoft validates every claim; once approved the customer has five business ' +
          'days to opt out, then the association becomes official.',
      },
    ],
  },
  cards: {
    formSent: 'Sent',
  },
  errors: {
    unknownAction: 'This button is not something I know how to handle. Type "help" to see what I can do.',
    generic: 'Sorry, something went wrong on my side and your last message was not processed. Please try again in a moment.',
  },
  commands: {
    help: ['help', 'menu', '?', 'what can you do', 'commands', 'hi', 'hello', 'start'],
    newClaim: ['new association', 'new claim', 'claim a customer', 'create association', 'create a claim', 'new'],
    submit: ['submit', 'send'],
    edit: ['edit', 'edit a field', 'change'],
    cancel: ['cancel', 'stop', 'quit', 'abort'],
  },
  words: {
    yes: 'Yes',
    no: 'No',
    later: ['later', 'not now', 'skip'],
    none: ['none', 'no', 'no comments', '-'],
  },
  solutionAreas: { microsoft365: 'Microsoft 365', businessApplications: 'Business Applications' },
  activities: {
    usage: 'Usage',
    presales: 'Presales (Build intent - Advisor)',
    revenueAssociation: 'Revenue association',
  },
  activityHelp: {
    microsoft365: {
      usage: 'Usage ("Use or consume"): you help the customer deploy and use the workload (OSU Microsoft 365).',
    },
    businessApplications: {
      presales: 'Presales: you advised the customer before the purchase (OSA Sell).',
      usage: 'Usage: you help the customer adopt and use the subscription (OSU Business Applications).',
      revenueAssociation: 'Revenue association: links the revenue to you, without an incentive payment.',
    },
  },
  statuses: {
    Draft: 'Draft',
    Submitted: 'Submitted',
    UnderReview: 'Under review',
    PartnerActionRequired: 'Partner action required',
    Approved: 'Approved',
    Official: 'Official',
    Rejected: 'Rejected',
  },
  claim: {
    start: 'Let\'s create a customer association. Type "cancel" at any time to stop; nothing is stored until you submit.',
    noRole:
      'Only users with the Partner Center role Incentives admin or Incentives user of your organisation can create ' +
      'associations. Ask your global admin to give you one of these roles, then try again. Nothing was stored.',
    personalOnly: 'Let\'s create associations in a 1:1 chat with me: open a chat with CPOR Assistant and say "new association".',
    noTenant: 'I cannot tell which organisation you belong to (no tenant in this chat), so I cannot create a claim here.',
    cancelled: 'Cancelled. Nothing was stored.',
    dialogHelp: 'I am creating a customer association with you. Answer the question above, or type "cancel" to stop.',
    askSolutionArea: 'Which solution area is this association for?',
    askActivity: 'Which activity did you perform for the customer?',
    onlyActivity: (activity: string) => `Microsoft 365 associations have one activity: ${activity}`,
    askPartnerId: 'What is the Partner ID (digits) of your partner location that did the work?',
    askPartnerIdKnown: 'What is the Partner ID (digits) of your partner location that did the work? Pick one you used before or type another.',
    askDomain: 'What is the customer\'s domain (for example contoso.com or contoso.onmicrosoft.com)?',
    askTenantId: 'What is the customer\'s tenant ID (a GUID such as 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b)?',
    tenantCheckedOnReview: 'Noted. The match between the domain and the tenant ID will be checked on review.',
    tenantMatches: 'The domain and the tenant ID match.',
    askWorkloads:
      'Which Microsoft 365 workloads? Pick one or more on the card, or type their names or numbers separated by commas.',
    workloadsCardTitle: 'Workloads',
    workloadsCardButton: 'Use these workloads',
    askProduct: 'Which product?',
    askSubscriptionId:
      'What is the subscription ID (a GUID)? Only Volume Licensing or Web-Direct subscriptions are eligible: CSP subscriptions are not.',
    askCustomerName: 'Customer contact: what is their name?',
    askCustomerTitle: 'Customer contact: what is their job title?',
    askCustomerEmail: 'Customer contact: what is their e-mail address? The customer will be told about the association there.',
    askTechnicalName: 'Dynamics 365 needs a customer technical contact: what is their name?',
    askTechnicalEmail: 'Customer technical contact: what is their e-mail address?',
    askPartnerContact: (name: string, email: string) => `Partner contact: shall I use you, ${name} (${email})?`,
    askPartnerName: 'Partner contact: what is their name?',
    askPartnerEmail: 'Partner contact: what is their e-mail address?',
    askPoe:
      'Attach the proof of execution (for example the statement of work signed by the customer), or type "later" to keep the claim as a Draft for now.',
    poeReceiving: 'Receiving your file…',
    poeStored: (name: string, size: string) => `Got it: ${name} (${size}).`,
    poeLater: 'OK, the claim will stay a Draft until you add the proof of execution.',
    askName: (suggestion: string) => `Give the claim a name (your own label). Suggested: "${suggestion}"`,
    askComments: 'Any comments for the reviewer? Type them, or "none".',
    summaryTitle: 'Your customer association',
    summaryIntro: 'Check everything, then submit.',
    summaryDraftNote: 'No proof of execution yet: submitting saves the claim as a Draft.',
    summarySubmit: 'Submit',
    summarySaveDraft: 'Save as Draft',
    summaryEdit: 'Edit a field',
    summaryCancel: 'Cancel',
    summaryRetry: 'Use the buttons on the summary: Submit, Edit a field or Cancel.',
    askEditField: 'Which field do you want to change?',
    fields: {
      solutionArea: 'Solution area and activity',
      partnerId: 'Partner ID',
      customer: 'Customer domain and tenant ID',
      coverage: 'Workloads / product and subscription',
      customerContact: 'Customer contact',
      technicalContact: 'Customer technical contact',
      partnerContact: 'Partner contact',
      poe: 'Proof of execution',
      name: 'Claim name',
      comments: 'Comments',
    },
    labels: {
      program: 'Program',
      solutionArea: 'Solution area',
      activity: 'Activity',
      partnerId: 'Partner ID',
      customerDomain: 'Customer domain',
      customerTenantId: 'Customer tenant ID',
      workloads: 'Workloads',
      product: 'Product',
      subscriptionId: 'Subscription ID',
      customerContact: 'Customer contact',
      technicalContact: 'Technical contact',
      partnerContact: 'Partner contact',
      poe: 'Proof of execution',
      name: 'Claim name',
      comments: 'Comments',
      status: 'Status',
      claimId: 'Claim ID',
    },
    noPoe: 'none yet (Draft)',
    noComments: '—',
    submitted: (id: string) =>
      `Submitted: claim ${id}. What happens next: a Microsoft reviewer validates it (you will hear from me here at every step). ` +
      'Once approved, the customer is notified and has 5 business days to opt out; if they do not, the association becomes official.',
    savedDraft: (id: string) =>
      `Saved as a Draft: claim ${id}. Add the proof of execution to submit it for review.`,
    competing:
      'Note: another partner already holds a claim on this customer tenant and workload. Both claims go to the reviewer, who decides on the proofs of execution.',
    duplicate: (name: string, id: string, status: string) =>
      `Your organisation already has an open claim on this customer tenant and workload: "${name}" (${id}, ${status}). Nothing new was stored.`,
    inProgress: 'Another submission for this customer tenant and workload is being stored right now. Try again in a minute.',
    alreadySubmitted: (id: string, status: string) => `This claim was already stored as ${id} (${status}). Nothing new was stored.`,
    noActiveSummary: 'That summary is no longer active (it was cancelled or replaced). Say "new association" to start again.',
    nothingToCancel: 'There is nothing to cancel right now.',
  },
  validation: {
    required: 'Please give an answer.',
    tooLong: (max: string) => `That is too long: at most ${max} characters.`,
    nameTooShort: (min: string) => `That is too short: at least ${min} characters.`,
    partnerIdFormat: 'A Partner ID is 4 to 10 digits, for example 1234567 (the Partner ID of your location, formerly MPN ID).',
    domainFormat: 'That is not a domain name. Type the customer\'s domain, for example contoso.com.',
    guidFormat: 'That is not a GUID. It looks like 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b (32 hex digits in 5 groups).',
    emailFormat: 'That is not an e-mail address, for example jane.doe@contoso.com.',
    unknownWorkload: (what: string) => `"${what}" is not in the list of workloads. Use the names or numbers shown.`,
    unknownProduct: (what: string) => `"${what}" is not in the list of products. Pick one of the buttons.`,
    activityNotAllowed: 'That activity is not available for this solution area.',
    domainTenantMismatch: (domain: string) =>
      `Domain-tenant mismatch: ${domain} does not belong to that tenant ID. Confirm the tenant ID and the domain with the customer, then type the tenant ID again (or "cancel").`,
    unknownDomain: (domain: string) =>
      `No Microsoft tenant owns ${domain}. Check the domain with the customer; type the tenant ID again, or "cancel" and start over with the right domain.`,
    lookupUnavailable: 'I could not check the domain against the tenant just now; the match will be checked on review.',
    poeMissing: 'Attach a file with the proof of execution, or type "later".',
    poeTooLarge: (max: string) => `That file is too large: the limit is ${max}. Attach a smaller file or type "later".`,
    poeNotAllowed: 'I cannot read that attachment. Upload the file itself in this chat, or type "later".',
    poeFailed: 'I could not download that file. Try attaching it again, or type "later".',
    poeEmpty: 'That file is empty. Attach the proof of execution, or type "later".',
    choice: 'Please pick one of the buttons.',
  },
};

export type Strings = typeof en;
