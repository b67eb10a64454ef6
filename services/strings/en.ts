// Every user-facing English text: the chat (bot/), the customer's e-mail and opt-out page. it.ts must provide the
// same keys (the type checker enforces it).
import { LIMITS } from '../domain/validation';
/** The partner named in the customer's e-mail. */
export interface PartnerParams {
  partnerName: string;
  partnerEmail: string;
  partnerId: string;
}

export const en = {
  languageName: 'English',
  welcome: {
    heading: 'Welcome to CPOR Assistant',
    intro:
      'I help Microsoft partners claim customers as Claiming Partner of Record (CPOR) for OSA Sell, ' +
      'OSU Microsoft 365 and OSU Business Applications, and follow each claim until it is official.',
    teamIntro:
      'I post claims to review in a channel of this team. A reviewer can say "use this channel for reviews" here; an Incentives admin ' +
      'can say "use this channel for our associations" to have every notice about their organisation\'s associations posted here.',
  },
  help: {
    heading: 'What I can do',
    intro: 'Type one of these, or pick a button:',
    notUnderstood: (text: string) => `Sorry, I didn't understand "${text}". Here is what I can do.`,
    demoMode: 'Demo mode: no roles are configured, so everyone may act as partner and reviewer. Set ROLES_FILE or the ' + 'role groups to enforce roles.',
    newClaimButton: 'New association',
    topics: [
      { title: 'new association', text: 'Create a customer association (claim): on one card, or one question at a time.' },
      { title: 'help', text: 'Show this list. In the middle of a question, "cancel" stops it.' },
      { title: 'review queue', text: 'Reviewers: the claims waiting for a decision, oldest first, with filters.' },
    ],
    about: (optOutDays: number) => ({
      title: 'About CPOR',
      text:
        'A claim links your organisation to a customer tenant and a workload (Microsoft 365) or subscription ' +
        `(Business Applications). Microsoft validates every claim; once approved the customer has ${optOutDays} business ` +
        'days to opt out, then the association becomes official.',
    }),
  },
  cards: {
    formSent: 'Sent',
    /** A button of a dialog card from an earlier step (the dialog has moved on, or ended). */
    notCurrent: 'That card is from an earlier step and is no longer current: your answer there stays as it was. Your claim is here now:',
    notCurrentNoDialog: 'That card is from an earlier step and is no longer current: your answer there stays as it was. No claim is being written now.',
    /** A shared card's button in a channel: answered for the one who clicked, the card stays as it is for everyone. */
    answeredBelow: (what: string) => `${what}: answered below.`,
  },
  errors: {
    unknownAction: 'This button is not something I know how to handle. Type "help" to see what I can do.',
    forbidden: 'Your roles do not allow this. Nothing was changed.',
    threadFull: (max: number) => `This claim's comments thread is full (${max} comments). Nothing was added.`,
    generic: 'Sorry, something went wrong on my side and your last message was not processed. Please try again in a moment.',
    inputTooLarge: (inputs: number, kb: number) =>
      `That card sent more than I accept (at most ${inputs} fields and ${kb} KB in all). Nothing was changed: shorten what you typed and try again.`,
    stateTooLarge: (kb: number) =>
      `That is more than I can keep for this conversation (at most ${kb} KB). Nothing was changed: shorten what you typed and try again.`,
    cardTooLarge: 'The answer is too large for Teams to show. Open the claim from "my associations", or ask an administrator to look at the log.',
  },
  commands: {
    help: ['help', 'menu', '?', 'what can you do', 'commands', 'hi', 'hello', 'start'],
    newClaim: ['new association', 'new claim', 'claim a customer', 'create association', 'create a claim', 'new'],
    submit: ['submit', 'send'],
    edit: ['edit', 'edit a field', 'change'],
    cancel: ['cancel', 'stop', 'quit', 'abort'],
    reviewChannel: ['use this channel for reviews', 'review here', 'reviews here'],
    organisationChannel: ['use this channel for our associations', 'our associations here'],
    export: ['export', 'export my associations', 'download associations', 'csv'],
    myClaims: ['my associations', 'status', 'my claims', 'list', 'manage associations'],
    reviewQueue: ['review queue', 'reviews to do', 'queue'],
    stopReminders: ['stop reminders', 'no reminders'],
    resumeReminders: ['resume reminders', 'start reminders'],
    /** In the middle of a claim, after "new association": go on with it, or start a new one. */
    resume: ['continue', 'go on', 'resume'],
    startOver: ['start over', 'start again', 'restart'],
    /** The language the user wants answers in, whatever their Teams locale says. */
    english: ['language', 'english', 'language english', 'in english'],
    italian: ['italian', 'language italian', 'in italian'],
  },
  /** A contact (customer, technical, partner) asked on one small card, or typed in one line. */
  /** The customer contact's e-mail must reach the customer (services/domain/consent.ts). */
  consent: {
    partnerDomain: (email: string, customerDomain: string) =>
      `${email} is on your own organisation's domain. The customer is asked for consent at this address, so it must be the customer's: give the customer contact's e-mail at ${customerDomain}.`,
    otherTenant: (email: string, customerDomain: string) =>
      `${email} does not belong to the customer tenant (the one of ${customerDomain}). The customer is asked for consent at this address: give an e-mail of the customer's own organisation.`,
    outsideDomain: (email: string, customerDomain: string) =>
      `${email} is not on ${customerDomain} or a subdomain of it. The customer is asked for consent at this address: give the customer contact's e-mail at ${customerDomain}.`,
    lookupFailed: "I could not check that the customer contact's e-mail belongs to the customer tenant: a reviewer will check it before approving.",
    editFlagged: 'The customer contact could not be verified: a reviewer will check it with the customer before approving.',
  },
  contact: {
    who: {
      customerContact: 'Customer contact',
      technicalContact: 'Dynamics 365 needs a customer technical contact',
      partnerContact: 'Partner contact',
    },
    askAll: (who: string, withTitle: boolean) =>
      withTitle
        ? `${who}: their name, job title and e-mail, on the card or in one line, for example "Nina North, CIO, nina@northwind.com".`
        : `${who}: their name and e-mail, on the card or in one line, for example "Nina North, nina@northwind.com".`,
    askRest: (who: string, missing: string) => `${who}: I still need their ${missing}.`,
    customerNote: 'The customer is told about the association at this e-mail.',
    missing: { name: 'name', title: 'job title', email: 'e-mail' },
    and: 'and',
    labels: { name: 'Name', title: 'Job title', email: 'E-mail' },
    placeholders: { name: 'Nina North', title: 'CIO', email: 'nina@northwind.com' },
    button: 'Use this contact',
    taken: (who: string, parts: string) => `${who}: ${parts}.`,
    nameIsEmail:
      'A name cannot be, or hold, an e-mail address: put the e-mail in its own field, or write the contact in one line ("Nina North, CIO, nina@northwind.com").',
    titleIsEmail: 'A job title cannot be, or hold, an e-mail address: put the e-mail in its own field.',
    twoEmails: 'I found two e-mail addresses: give one contact at a time, with one e-mail.',
    tooManyParts:
      'I could not tell the name from the job title: write the name, the job title and the e-mail separated by commas, for example "Nina North, CIO, nina@northwind.com".',
    empty: 'Write the contact (name, job title, e-mail), or fill in the card.',
  },
  language: {
    set: 'From now on I answer you in English. (Per l\'italiano scrivi "lingua".)',
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
  /** A rejection that can no longer be disputed. */
  rejectedFinal: 'Rejected, final',
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
    askDomain: "What is the customer's domain (for example contoso.com or contoso.onmicrosoft.com)?",
    askTenantId: "What is the customer's tenant ID (a GUID such as 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b)?",
    tenantCheckedOnReview: 'Noted. The match between the domain and the tenant ID will be checked on review.',
    tenantMatches: 'The domain and the tenant ID match.',
    askWorkloads: 'Which Microsoft 365 workloads? Pick one or more on the card, or type their names or numbers separated by commas.',
    workloadsCardTitle: 'Workloads',
    workloadsCardButton: 'Use these workloads',
    askProduct: 'Which product?',
    askSubscriptionId: 'What is the subscription ID (a GUID)? Only Volume Licensing or Web-Direct subscriptions are eligible: CSP subscriptions are not.',
    askPartnerContact: (name: string, email: string) => `Partner contact: shall I use you, ${name} (${email})?`,
    askPoe: 'Attach the proof of execution (for example the statement of work signed by the customer), or type "later" to keep the claim as a Draft for now.',
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
    /** What became of one workload apart from the claim, shown beside it: "Microsoft Teams (on hold)". */
    slotResults: { held: 'on hold', lost: 'went to another partner', superseded: "ended: another partner's association" },
    withResult: (workload: string, result: string) => `${workload} (${result})`,
    noComments: '—',
    submitted: (id: string, days: number) =>
      `Submitted: claim ${id}. What happens next: a Microsoft reviewer validates it (you will hear from me here at every step). ` +
      `Once approved, the customer is notified and has ${days} business days to opt out; if they do not, the association becomes official.`,
    savedDraft: (id: string) => `Saved as a Draft: claim ${id}. Add the proof of execution to submit it for review.`,
    competing:
      'Note: another partner already holds a claim on this customer tenant and workload. Both claims go to the reviewer, who decides on the proofs of execution.',
    duplicate: (name: string, id: string, status: string) =>
      `Your organisation already has an open claim on this customer tenant and workload: "${name}" (${id}, ${status}). Nothing new was stored.`,
    inProgress: 'Another submission for this customer tenant and workload is being stored right now. Try again in a minute.',
    alreadySubmitted: (id: string, status: string) => `This claim was already stored as ${id} (${status}). Nothing new was stored.`,
    noActiveSummary: 'That summary is no longer active (it was cancelled or replaced). Say "new association" to start again.',
    nothingToCancel: 'There is nothing to cancel right now.',
  },
  review: {
    title: (name: string) => `CPOR claim review: ${name}`,
    status: (status: string, id: string) => `${status} · ${id}`,
    competing: 'Competing claim: another partner holds an open claim on the same customer tenant and workload. Compare the proofs of execution below.',
    held: (workloads: string) =>
      `On hold for ${workloads}: another partner's claim on the same customer tenant and workload was approved first. It cannot be approved until that approval becomes official (then ${workloads} goes to the other partner and the rest may be approved) or ends (then it resumes where it was).`,
    competitorHeading: (i: number) => `Competing claim ${i}`,
    history: 'History',
    refresh: 'Refresh',
    reviewerSide: 'reviewer',
    partnerSide: 'partner',
    startReview: 'Start review',
    approve: 'Approve',
    reject: 'Reject',
    requestInfo: 'Request information',
    confirmReject: 'Reject the claim',
    confirmRequest: 'Send the request',
    reasonLabel: 'Reason',
    /** What the reviewer reads for each rejection reason (the reason itself is stored and sent verbatim). */
    rejectionReasons: {
      'Insufficient proof of execution': 'Insufficient proof of execution',
      'Domain–tenant mismatch': 'Domain–tenant mismatch',
      'Customer contact not verified': 'Customer contact not verified',
      'Partner request': 'Partner request',
    },
    commentLabel: 'Comment (the partner sees it)',
    /** What an empty required input of a reviewer's form needs, per form. */
    formErrors: {
      'review.reject': { reason: 'Give a reason for the rejection.', comment: 'Write a comment for the partner on the rejection.' },
      'review.requestInfo': { reason: 'Pick the information that is missing.', comment: 'Write what the partner should send or explain.' },
    },
    commentError: 'Write your comment.',
    openPoe: (name: string) => `Open PoE: ${name}`,
    showDetails: 'Show details',
    hideDetails: 'Hide details',
    backToQueue: 'Back to queue',
    declinedByCustomer: (when: string) => `Declined by the customer through the opt-out link, ${when}`,
    customerViaOptOut: 'the customer (opt-out link)',
    actedBy: (who: string, what: string, when: string) => `${what} by ${who}, ${when}`,
    labels: {
      partnerOrganisation: 'Partner organisation',
      submittedBy: 'Submitted by',
      reviewer: 'Reviewer',
      createdAt: 'Created',
      poe: 'Proof of execution',
      deadline: 'Partner answer due',
      tenantCheck: 'Domain–tenant check',
      waiting: 'Waiting for a reviewer',
      customerMail: 'Customer e-mail',
      contactCheck: 'Customer contact check',
    },
    actions: {
      created: 'created',
      submit: 'submitted',
      startReview: 'started the review',
      approve: 'approved',
      reject: 'rejected',
      requestInfo: 'asked for information',
      partnerRespond: 'answered',
      expirePartnerAction: 'no answer in time',
      customerDecline: 'customer declined',
      makeOfficial: 'became official',
      withdraw: 'withdrew',
      dispute: 'disputed',
      rejectCompeting: "rejected: another partner's claim became official",
      supersede: "ended: another partner's association became official",
      hold: 'put on hold',
      resume: 'resumed',
      loseSlots: 'lost workloads to another partner',
      edit: 'edited',
      resendCustomerMail: 'sent the customer e-mail again',
      undo: 'undid',
    },
    errors: {
      unknownClaim: 'This claim does not exist (or the card was altered). Nothing was changed.',
      notReviewer: 'Only reviewers can do this. Nothing was changed.',
      otherTenant: "Reviews are done from the reviewers' organisation. Nothing was changed.",
      notAllowed: (status: string) => `Not possible while the claim is ${status}. Nothing was changed.`,
      alreadyDecided: (who: string, status: string) => `Already decided by ${who}: the claim is now ${status}. Nothing was changed.`,
      reasonRequired: 'Pick a reason from the list. Nothing was changed.',
      commentRequired: `A comment is required (at most ${LIMITS.comments} characters). Nothing was changed.`,
      notOwner: "Only your organisation's incentives users can answer for this claim. Nothing was changed.",
      personalOnly: "Your organisation's claims are answered and shown only in your 1:1 chat with me. Nothing was changed.",
      nothingToResend: 'The customer e-mail has not failed (it was sent or is on its way), or the claim has moved on. Nothing was changed.',
      undoTooLate: 'Too late to undo: it has taken effect. Nothing was changed.',
      nothingToUndo: 'There is nothing to undo on this claim now (it has changed since). Nothing was changed.',
      undoSlotTaken:
        "This withdrawal can no longer be undone: another partner's claim on the same customer tenant and workload was approved meanwhile. Nothing was changed.",
      contactNotChecked:
        'The customer contact of this claim could not be verified: check it with the customer, then tick "I checked the customer contact" and approve again. Nothing was changed.',
    },
    working: 'Working on it: the card will update in a moment.',
    /** The customer contact's e-mail and what is known of it (services/domain/consent.ts); ⚠: the reviewer must check it. */
    contactChecks: {
      tenantMatched: (email: string) => `${email}: its domain belongs to the customer tenant (Microsoft Graph)`,
      customerDomain: (email: string) => `${email}: on the customer domain`,
      lookupFailed: (email: string) => `⚠ Not verified: ${email} could not be looked up when it was entered. Check it with the customer before approving.`,
      otherTenant: (email: string) =>
        `⚠ Not verified: ${email} is not on the customer tenant's domains (changed by an edit). Check it with the customer before approving.`,
      outsideDomain: (email: string) =>
        `⚠ Not verified: ${email} is not on the customer domain (changed by an edit). Check it with the customer before approving.`,
      partnerDomain: (email: string) =>
        `⚠ Not verified: ${email} is on the partner's own domain: the customer would never see the notice. Check it with the customer before approving.`,
      notChecked: (email: string) =>
        `⚠ Not verified: ${email} was never checked (entered before the check existed). Check it with the customer before approving.`,
    },
    contactCheckedToggle: 'I checked the customer contact',
    contactCheckedError: 'Tick this once you have checked the customer contact with the customer.',
    tenantChecks: {
      matched: 'Matched through Microsoft Graph',
      notChecked: 'Not checked (Graph is not configured): confirm the domain and tenant ID belong together',
      lookupFailed: 'The lookup failed when the claim was entered: confirm the domain and tenant ID belong together',
    },
    waitingDays: (days: number) => (days === 1 ? '1 business day' : `${days} business days`),
    overdue: (days: number, limit: number) => `Overdue: waiting for a reviewer for ${days} business days (the target is ${limit}).`,
    approveEffects: ({ holds, supersedes }: { holds: number; supersedes: number }) =>
      [
        holds > 0
          ? `Approving puts ${holds === 1 ? '1 competing claim' : `${holds} competing claims`} of other partners on hold on the shared workloads: they lose them when this one becomes official, and resume if it does not.`
          : '',
        supersedes > 0
          ? `Another partner's ${supersedes === 1 ? 'association' : `${supersedes} associations`} on this workload will end when this one becomes official.`
          : '',
        "Each partner is told, without the other's name.",
      ]
        .filter(Boolean)
        .join(' '),
    confirmApprove: 'Confirm the approval',
    customerMailFailed: (error: string) =>
      `Could not be sent (${error}): the claim stays Approved until it is. Send it again once the cause is fixed, or reject the claim and ask the partner for the right contact.`,
    resendCustomerMail: 'Send the customer e-mail again',
    customerMailPending: 'Not sent yet: the opt-out window starts when it is.',
    customerMailSent: (when: string) => `Sent ${when}`,
    undo: 'Undo',
    undoNote: (action: 'approve' | 'withdraw', when: string) =>
      `${action === 'approve' ? 'Approved' : 'Withdrawn'}: takes effect at ${when}. Until then, Undo puts the claim back as it was.`,
    undone: (action: 'approve' | 'withdraw') => `Undone: ${action === 'approve' ? 'the approval' : 'the withdrawal'}. Nothing left the bot.`,
    /** A click on a card older than the claim: the current card, and what changed since the clicked one. */
    outOfDate: (changes: string) => `This card was out of date, so nothing was done. Since it was shown: ${changes}. This is the claim now.`,
    changes: {
      mailSent: (when: string) => `the customer e-mail left ${when}`,
      comment: (who: string) => `a comment from ${who}`,
      unknown: 'the claim changed',
    },
    channelSet: 'This channel now receives the CPOR claims to review.',
    channelOnlyReviewers: 'Only reviewers can choose the review channel.',
    channelOnlyInChannel: 'Say this in the team channel that should receive the claims to review.',
  },
  /** An organisation's own channel, where every notice about its claims is also posted. */
  organisationChannel: {
    set: "This channel now receives every notice about your organisation's associations, as well as the people told in their own chat.",
    onlyAdmins: "Only an Incentives admin of your organisation can choose your organisation's channel.",
    onlyInChannel: "Say this in the team channel that should receive your organisation's association notices.",
  },
  reminders: {
    stopped:
      'Reminders are stopped for your organisation: I will not remind anyone of answers due or Drafts left idle. Say "resume reminders" to have them again.',
    resumed: 'Reminders are on again for your organisation.',
    adminOnly: 'Only an Incentives admin of the organisation can stop or resume its reminders, in the 1:1 chat with me.',
  },
  digest: {
    title: (day: string) => `CPOR review digest, ${day}`,
    overdue: (limit: number) => `Waiting for a reviewer longer than ${limit} business days`,
    disputes: 'Disputed rejections under review',
    pairs: 'Competing claims (customer tenant · slot: organisations)',
    none: 'None.',
    more: (n: number) => `… and ${n} more`,
    openQueue: 'Open the review queue',
  },
  queue: {
    exportButton: 'Export these (CSV)',
    exportTitle: 'The review queue as a CSV file',
    exportText:
      "Every organisation's claims matching the queue's filters, all fields. The link works for 15 minutes; it gives access to every organisation's data, do not forward it.",
    title: 'Claims waiting for a reviewer',
    intro: "Every organisation's claims waiting for a decision, longest waiting first.",
    labels: {
      status: 'Status',
      solutionArea: 'Solution area',
      activity: 'Activity',
      organisation: 'Partner organisation (name or tenant ID)',
      competingOnly: 'Competing claims only',
      mineOnly: 'Only the ones I started',
    },
    statuses: { Submitted: 'Submitted', UnderReview: "Under review (anyone's)", disputed: 'Disputed', answered: 'Partner answered' },
    apply: 'Apply filters',
    next: 'Next page',
    open: 'Open',
    empty: 'No claim is waiting for a reviewer with these filters.',
    row: (status: string, age: string, organisation: string, customer: string, coverage: string, activity: string) =>
      `${status} · waiting ${age} · ${organisation} · ${customer} · ${coverage} · ${activity}`,
    overdue: 'OVERDUE',
    competing: 'Competing',
    disputed: 'Disputed',
    answered: 'Partner answered',
    reviewer: (name: string) => `Reviewer: ${name}`,
    notAllowed: 'Only reviewers can see the review queue.',
    whereOnly: 'The review queue is shown in your 1:1 chat with me or in the review channel.',
    badPage: 'This page of the queue is no longer valid. Type "review queue" to open it again.',
  },
  manage: {
    title: "Your organisation's associations",
    any: 'Any',
    apply: 'Apply filters',
    next: 'Next page',
    back: 'Back to the list',
    empty: 'No associations match.',
    labels: { status: 'Status', solutionArea: 'Solution area', activity: 'Activity', workload: 'Workload / product', customer: 'Customer domain or tenant ID' },
    row: (status: string, customer: string, coverage: string, activity: string, changed: string) =>
      `${status} · ${customer} · ${coverage} · ${activity} · changed ${changed}`,
    withdraw: 'Withdraw / disassociate',
    withdrawLabel: 'Reason (required; the reviewer sees it)',
    withdrawConfirm: 'Withdraw the association',
    dispute: 'Dispute the rejection',
    disputeLabel: 'Justification (required)',
    disputeConfirm: 'Send the dispute',
    disputedNote: 'Disputed: the rejection is being reviewed again.',
    withdrawn: (name: string) => `"${name}" was withdrawn. The customer will not be contacted again.`,
    disputed: (name: string) => `Your dispute of "${name}" was sent: the claim is under review again.`,
    disputedWithProof: (name: string, file: string) =>
      `Your dispute of "${name}" was sent with the new proof of execution ${file}: the claim is under review again.`,
    proofKept: (file: string) =>
      `I kept ${file} for an hour: it goes with your next answer to a reviewer's request for information, or with a dispute of a ` +
      'rejection (open the claim in "my associations" and choose "Dispute the rejection").',
    proofNotKept:
      'Outside a claim, I keep a file only for an Incentives admin\'s or user\'s answer to a request or dispute. To create a claim with it, say "new association".',
    disputeProofNote: 'To dispute with a new proof of execution, send the file in this chat first, then choose "Dispute the rejection": the file goes with it.',
    formErrors: {
      'claim.comment': 'Write your comment.',
      'claim.withdraw': 'Give a reason for withdrawing the association.',
      'claim.dispute': 'Give a justification for the dispute.',
    },
    optOutUntil: 'Customer may opt out until',
    comments: 'Comments',
    exportTitle: "Your organisation's associations as a CSV file",
    exportText: 'All fields, statuses, dates and the history count, safe to open in Excel. The link works for 15 minutes and only for your organisation.',
    exportButton: 'Download the CSV',
    edit: 'Edit',
    editing: 'Editing the claim: change what you need on the summary, then submit.',
    edited: (id: string, status: string) => `Saved: claim ${id} is now ${status}.`,
    invalidEdit: (problems: string) => `Some answers are not valid (any more): ${problems}. Use "Edit a field" to fix them; nothing was saved.`,
    addComment: 'Add a comment',
    commentLabel: 'Your comment (the other side is told)',
    commentConfirm: 'Send the comment',
    commentSent: 'Comment sent.',
    personalOnly: "Your organisation's associations are shown only in your 1:1 chat with me.",
    errors: {
      noPartnerRole: 'Only incentives users and admins of your organisation can see its associations.',
      adminOnly: 'Only an Incentives admin can do this. Nothing was changed.',
      badPage: 'This page of the list is no longer valid. Type "my associations" to open the list again.',
      reasonRequired: `A reason is required (at most ${LIMITS.comments} characters). Nothing was changed.`,
      disputeRefused: {
        notRejected: 'Only a rejected claim can be disputed. Nothing was changed.',
        withdrawn: 'A claim you withdrew cannot be disputed. Nothing was changed.',
        alreadyDisputed: 'A rejection can be disputed only once, and this one already was. Nothing was changed.',
        declinedByCustomer: 'The customer declined this association, and their decision is final: it cannot be disputed. Nothing was changed.',
      },
      disputeTooLate: (days: number) => `A rejection can be disputed only within ${days} days, and that time has passed. Nothing was changed.`,
      busy: 'Another reviewer is approving a competing claim on the same customer tenant and workload right now. Refresh the card in a minute. Nothing was changed.',
      onHold: (workloads: string) =>
        `This claim is on hold for ${workloads}: another partner's claim there was approved first. It can be approved once that approval becomes official (then without ${workloads}) or ends. Nothing was changed.`,
    },
  },
  partnerNotices: {
    /** Any other change of state (a new action before its own text exists). */
    statusChanged: (name: string, id: string, status: string) => `${name} (${id}): ${status}`,
    reminderAnswerDue: (name: string, id: string, deadline: string) =>
      `Reminder: the reviewer is waiting for your answer on "${name}" (${id}). Answer by ${deadline}, or the claim is rejected.`,
    reminderDraftIdle: (name: string, id: string) =>
      `Reminder: your Draft "${name}" (${id}) has not changed for a week. Add the proof of execution to submit it: say "my associations", open it and choose Edit.`,
    submit: (name: string, id: string) => `Your claim "${name}" (${id}) was submitted for review.`,
    startReview: (name: string, id: string) => `A Microsoft reviewer started reviewing your claim "${name}" (${id}).`,
    approve: (name: string, id: string, deadline: string) =>
      `Your claim "${name}" (${id}) was approved. The customer is being notified and can opt out until ${deadline}; then the association becomes official.`,
    reject: (name: string, id: string, reason: string, comment: string) =>
      `Your claim "${name}" (${id}) was rejected. Reason: ${reason}.${comment ? ` Comment: ${comment}` : ''}`,
    rejectCompeting: (name: string, id: string, workloads: string) =>
      `Your claim "${name}" (${id}) was rejected: ${workloads} went to another partner, whose claim on the same customer tenant and workload became official.`,
    hold: (name: string, id: string, workloads: string) =>
      `Your claim "${name}" (${id}) is on hold for ${workloads}: another partner's claim on the same customer tenant and workload was approved. If that approval ends (declined by its customer, withdrawn or rejected), your claim resumes where it was; if it becomes official, ${workloads} goes to the other partner and the rest of your claim goes on.`,
    resume: (name: string, id: string, workloads: string, status: string) =>
      `Your claim "${name}" (${id}) resumes for ${workloads}: the other partner's approval there has ended. It is ${status}, where it was.`,
    loseSlots: (name: string, id: string, workloads: string, rest: string) =>
      `${workloads} of your claim "${name}" (${id}) went to another partner, whose claim there became official. The rest of your claim goes on: ${rest}.`,
    supersedeSlots: (name: string, id: string, workloads: string, rest: string) =>
      `Your association "${name}" (${id}) has ended for ${workloads}: another partner's association there became official. It stays official for ${rest}.`,
    officialWithout: (workloads: string) => ` Not included: ${workloads}, which went to another partner.`,
    supersede: (name: string, id: string) =>
      `Your association "${name}" (${id}) has ended: another partner's association on the same customer tenant and workload became official.`,
    requestInfo: (name: string, id: string, reason: string, comment: string, deadline: string) =>
      `The reviewer needs more information on your claim "${name}" (${id}): ${reason}.${comment ? ` "${comment}"` : ''} Answer by ${deadline}, or the claim is rejected.`,
    expirePartnerAction: (name: string, id: string, days: number) =>
      `Your claim "${name}" (${id}) was rejected: no partner response within ${days} business days.`,
    customerDecline: (name: string, id: string) => `The customer declined the association of your claim "${name}" (${id}); it is rejected.`,
    makeOfficial: (name: string, id: string, tenant: string, coverage: string) =>
      `Your association with tenant ${tenant} for ${coverage} is now official ("${name}", ${id}).`,
    comment: (name: string, id: string, who: string, text: string) => `${who} commented on your claim "${name}" (${id}): "${text}"`,
    /** Added to a rejection's notice for whoever may not dispute it (an Incentives user, the organisation's channel). */
    /**
     * After a rejection that may be disputed, for an Incentives admin (`until`: the last day, as a date), and for
     * whoever may not dispute (an Incentives user, the organisation's channel): who can.
     */
    disputeHow: (until: string) =>
      `You can dispute it once, with a stronger proof of execution if you have one, by ${until}: say "my associations" and open the claim.`,
    disputeBy: (admins: string, until: string) => `Only an Incentives admin of your organisation can dispute it, once, by ${until}: ${admins}.`,
    disputeByUnknown: (until: string) => `Only an Incentives admin of your organisation can dispute it, once, by ${until}: ask one of them.`,
    answerTitle: 'Your answer to the reviewer',
    answerLabel: 'Your answer',
    answerButton: 'Send and resubmit',
    answered: 'Thanks: your answer was sent and the claim is back under review.',
    answeredWithProof: (file: string) => `Thanks: your answer was sent with the new proof of execution ${file}, and the claim is back under review.`,
    answerError: 'Write your answer to the request.',
    answerProofNote:
      'A new proof of execution (for example a dated, signed SOW)? Send the file in this chat first, then send your answer here: the file goes with it.',
  },
  /** The one-card form, early conflicts, interruptions and the demo sample (issue 13). */
  claimForm: {
    oneCardButton: 'Fill in one card',
    stepsButton: 'One question at a time',
    offerForm: 'Fill in the rest on one card, with what I took already on it, or go on here one question at a time?',
    askModeOrArea: 'Fill in one card (button below), or go step by step. Which solution area is this association for?',
    title: 'New customer association',
    intro: 'Every field on one card. Choose the solution area and activity first: the card changes to match and keeps what you typed.',
    programHeading: 'Solution area and activity',
    programLine: (area: string, activity: string, program: string) => `${area} · ${activity} (${program})`,
    submit: 'Check and continue',
    errorsNotice: (count: number, fields: string) =>
      count === 1
        ? `1 field needs a fix: ${fields}. See the message under it; everything else is kept.`
        : `${count} fields need a fix: ${fields}. See the messages under them; everything else is kept.`,
    /** The form's sections, each opened and closed by its heading (and "Next"). */
    sections: { customer: 'Customer', workloads: 'Workloads', product: 'Product and subscription', contacts: 'Contacts', partner: 'Partner and claim' },
    toFix: (count: number) => (count === 1 ? '1 to fix' : `${count} to fix`),
    next: (section: string) => `Next: ${section}`,
    labels: {
      partnerId: 'Partner ID of your location (digits)',
      customerDomain: 'Customer domain',
      customerTenantId: 'Customer tenant ID (GUID)',
      workloads: 'Microsoft 365 workloads',
      product: 'Product',
      subscriptionId: 'Subscription ID (GUID; Volume Licensing or Web-Direct, not CSP)',
      customerName: 'Customer contact: name',
      customerTitle: 'Customer contact: job title',
      customerEmail: 'Customer contact: e-mail (the customer is told about the association there)',
      technicalName: 'Customer technical contact: name (Dynamics 365 products only)',
      technicalTitle: 'Customer technical contact: job title (Dynamics 365 only)',
      technicalEmail: 'Customer technical contact: e-mail (Dynamics 365 only)',
      partnerName: 'Partner contact: name',
      partnerEmail: 'Partner contact: e-mail',
      name: 'Claim name (your own label; empty: suggested from the domain and what is claimed)',
      comments: 'Comments for the reviewer (optional)',
    },
    placeholders: {
      partnerId: '1234567',
      customerDomain: 'contoso.com',
      customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
      subscriptionId: '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19',
      customerEmail: 'jane.doe@contoso.com',
      partnerEmail: 'you@partner.example',
    },
    partnerIdsUsed: (ids: string) => `Used by your organisation before: ${ids}`,
    pickProduct: 'Pick a product',
    sent: 'Checked: every field is fine',
    accepted: 'Every field is fine. Here is your claim; one step left, the proof of execution.',
    pending: 'Fill in the card above and press "Check and continue", or type "cancel" to stop.',
    stale: 'That form is no longer active. Say "new association" to start again.',
    domainTrimmed: (domain: string) => `I took the domain ${domain} from what you pasted.`,
    duplicateEarly: (name: string, id: string, status: string) =>
      `Your organisation already has an open claim on this customer tenant and workload: "${name}" (${id}, ${status}). ` +
      'Choose other workloads (or another subscription), or type "cancel".',
    competingEarly:
      'Note: another partner already holds a claim on this customer tenant and workload. You can go on: both claims go to the reviewer, who decides on the proofs of execution.',
    openClaim: (id: string) => `Open ${id}`,
    samplePoe: 'Use a sample file (demo)',
    askPoeDemo:
      'Attach the proof of execution (for example the statement of work signed by the customer), type "later" to keep the claim as a Draft, ' +
      'or, in this demo, "Use a sample file (demo)" to attach a generated sample PDF.',
    interruptNewClaim: 'You are in the middle of a customer association. Continue it, or start over?',
    continueButton: 'Continue',
    startOverButton: 'Start over',
    continuing: "OK, let's continue where we were.",
    emptySelection: 'Pick at least one workload, then press the button again.',
    sentenceTaken: (lines: string) =>
      `From what you wrote I took:\n\n${lines}\n\nI'll ask only what is missing. The claim name will be the suggested one and there will be no comments: change them on the summary with "Edit a field".`,
    /** What the Troubleshoot button sends: the topic list's phrase. */
    troubleshootCommand: 'troubleshoot',
    commandButtons: {
      myClaims: 'My associations',
      export: 'Export',
      troubleshoot: 'Troubleshoot',
      reviewQueue: 'Review queue',
    },
  },
  validation: {
    required: 'Please give an answer.',
    tooLong: (max: string) => `That is too long: at most ${max} characters.`,
    nameTooShort: (min: string) => `That is too short: at least ${min} characters.`,
    partnerIdFormat: 'A Partner ID is 4 to 10 digits, for example 1234567 (the Partner ID of your location, formerly MPN ID).',
    domainFormat: "That is not a domain name. Type the customer's domain, for example contoso.com.",
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
    poeTooMany: (max: number) => `Attach at most ${max} file at a time: the proof of execution is one file. Nothing was kept.`,
    choice: 'Please pick one of the buttons.',
  },
  /**
   * The customer notice of an approved claim (services/customerNotice.ts), sent by e-mail. Every template receives
   * the claim's values and returns plain text: the composer renders each one as is for the text part and, for the
   * HTML part, with placeholders it escapes and fills itself, so these texts must not contain HTML.
   */
  customerNotice: {
    /** BCP 47 locale for Intl formatting and the HTML lang attribute. */
    locale: 'en-GB',
    subject: (p: { domain: string }) => `Microsoft partner association request for ${p.domain}`,
    preheader: (p: { deadline: string }) => `A Microsoft partner asked to be associated with your organisation. You can opt out until ${p.deadline}.`,
    /** A deadline at the end of a day, stated as that date (a window of business days ends with its last one). */
    endOfDay: (p: { date: string; zone: string }) => `${p.date} (until the end of the day, ${p.zone} time)`,
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
      "Accepting this association gives the partner access to some of your organisation's data: the usage " +
      `and sold seats data of the workloads ${p.workloads} in your tenant.`,
    dataSubscription: (p: { product: string; subscriptionId: string }) =>
      "Accepting this association gives the partner access to some of your organisation's data: the usage " +
      `and sold seats data of your ${p.product} subscription ${p.subscriptionId}.`,
    decisionHeading: 'What you need to do',
    silence: (p: { deadline: string; tenantId: string }) =>
      'Nothing, if you agree: unless you opt out, the association between this partner and your tenant ' +
      `${p.tenantId} for the items above becomes official after ${p.deadline}.`,
    optOut: (p: { deadline: string }) => `If you do not want it, or you do not know this partner, opt out by ${p.deadline} with this link:`,
    optOutButton: 'Opt out of this association',
    reference: (p: { claimId: string }) => `Reference: claim ${p.claimId}. Please quote it if you contact us.`,
    footer: 'This is an automated message from CPOR Assistant about Microsoft partner associations. Please do not reply to it.',
  },
  /** The customer's opt-out page (bot/web/optOutPages.ts); every value is escaped when the page is built. */
  optOutPage: {
    lang: 'en',
    dateLocale: 'en-GB',
    siteName: 'Microsoft partner association',
    heading: 'A Microsoft partner asked to be associated with your organisation',
    lead:
      'A Microsoft partner asked Microsoft to associate their organisation with yours as Claiming Partner of Record ' +
      '(CPOR), and Microsoft approved the request. You can decline it on this page.',
    deadline: (when: string) => `You can decline until ${when}.`,
    labels: {
      partnerOrganisation: 'Partner organisation',
      partnerContact: 'Partner contact',
      partnerId: 'Partner ID',
      customerDomain: 'Your domain',
      customerTenantId: 'Your tenant ID',
      workloads: 'Workloads',
      product: 'Product',
      subscriptionId: 'Subscription ID',
    },
    accessHeading: 'What the association gives the partner',
    accessWorkloads: 'Accepting this association gives the partner access to the usage and sold seats data of these workloads in your tenant.',
    accessSubscription: 'Accepting this association gives the partner access to the usage and sold seats data of this subscription.',
    ifNothing: 'To accept, do nothing: after the deadline the association becomes official.',
    declineHint: 'If you decline, the association is rejected and the partner is told that you declined.',
    declineButton: 'Decline association',
    declinedTitle: 'Association declined',
    declined: 'You declined the association. The partner will be told.',
    alreadyDeclined: 'You already declined this association.',
    confirmTitle: (partner: string) => `Decline the association with ${partner}?`,
    confirmLead: 'If you decline, the association is rejected for good and the partner is told that you declined. If you keep it, nothing changes.',
    confirmDecline: 'Decline',
    keep: 'Keep',
    keptTitle: 'Association kept',
    kept: (when: string) => `Nothing was changed. You can still decline until ${when} with the link in the e-mail.`,
    nothingElse: 'There is nothing else to do. You can close this page.',
    closedTitle: 'Association no longer open to decline',
    closed: 'This association can no longer be declined here.',
    invalidTitle: 'Link not valid',
    invalid: 'This link is not valid.',
    invalidHint: 'Check that you opened the whole link from the e-mail.',
    expiredTitle: 'Link expired',
    expired: (when: string) => `This link has expired (the opt-out period ended on ${when}).`,
    tooManyTitle: 'Too many requests',
    tooMany: 'Too many requests from your network. Please wait a minute and try again.',
    failedTitle: 'Something went wrong',
    failed: 'Something went wrong on our side. Please try again in a few minutes.',
  },
  // verbs
  cardData: {
    /** A button whose data is not what its verb sends (an altered or outdated card): refused before anything is done. */
    invalid: 'This button sent data I do not expect (the card may be outdated or altered). Nothing was changed: open it again from the chat.',
  },
  // fields
  /**
   * What the bot recognises in what people type, in this language: regular-expression fragments (case is ignored).
   * Each is recognised whatever the user's language (services/strings/phrases.ts joins every language's).
   */
  phrases: {
    /** Words a troubleshooting question starts with (one ending in an apostrophe is a whole elided word). */
    questionStart: ['what', 'where', 'how', 'why', 'which', 'who', 'when', 'can', 'do', 'does', 'is'],
    /** Said before the verb of a claim sentence. */
    please: ['please'],
    /** Verbs that start a claim sentence. */
    claimVerbs: ['claim', 'new (?:association|claim)', 'associate', 'register', 'create (?:an? )?(?:association|claim)'],
    /** The words before a value that say what it is, in a claim sentence. */
    labels: {
      subscription: ['subscription(?:\\s+id)?', 'sub(?:\\s+id)?'],
      tenant: ['tenant', 'tenant id'],
      partnerId: ['partner\\s*id', 'pid', 'mpn(?:\\s*id)?'],
      customer: ['customer(?:\\s+contact|\\s+e-?mail)?'],
      technical: ['technical(?:\\s+contact)?'],
      partner: ['partner(?:\\s+contact|\\s+e-?mail)?'],
    },
    /** "partner id is 1234567": the verb between a label and its value. */
    is: ['is'],
    /** Words before a phone number (a number after one is not a Partner ID). */
    phone: ['phone', 'tel', 'telephone', 'cell', 'mobile'],
    activities: { presales: ['pre-?sales?', 'build intent', 'advisor'], revenueAssociation: ['revenue(?: association)?'], usage: ['usage'] },
    areas: { businessApplications: ['business applications', 'dynamics'], microsoft365: ['microsoft 365', 'm365', 'office 365', 'o365'] },
    /** A contact typed on one line: the labels that say which part a piece is ("title: CIO"). */
    contactLabels: { name: ['name', 'full name'], title: ['title', 'job title', 'role', 'position'], email: ['e-?mail', 'mail'] },
    /** Words job titles are made of: a piece holding one is the job title, whatever its place. */
    titleWords: [
      'ceo',
      'cto',
      'cio',
      'cfo',
      'coo',
      'cmo',
      'cso',
      'cdo',
      'cpo',
      'ciso',
      'vp',
      'vice',
      'president',
      'director',
      'head',
      'manager',
      'lead',
      'officer',
      'administrator',
      'admin',
      'engineer',
      'architect',
      'consultant',
      'specialist',
      'owner',
      'chief',
      'founder',
      'analyst',
      'coordinator',
      'supervisor',
      'it',
    ],
  },
};

export type Strings = typeof en;
