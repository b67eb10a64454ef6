// Tutti i testi per l'utente in italiano (it-IT, la lingua del seed). Stesse chiavi di en.ts.
import { LIMITS } from '../domain/validation';
import type { Strings } from './en';

export const it: Strings = {
  languageName: 'Italiano',
  welcome: {
    heading: 'Benvenuto in CPOR Assistant',
    intro:
      'Aiuto i partner Microsoft a rivendicare i clienti come Claiming Partner of Record (CPOR) per OSA Sell, ' +
      'OSU Microsoft 365 e OSU Business Applications, e seguo ogni richiesta finché diventa ufficiale.',
    teamIntro:
      'Pubblico le richieste da verificare in un canale di questo team. Un revisore può scrivere qui "usa questo canale per le revisioni"; ' +
      'un Incentives admin può scrivere "usa questo canale per le nostre associazioni" per ricevere qui ogni avviso sulle associazioni della sua organizzazione.',
  },
  help: {
    heading: 'Cosa posso fare',
    intro: 'Scrivi uno di questi comandi, o scegli un pulsante:',
    notUnderstood: (text: string) => `Non ho capito "${text}". Ecco cosa posso fare.`,
    demoMode:
      'Modalità demo: nessun ruolo è configurato, quindi chiunque può agire da partner e da revisore. Imposta ' +
      'ROLES_FILE o i gruppi dei ruoli per applicare i ruoli.',
    newClaimButton: 'Nuova associazione',
    topics: [
      { title: 'nuova associazione', text: "Crea un'associazione cliente (richiesta): in una scheda, o una domanda alla volta." },
      { title: 'aiuto', text: 'Mostra questo elenco. Durante una domanda, "annulla" la interrompe.' },
      { title: 'coda revisioni', text: 'Revisori: le richieste in attesa di una decisione, dalla più vecchia, con i filtri.' },
    ],
    about: (optOutDays: number) => ({
      title: "Cos'è CPOR",
      text:
        'Una richiesta associa la tua organizzazione a un tenant cliente e a un carico di lavoro (Microsoft 365) o ' +
        "a una sottoscrizione (Business Applications). Microsoft verifica ogni richiesta; dopo l'approvazione il " +
        `cliente ha ${optOutDays} giorni lavorativi per rifiutare, poi l'associazione diventa ufficiale.`,
    }),
  },
  cards: {
    formSent: 'Inviato',
    notCurrent: "Quella scheda è di un passaggio precedente e non è più attuale: la risposta data lì resta com'era. La tua richiesta è a questo punto:",
    notCurrentNoDialog:
      "Quella scheda è di un passaggio precedente e non è più attuale: la risposta data lì resta com'era. Non stai scrivendo nessuna richiesta ora.",
    answeredBelow: (what: string) => `${what}: risposta qui sotto.`,
  },
  errors: {
    forbidden: 'I tuoi ruoli non lo consentono. Non ho cambiato nulla.',
    threadFull: (max: number) => `La discussione di questa richiesta è piena (${max} commenti). Non ho aggiunto nulla.`,
    unknownAction: 'Non so gestire questo pulsante. Scrivi "aiuto" per vedere cosa posso fare.',
    generic: 'Si è verificato un errore da parte mia e il tuo ultimo messaggio non è stato elaborato. Riprova tra poco.',
    inputTooLarge: (inputs: number, kb: number) =>
      `Questa scheda ha inviato più di quanto accetto (al massimo ${inputs} campi e ${kb} KB in tutto). Non ho cambiato nulla: accorcia il testo e riprova.`,
    stateTooLarge: (kb: number) =>
      `È più di quanto posso conservare per questa conversazione (al massimo ${kb} KB). Non ho cambiato nulla: accorcia il testo e riprova.`,
    cardTooLarge:
      'La risposta è troppo grande perché Teams la mostri. Apri la richiesta da "le mie associazioni", oppure chiedi a un amministratore di guardare il log.',
  },
  commands: {
    help: ['aiuto', 'guida', 'menu', '?', 'cosa sai fare', 'comandi', 'ciao', 'inizia'],
    newClaim: ['nuova associazione', 'nuova richiesta', 'rivendica un cliente', 'crea associazione', 'nuovo cliente', 'nuova'],
    submit: ['invia', 'conferma'],
    edit: ['modifica', 'modifica un campo', 'cambia'],
    cancel: ['annulla', 'esci', 'basta', 'interrompi'],
    reviewChannel: ['usa questo canale per le revisioni', 'revisioni qui', 'revisiona qui'],
    organisationChannel: ['usa questo canale per le nostre associazioni', 'nostre associazioni qui'],
    export: ['esporta', 'esporta le mie associazioni', 'scarica associazioni', 'csv'],
    myClaims: ['le mie associazioni', 'stato', 'le mie richieste', 'elenco', 'gestisci associazioni'],
    reviewQueue: ['coda revisioni', 'coda delle revisioni', 'revisioni da fare'],
    stopReminders: ['ferma promemoria', 'stop promemoria', 'niente promemoria'],
    resumeReminders: ['riprendi promemoria', 'attiva promemoria'],
    /** In the middle of a claim, after "new association": go on with it, or start a new one. */
    resume: ['continua', 'prosegui', 'vai avanti'],
    startOver: ['ricomincia', 'ricomincia da capo', 'da capo'],
    english: ['inglese', 'lingua inglese', 'in inglese'],
    italian: ['lingua', 'italiano', 'lingua italiana', 'lingua italiano', 'in italiano'],
  },
  consent: {
    partnerDomain: (email: string, customerDomain: string) =>
      `${email} è sul dominio della tua organizzazione. Il consenso del cliente viene chiesto a questo indirizzo, quindi deve essere del cliente: indica l'e-mail del contatto del cliente su ${customerDomain}.`,
    otherTenant: (email: string, customerDomain: string) =>
      `${email} non appartiene al tenant del cliente (quello di ${customerDomain}). Il consenso del cliente viene chiesto a questo indirizzo: indica un'e-mail dell'organizzazione del cliente.`,
    outsideDomain: (email: string, customerDomain: string) =>
      `${email} non è su ${customerDomain} né su un suo sottodominio. Il consenso del cliente viene chiesto a questo indirizzo: indica l'e-mail del contatto del cliente su ${customerDomain}.`,
    lookupFailed:
      "Non sono riuscito a verificare che l'e-mail del contatto del cliente appartenga al tenant del cliente: un revisore la controllerà prima di approvare.",
    editFlagged: 'Il contatto del cliente non è stato verificato: un revisore lo controllerà con il cliente prima di approvare.',
  },
  contact: {
    who: {
      customerContact: 'Contatto del cliente',
      technicalContact: 'Per Dynamics 365 serve un contatto tecnico del cliente',
      partnerContact: 'Contatto del partner',
    },
    askAll: (who: string, withTitle: boolean) =>
      withTitle
        ? `${who}: nome, ruolo aziendale ed e-mail, sulla scheda o su una riga, per esempio "Anna Rossi, CIO, anna@fabrikam.it".`
        : `${who}: nome ed e-mail, sulla scheda o su una riga, per esempio "Anna Rossi, anna@fabrikam.it".`,
    askRest: (who: string, missing: string) => `${who}: mi servono ancora ${missing}.`,
    customerNote: "Il cliente verrà informato dell'associazione a questa e-mail.",
    missing: { name: 'il nome', title: 'il ruolo aziendale', email: "l'e-mail" },
    and: 'e',
    labels: { name: 'Nome', title: 'Ruolo aziendale', email: 'E-mail' },
    placeholders: { name: 'Anna Rossi', title: 'CIO', email: 'anna@fabrikam.it' },
    button: 'Usa questo contatto',
    taken: (who: string, parts: string) => `${who}: ${parts}.`,
    nameIsEmail:
      'Un nome non può essere, né contenere, un indirizzo e-mail: metti l\'e-mail nel suo campo, o scrivi il contatto su una riga ("Anna Rossi, CIO, anna@fabrikam.it").',
    titleIsEmail: "Un ruolo aziendale non può essere, né contenere, un indirizzo e-mail: metti l'e-mail nel suo campo.",
    twoEmails: 'Ho trovato due indirizzi e-mail: indica un contatto alla volta, con una sola e-mail.',
    tooManyParts:
      'Non riesco a distinguere il nome dal ruolo: scrivi nome, ruolo aziendale ed e-mail separati da virgole, per esempio "Anna Rossi, CIO, anna@fabrikam.it".',
    empty: 'Scrivi il contatto (nome, ruolo, e-mail) o compila la scheda.',
  },
  language: {
    set: 'D\'ora in poi ti rispondo in italiano. (For English type "language".)',
  },
  words: {
    yes: 'Sì',
    no: 'No',
    later: ['dopo', 'più tardi', 'non ora', 'salta'],
    none: ['nessuno', 'nessuna', 'no', 'niente', '-'],
  },
  solutionAreas: { microsoft365: 'Microsoft 365', businessApplications: 'Business Applications' },
  activities: {
    usage: 'Utilizzo',
    presales: 'Prevendita (Build intent - Advisor)',
    revenueAssociation: 'Associazione dei ricavi',
  },
  activityHelp: {
    microsoft365: {
      usage: 'Utilizzo ("Use or consume"): aiuti il cliente a distribuire e usare il carico di lavoro (OSU Microsoft 365).',
    },
    businessApplications: {
      presales: "Prevendita: hai consigliato il cliente prima dell'acquisto (OSA Sell).",
      usage: 'Utilizzo: aiuti il cliente ad adottare e usare la sottoscrizione (OSU Business Applications).',
      revenueAssociation: 'Associazione dei ricavi: collega i ricavi a te, senza pagamento di incentivi.',
    },
  },
  statuses: {
    Draft: 'Bozza',
    Submitted: 'Inviata',
    UnderReview: 'In revisione',
    PartnerActionRequired: 'Azione del partner richiesta',
    Approved: 'Approvata',
    Official: 'Ufficiale',
    Rejected: 'Rifiutata',
  },
  rejectedFinal: 'Rifiutata, definitiva',
  claim: {
    start: 'Creiamo un\'associazione cliente. Scrivi "annulla" in qualsiasi momento per fermarti; non salvo nulla finché non invii.',
    noRole:
      'Solo gli utenti con il ruolo Partner Center Incentives admin o Incentives user della tua organizzazione possono ' +
      "creare associazioni. Chiedi all'amministratore globale di assegnarti uno di questi ruoli, poi riprova. Non ho salvato nulla.",
    personalOnly: 'Creiamo le associazioni in una chat 1:1 con me: apri una chat con CPOR Assistant e scrivi "nuova associazione".',
    noTenant: 'Non riesco a capire a quale organizzazione appartieni (nessun tenant in questa chat), quindi non posso creare una richiesta qui.',
    cancelled: 'Annullato. Non ho salvato nulla.',
    dialogHelp: 'Sto creando un\'associazione cliente con te. Rispondi alla domanda qui sopra, oppure scrivi "annulla" per fermarti.',
    askSolutionArea: 'Per quale area di soluzione è questa associazione?',
    askActivity: 'Quale attività hai svolto per il cliente?',
    onlyActivity: (activity: string) => `Le associazioni Microsoft 365 hanno una sola attività: ${activity}`,
    askPartnerId: 'Qual è il Partner ID (solo cifre) della sede partner che ha svolto il lavoro?',
    askPartnerIdKnown: 'Qual è il Partner ID (solo cifre) della sede partner che ha svolto il lavoro? Scegline uno già usato o scrivine un altro.',
    askDomain: 'Qual è il dominio del cliente (per esempio contoso.com o contoso.onmicrosoft.com)?',
    askTenantId: "Qual è l'ID tenant del cliente (un GUID come 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b)?",
    tenantCheckedOnReview: 'Ok. La corrispondenza tra dominio e ID tenant verrà verificata in revisione.',
    tenantMatches: "Il dominio e l'ID tenant corrispondono.",
    askWorkloads: 'Quali carichi di lavoro Microsoft 365? Scegline uno o più nella scheda, oppure scrivi nomi o numeri separati da virgole.',
    workloadsCardTitle: 'Carichi di lavoro',
    workloadsCardButton: 'Usa questi carichi di lavoro',
    askProduct: 'Quale prodotto?',
    askSubscriptionId:
      "Qual è l'ID della sottoscrizione (un GUID)? Sono ammesse solo sottoscrizioni Volume Licensing o Web-Direct: le sottoscrizioni CSP non lo sono.",
    askPartnerContact: (name: string, email: string) => `Contatto del partner: uso te, ${name} (${email})?`,
    askPoe:
      'Allega la prova di esecuzione (per esempio il contratto di servizio firmato dal cliente), oppure scrivi "dopo" per lasciare la richiesta in Bozza.',
    poeReceiving: 'Sto ricevendo il file…',
    poeStored: (name: string, size: string) => `Ricevuto: ${name} (${size}).`,
    poeLater: 'Ok, la richiesta resterà in Bozza finché non aggiungi la prova di esecuzione.',
    askName: (suggestion: string) => `Dai un nome alla richiesta (un'etichetta tua). Suggerito: "${suggestion}"`,
    askComments: 'Commenti per il revisore? Scrivili, oppure "nessuno".',
    summaryTitle: 'La tua associazione cliente',
    summaryIntro: 'Controlla tutto, poi invia.',
    summaryDraftNote: 'Ancora nessuna prova di esecuzione: inviando, la richiesta viene salvata in Bozza.',
    summarySubmit: 'Invia',
    summarySaveDraft: 'Salva in Bozza',
    summaryEdit: 'Modifica un campo',
    summaryCancel: 'Annulla',
    summaryRetry: 'Usa i pulsanti del riepilogo: Invia, Modifica un campo o Annulla.',
    askEditField: 'Quale campo vuoi cambiare?',
    fields: {
      solutionArea: 'Area di soluzione e attività',
      partnerId: 'Partner ID',
      customer: 'Dominio e ID tenant del cliente',
      coverage: 'Carichi di lavoro / prodotto e sottoscrizione',
      customerContact: 'Contatto del cliente',
      technicalContact: 'Contatto tecnico del cliente',
      partnerContact: 'Contatto del partner',
      poe: 'Prova di esecuzione',
      name: 'Nome della richiesta',
      comments: 'Commenti',
    },
    labels: {
      program: 'Programma',
      solutionArea: 'Area di soluzione',
      activity: 'Attività',
      partnerId: 'Partner ID',
      customerDomain: 'Dominio del cliente',
      customerTenantId: 'ID tenant del cliente',
      workloads: 'Carichi di lavoro',
      product: 'Prodotto',
      subscriptionId: 'ID sottoscrizione',
      customerContact: 'Contatto del cliente',
      technicalContact: 'Contatto tecnico',
      partnerContact: 'Contatto del partner',
      poe: 'Prova di esecuzione',
      name: 'Nome della richiesta',
      comments: 'Commenti',
      status: 'Stato',
      claimId: 'ID richiesta',
    },
    noPoe: 'non ancora (Bozza)',
    slotResults: { held: 'in attesa', lost: 'andato a un altro partner', superseded: 'terminato: associazione di un altro partner' },
    withResult: (workload: string, result: string) => `${workload} (${result})`,
    noComments: '—',
    submitted: (id: string, days: number) =>
      `Inviata: richiesta ${id}. Prossimi passi: un revisore Microsoft la verifica (ti aggiornerò qui a ogni passaggio). ` +
      `Dopo l'approvazione il cliente viene informato e ha ${days} giorni lavorativi per rifiutare; altrimenti l'associazione diventa ufficiale.`,
    savedDraft: (id: string) => `Salvata in Bozza: richiesta ${id}. Aggiungi la prova di esecuzione per inviarla in revisione.`,
    competing:
      'Nota: un altro partner ha già una richiesta su questo tenant e carico di lavoro. Entrambe vanno al revisore, che decide in base alle prove di esecuzione.',
    duplicate: (name: string, id: string, status: string) =>
      `La tua organizzazione ha già una richiesta aperta su questo tenant e carico di lavoro: "${name}" (${id}, ${status}). Non ho salvato nulla di nuovo.`,
    inProgress: "Un'altra richiesta per questo tenant e carico di lavoro è in fase di salvataggio proprio ora. Riprova tra un minuto.",
    alreadySubmitted: (id: string, status: string) => `Questa richiesta è già salvata come ${id} (${status}). Non ho salvato nulla di nuovo.`,
    noActiveSummary: 'Quel riepilogo non è più attivo (è stato annullato o sostituito). Scrivi "nuova associazione" per ricominciare.',
    nothingToCancel: "Non c'è nulla da annullare in questo momento.",
  },
  review: {
    title: (name: string) => `Revisione richiesta CPOR: ${name}`,
    status: (status: string, id: string) => `${status} · ${id}`,
    competing:
      'Richiesta concorrente: un altro partner ha una richiesta aperta sullo stesso tenant e carico di lavoro. Confronta le prove di esecuzione qui sotto.',
    competitorHeading: (i: number) => `Richiesta concorrente ${i}`,
    held: (workloads: string) =>
      `In attesa per ${workloads}: la richiesta di un altro partner sullo stesso tenant cliente e carico di lavoro è stata approvata prima. Non si può approvare finché quell'approvazione non diventa ufficiale (allora ${workloads} va all'altro partner e il resto si può approvare) o termina (allora riprende da dove era).`,
    history: 'Cronologia',
    refresh: 'Aggiorna',
    reviewerSide: 'revisore',
    partnerSide: 'partner',
    startReview: 'Inizia la revisione',
    approve: 'Approva',
    reject: 'Rifiuta',
    requestInfo: 'Chiedi informazioni',
    confirmReject: 'Rifiuta la richiesta',
    confirmRequest: 'Invia la domanda',
    reasonLabel: 'Motivo',
    rejectionReasons: {
      'Insufficient proof of execution': 'Prova di esecuzione insufficiente',
      'Domain–tenant mismatch': 'Dominio e tenant non corrispondono',
      'Customer contact not verified': 'Contatto del cliente non verificato',
      'Partner request': 'Richiesta del partner',
    },
    commentLabel: 'Commento (visibile al partner)',
    formErrors: {
      'review.reject': { reason: 'Indica il motivo del rifiuto.', comment: 'Scrivi un commento per il partner sul rifiuto.' },
      'review.requestInfo': { reason: "Scegli l'informazione che manca.", comment: 'Scrivi cosa deve inviare o spiegare il partner.' },
    },
    commentError: 'Scrivi il tuo commento.',
    openPoe: (name: string) => `Apri la prova: ${name}`,
    showDetails: 'Mostra i dettagli',
    hideDetails: 'Nascondi i dettagli',
    backToQueue: 'Torna alla coda',
    declinedByCustomer: (when: string) => `Rifiutata dal cliente tramite il link di opt-out, ${when}`,
    customerViaOptOut: 'il cliente (link di opt-out)',
    actedBy: (who: string, what: string, when: string) => `${what} da ${who}, ${when}`,
    labels: {
      partnerOrganisation: 'Organizzazione partner',
      submittedBy: 'Inviata da',
      reviewer: 'Revisore',
      createdAt: 'Creata',
      poe: 'Prova di esecuzione',
      deadline: 'Risposta del partner entro',
      tenantCheck: 'Verifica dominio–tenant',
      waiting: 'In attesa di un revisore',
      customerMail: 'E-mail al cliente',
      contactCheck: 'Verifica contatto cliente',
    },
    actions: {
      created: 'creata',
      submit: 'inviata',
      startReview: 'revisione iniziata',
      approve: 'approvata',
      reject: 'rifiutata',
      requestInfo: 'informazioni richieste',
      partnerRespond: 'risposta del partner',
      expirePartnerAction: 'nessuna risposta in tempo',
      customerDecline: 'il cliente ha rifiutato',
      makeOfficial: 'diventata ufficiale',
      withdraw: 'ritirata',
      dispute: 'contestata',
      rejectCompeting: 'rifiutata: la richiesta di un altro partner è diventata ufficiale',
      supersede: "terminata: l'associazione di un altro partner è diventata ufficiale",
      hold: 'messa in attesa',
      resume: 'ripresa',
      loseSlots: 'carichi di lavoro andati a un altro partner',
      edit: 'modificata',
      resendCustomerMail: "ha inviato di nuovo l'e-mail al cliente",
      undo: 'ha annullato',
    },
    errors: {
      unknownClaim: 'Questa richiesta non esiste (o la scheda è stata alterata). Non ho cambiato nulla.',
      notReviewer: 'Solo i revisori possono farlo. Non ho cambiato nulla.',
      otherTenant: "Le revisioni si fanno dall'organizzazione dei revisori. Non ho cambiato nulla.",
      notAllowed: (status: string) => `Non è possibile mentre la richiesta è ${status}. Non ho cambiato nulla.`,
      alreadyDecided: (who: string, status: string) => `Già deciso da ${who}: la richiesta ora è ${status}. Non ho cambiato nulla.`,
      reasonRequired: "Scegli un motivo dall'elenco. Non ho cambiato nulla.",
      commentRequired: `Serve un commento (al massimo ${LIMITS.comments} caratteri). Non ho cambiato nulla.`,
      notOwner: 'Solo gli utenti incentivi della tua organizzazione possono rispondere per questa richiesta. Non ho cambiato nulla.',
      personalOnly: 'Le richieste della tua organizzazione si gestiscono e si vedono solo nella tua chat 1:1 con me. Non ho cambiato nulla.',
      nothingToResend: "L'e-mail al cliente non è fallita (è stata inviata o sta partendo), oppure la richiesta è andata avanti. Non ho cambiato nulla.",
      undoTooLate: 'Troppo tardi per annullare: ha già avuto effetto. Non ho cambiato nulla.',
      nothingToUndo: "Non c'è niente da annullare su questa richiesta ora (è cambiata nel frattempo). Non ho cambiato nulla.",
      undoSlotTaken:
        'Questo ritiro non si può più annullare: nel frattempo è stata approvata la richiesta di un altro partner sullo stesso tenant cliente e carico di lavoro. Non ho cambiato nulla.',
      contactNotChecked:
        'Il contatto del cliente di questa richiesta non è stato verificato: controllalo con il cliente, poi spunta "Ho controllato il contatto del cliente" e approva di nuovo. Non ho cambiato nulla.',
    },
    working: 'Ci sto lavorando: la scheda si aggiornerà tra un momento.',
    contactChecks: {
      tenantMatched: (email: string) => `${email}: il dominio appartiene al tenant del cliente (Microsoft Graph)`,
      customerDomain: (email: string) => `${email}: sul dominio del cliente`,
      lookupFailed: (email: string) =>
        `⚠ Non verificato: non è stato possibile controllare ${email} quando è stato inserito. Verificalo con il cliente prima di approvare.`,
      otherTenant: (email: string) =>
        `⚠ Non verificato: ${email} non è su un dominio del tenant del cliente (cambiato con una modifica). Verificalo con il cliente prima di approvare.`,
      outsideDomain: (email: string) =>
        `⚠ Non verificato: ${email} non è sul dominio del cliente (cambiato con una modifica). Verificalo con il cliente prima di approvare.`,
      partnerDomain: (email: string) =>
        `⚠ Non verificato: ${email} è sul dominio del partner stesso: il cliente non vedrebbe mai l'avviso. Verificalo con il cliente prima di approvare.`,
      notChecked: (email: string) =>
        `⚠ Non verificato: ${email} non è mai stato controllato (inserito prima che esistesse la verifica). Verificalo con il cliente prima di approvare.`,
    },
    contactCheckedToggle: 'Ho controllato il contatto del cliente',
    contactCheckedError: 'Spunta questa casella dopo aver verificato il contatto con il cliente.',
    tenantChecks: {
      matched: 'Corrispondenza verificata con Microsoft Graph',
      notChecked: 'Non verificata (Graph non è configurato): controlla che dominio e ID tenant corrispondano',
      lookupFailed: 'La verifica non è riuscita quando la richiesta è stata inserita: controlla che dominio e ID tenant corrispondano',
    },
    waitingDays: (days: number) => (days === 1 ? '1 giorno lavorativo' : `${days} giorni lavorativi`),
    overdue: (days: number, limit: number) => `In ritardo: in attesa di un revisore da ${days} giorni lavorativi (l'obiettivo è ${limit}).`,
    approveEffects: ({ holds, supersedes }) =>
      [
        holds > 0
          ? `Approvando metti in attesa ${holds === 1 ? 'una richiesta concorrente' : `${holds} richieste concorrenti`} di altri partner sui carichi di lavoro in comune: li perdono quando questa diventa ufficiale, e riprendono se non lo diventa.`
          : '',
        supersedes > 0
          ? `${supersedes === 1 ? "L'associazione" : `${supersedes} associazioni`} di un altro partner su questo carico di lavoro ${supersedes === 1 ? 'terminerà' : 'termineranno'} quando questa diventerà ufficiale.`
          : '',
        "Ogni partner viene avvisato, senza il nome dell'altro.",
      ]
        .filter(Boolean)
        .join(' '),
    confirmApprove: "Conferma l'approvazione",
    customerMailFailed: (error: string) =>
      `Non inviata (${error}): la richiesta resta Approvata finché non lo è. Inviala di nuovo quando la causa è risolta, oppure rifiuta la richiesta e chiedi al partner il contatto corretto.`,
    resendCustomerMail: "Invia di nuovo l'e-mail al cliente",
    customerMailPending: "Non ancora inviata: il periodo per rifiutare parte dall'invio.",
    customerMailSent: (when: string) => `Inviata ${when}`,
    undo: 'Annulla',
    undoNote: (action: 'approve' | 'withdraw', when: string) =>
      `${action === 'approve' ? 'Approvata' : 'Ritirata'}: ha effetto alle ${when}. Fino ad allora, Annulla riporta la richiesta com'era.`,
    undone: (action: 'approve' | 'withdraw') => `Annullato: ${action === 'approve' ? "l'approvazione" : 'il ritiro'}. Nulla è uscito dal bot.`,
    outOfDate: (changes: string) =>
      `Questa scheda non era aggiornata, quindi non ho fatto nulla. Da quando è stata mostrata: ${changes}. Questa è la richiesta ora.`,
    changes: {
      mailSent: (when: string) => `l'e-mail al cliente è partita ${when}`,
      comment: (who: string) => `un commento di ${who}`,
      unknown: 'la richiesta è cambiata',
    },
    channelSet: 'Da ora questo canale riceve le richieste CPOR da verificare.',
    channelOnlyReviewers: 'Solo i revisori possono scegliere il canale delle revisioni.',
    channelOnlyInChannel: 'Scrivilo nel canale del team che deve ricevere le richieste da verificare.',
  },
  organisationChannel: {
    set: 'Da ora questo canale riceve ogni avviso sulle associazioni della tua organizzazione, oltre alle persone avvisate nella loro chat.',
    onlyAdmins: 'Solo un Incentives admin della tua organizzazione può scegliere il canale della tua organizzazione.',
    onlyInChannel: 'Scrivilo nel canale del team che deve ricevere gli avvisi sulle associazioni della tua organizzazione.',
  },
  reminders: {
    stopped:
      'I promemoria sono sospesi per la tua organizzazione: non ricorderò risposte in scadenza né bozze ferme. Scrivi "riprendi promemoria" per riattivarli.',
    resumed: 'I promemoria sono di nuovo attivi per la tua organizzazione.',
    adminOnly: "Solo un Incentives admin dell'organizzazione può sospendere o riprendere i promemoria, nella chat 1:1 con me.",
  },
  digest: {
    title: (day: string) => `Riepilogo revisioni CPOR, ${day}`,
    overdue: (limit: number) => `In attesa di un revisore da più di ${limit} giorni lavorativi`,
    disputes: 'Rifiuti contestati in revisione',
    pairs: 'Richieste concorrenti (tenant cliente · slot: organizzazioni)',
    none: 'Nessuna.',
    more: (n: number) => `… e altre ${n}`,
    openQueue: 'Apri la coda delle revisioni',
  },
  queue: {
    exportButton: 'Esporta questi (CSV)',
    exportTitle: 'La coda delle revisioni come file CSV',
    exportText:
      'Le richieste di ogni organizzazione che corrispondono ai filtri della coda, tutti i campi. Il link vale 15 minuti e dà accesso ai dati di ogni organizzazione: non inoltrarlo.',
    title: 'Richieste in attesa di un revisore',
    intro: 'Le richieste di ogni organizzazione in attesa di una decisione, dalla più vecchia.',
    labels: {
      status: 'Stato',
      solutionArea: 'Area di soluzione',
      activity: 'Attività',
      organisation: 'Organizzazione partner (nome o ID tenant)',
      competingOnly: 'Solo richieste concorrenti',
      mineOnly: 'Solo quelle che ho preso in carico',
    },
    statuses: { Submitted: 'Inviata', UnderReview: 'In revisione (di chiunque)', disputed: 'Contestata', answered: 'Il partner ha risposto' },
    apply: 'Applica i filtri',
    next: 'Pagina successiva',
    open: 'Apri',
    empty: 'Nessuna richiesta attende un revisore con questi filtri.',
    row: (status: string, age: string, organisation: string, customer: string, coverage: string, activity: string) =>
      `${status} · in attesa da ${age} · ${organisation} · ${customer} · ${coverage} · ${activity}`,
    overdue: 'IN RITARDO',
    competing: 'Concorrente',
    disputed: 'Contestata',
    answered: 'Il partner ha risposto',
    reviewer: (name: string) => `Revisore: ${name}`,
    notAllowed: 'Solo i revisori possono vedere la coda delle revisioni.',
    whereOnly: 'La coda delle revisioni si vede nella chat 1:1 con me o nel canale delle revisioni.',
    badPage: 'Questa pagina della coda non è più valida. Scrivi "coda revisioni" per riaprirla.',
  },
  manage: {
    title: 'Le associazioni della tua organizzazione',
    any: 'Tutti',
    apply: 'Applica i filtri',
    next: 'Pagina successiva',
    back: "Torna all'elenco",
    empty: 'Nessuna associazione corrisponde.',
    labels: {
      status: 'Stato',
      solutionArea: 'Area di soluzione',
      activity: 'Attività',
      workload: 'Carico di lavoro / prodotto',
      customer: 'Dominio o ID tenant del cliente',
    },
    row: (status: string, customer: string, coverage: string, activity: string, changed: string) =>
      `${status} · ${customer} · ${coverage} · ${activity} · modificata ${changed}`,
    withdraw: 'Ritira / dissocia',
    withdrawLabel: 'Motivo (obbligatorio; il revisore lo vede)',
    withdrawConfirm: "Ritira l'associazione",
    dispute: 'Contesta il rifiuto',
    disputeLabel: 'Motivazione (obbligatoria)',
    disputeConfirm: 'Invia la contestazione',
    disputedNote: 'Contestata: il rifiuto viene riesaminato.',
    withdrawn: (name: string) => `"${name}" è stata ritirata. Il cliente non verrà più contattato.`,
    disputed: (name: string) => `La tua contestazione di "${name}" è stata inviata: la richiesta è di nuovo in revisione.`,
    disputedWithProof: (name: string, file: string) =>
      `La tua contestazione di "${name}" è stata inviata con la nuova prova di esecuzione ${file}: la richiesta è di nuovo in revisione.`,
    proofKept: (file: string) =>
      `Ho conservato ${file} per un'ora: sarà allegato alla tua prossima risposta a una richiesta di informazioni del revisore, o alla ` +
      'contestazione di un rifiuto (apri la richiesta in "le mie associazioni" e scegli "Contesta il rifiuto").',
    proofNotKept:
      'Fuori da una richiesta conservo un file solo per la risposta o la contestazione di un Incentives admin o user. Per creare una richiesta con il file, scrivi "nuova associazione".',
    disputeProofNote:
      'Per contestare con una nuova prova di esecuzione, invia prima il file in questa chat, poi scegli "Contesta il rifiuto": il file sarà allegato.',
    formErrors: {
      'claim.comment': 'Scrivi il tuo commento.',
      'claim.withdraw': "Indica il motivo del ritiro dell'associazione.",
      'claim.dispute': 'Indica la motivazione della contestazione.',
    },
    optOutUntil: 'Il cliente può rifiutare fino al',
    comments: 'Commenti',
    exportTitle: 'Le associazioni della tua organizzazione in un file CSV',
    exportText:
      'Tutti i campi, gli stati, le date e il numero di eventi, da aprire in sicurezza con Excel. Il link vale 15 minuti e solo per la tua organizzazione.',
    exportButton: 'Scarica il CSV',
    edit: 'Modifica',
    editing: 'Modifica della richiesta: cambia ciò che serve nel riepilogo, poi invia.',
    edited: (id: string, status: string) => `Salvato: la richiesta ${id} ora è ${status}.`,
    invalidEdit: (problems: string) => `Alcune risposte non sono (più) valide: ${problems}. Usa "Modifica un campo" per correggerle; non ho salvato nulla.`,
    addComment: 'Aggiungi un commento',
    commentLabel: "Il tuo commento (l'altra parte viene avvisata)",
    commentConfirm: 'Invia il commento',
    commentSent: 'Commento inviato.',
    personalOnly: 'Le associazioni della tua organizzazione si vedono solo nella tua chat 1:1 con me.',
    errors: {
      noPartnerRole: 'Solo gli utenti e gli amministratori incentivi della tua organizzazione possono vederne le associazioni.',
      adminOnly: 'Solo un Incentives admin può farlo. Non ho cambiato nulla.',
      badPage: 'Questa pagina dell\'elenco non è più valida. Scrivi "le mie associazioni" per riaprire l\'elenco.',
      reasonRequired: `Serve un motivo (al massimo ${LIMITS.comments} caratteri). Non ho cambiato nulla.`,
      disputeRefused: {
        notRejected: 'Solo una richiesta rifiutata può essere contestata. Non ho cambiato nulla.',
        withdrawn: 'Una richiesta che hai ritirato non può essere contestata. Non ho cambiato nulla.',
        alreadyDisputed: 'Un rifiuto si può contestare una sola volta, e questo lo è già stato. Non ho cambiato nulla.',
        declinedByCustomer: 'Il cliente ha rifiutato questa associazione e la sua decisione è definitiva: non si può contestare. Non ho cambiato nulla.',
      },
      disputeTooLate: (days: number) => `Un rifiuto si può contestare solo entro ${days} giorni, e il termine è passato. Non ho cambiato nulla.`,
      busy: 'Un altro revisore sta approvando in questo momento una richiesta concorrente sullo stesso tenant cliente e carico di lavoro. Aggiorna la scheda tra un minuto. Non ho cambiato nulla.',
      onHold: (workloads: string) =>
        `Questa richiesta è in attesa per ${workloads}: la richiesta di un altro partner è stata approvata prima. Si potrà approvare quando quell'approvazione diventa ufficiale (allora senza ${workloads}) o termina. Non ho cambiato nulla.`,
    },
  },
  partnerNotices: {
    /** Any other change of state (a new action before its own text exists). */
    statusChanged: (name: string, id: string, status: string) => `${name} (${id}): ${status}`,
    reminderAnswerDue: (name: string, id: string, deadline: string) =>
      `Promemoria: il revisore attende la tua risposta su "${name}" (${id}). Rispondi entro ${deadline}, altrimenti la richiesta viene rifiutata.`,
    reminderDraftIdle: (name: string, id: string) =>
      `Promemoria: la bozza "${name}" (${id}) è ferma da una settimana. Aggiungi la prova di esecuzione per inviarla: scrivi "le mie associazioni", aprila e scegli Modifica.`,
    submit: (name: string, id: string) => `La tua richiesta "${name}" (${id}) è stata inviata in revisione.`,
    startReview: (name: string, id: string) => `Un revisore Microsoft ha iniziato a verificare la tua richiesta "${name}" (${id}).`,
    approve: (name: string, id: string, deadline: string) =>
      `La tua richiesta "${name}" (${id}) è stata approvata. Il cliente viene informato e può rifiutare fino al ${deadline}; poi l'associazione diventa ufficiale.`,
    reject: (name: string, id: string, reason: string, comment: string) =>
      `La tua richiesta "${name}" (${id}) è stata rifiutata. Motivo: ${reason}.${comment ? ` Commento: ${comment}` : ''}`,
    rejectCompeting: (name: string, id: string, workloads: string) =>
      `La tua richiesta "${name}" (${id}) è stata rifiutata: ${workloads} è andato a un altro partner, la cui richiesta sullo stesso tenant cliente e carico di lavoro è diventata ufficiale.`,
    hold: (name: string, id: string, workloads: string) =>
      `La tua richiesta "${name}" (${id}) è in attesa per ${workloads}: è stata approvata la richiesta di un altro partner sullo stesso tenant cliente e carico di lavoro. Se quell'approvazione termina (rifiutata dal cliente, ritirata o respinta), la tua richiesta riprende da dove era; se diventa ufficiale, ${workloads} va all'altro partner e il resto della tua richiesta prosegue.`,
    resume: (name: string, id: string, workloads: string, status: string) =>
      `La tua richiesta "${name}" (${id}) riprende per ${workloads}: l'approvazione dell'altro partner è terminata. È ${status}, dove era.`,
    loseSlots: (name: string, id: string, workloads: string, rest: string) =>
      `${workloads} della tua richiesta "${name}" (${id}) è andato a un altro partner, la cui richiesta è diventata ufficiale. Il resto della richiesta prosegue: ${rest}.`,
    supersedeSlots: (name: string, id: string, workloads: string, rest: string) =>
      `La tua associazione "${name}" (${id}) è terminata per ${workloads}: l'associazione di un altro partner è diventata ufficiale. Resta ufficiale per ${rest}.`,
    officialWithout: (workloads: string) => ` Esclusi: ${workloads}, andati a un altro partner.`,
    supersede: (name: string, id: string) =>
      `La tua associazione "${name}" (${id}) è terminata: l'associazione di un altro partner sullo stesso tenant cliente e carico di lavoro è diventata ufficiale.`,
    requestInfo: (name: string, id: string, reason: string, comment: string, deadline: string) =>
      `Il revisore ha bisogno di altre informazioni sulla tua richiesta "${name}" (${id}): ${reason}.${comment ? ` "${comment}"` : ''} Rispondi entro il ${deadline}, altrimenti la richiesta viene rifiutata.`,
    expirePartnerAction: (name: string, id: string, days: number) =>
      `La tua richiesta "${name}" (${id}) è stata rifiutata: nessuna risposta del partner entro ${days} giorni lavorativi.`,
    customerDecline: (name: string, id: string) => `Il cliente ha rifiutato l'associazione della tua richiesta "${name}" (${id}), che è quindi rifiutata.`,
    makeOfficial: (name: string, id: string, tenant: string, coverage: string) =>
      `La tua associazione con il tenant ${tenant} per ${coverage} è ora ufficiale ("${name}", ${id}).`,
    comment: (name: string, id: string, who: string, text: string) => `${who} ha commentato la tua richiesta "${name}" (${id}): "${text}"`,
    disputeHow: (until: string) =>
      `Puoi contestarlo una volta, con una prova di esecuzione più solida se ne hai una, entro ${until}: scrivi "le mie associazioni" e apri la richiesta.`,
    disputeBy: (admins: string, until: string) => `Solo un Incentives admin della tua organizzazione può contestarlo, una volta, entro ${until}: ${admins}.`,
    disputeByUnknown: (until: string) =>
      `Solo un Incentives admin della tua organizzazione può contestarlo, una volta, entro ${until}: chiedilo a uno di loro.`,
    answerTitle: 'La tua risposta al revisore',
    answerLabel: 'La tua risposta',
    answerButton: 'Invia e reinvia',
    answered: 'Grazie: la tua risposta è stata inviata e la richiesta è di nuovo in revisione.',
    answeredWithProof: (file: string) =>
      `Grazie: la tua risposta è stata inviata con la nuova prova di esecuzione ${file} e la richiesta è di nuovo in revisione.`,
    answerError: 'Scrivi la tua risposta alla richiesta.',
    answerProofNote:
      'Una nuova prova di esecuzione (per esempio un SOW datato e firmato)? Invia prima il file in questa chat, poi invia qui la risposta: il file sarà allegato.',
  },
  /** Il modulo in una scheda, i conflitti subito, le interruzioni e il file di esempio (issue 13). */
  claimForm: {
    oneCardButton: 'Compila una scheda',
    stepsButton: 'Una domanda alla volta',
    offerForm: 'Vuoi compilare il resto in una scheda, con quanto ho preso già inserito, o proseguire qui una domanda alla volta?',
    askModeOrArea: 'Compila una scheda (pulsante qui sotto), oppure procedi passo per passo. Per quale area di soluzione è questa associazione?',
    title: 'Nuova associazione cliente',
    intro: 'Tutti i campi in una scheda. Scegli prima area di soluzione e attività: la scheda si adatta e tiene ciò che hai scritto.',
    programHeading: 'Area di soluzione e attività',
    programLine: (area: string, activity: string, program: string) => `${area} · ${activity} (${program})`,
    submit: 'Verifica e continua',
    errorsNotice: (count: number, fields: string) =>
      count === 1
        ? `1 campo da correggere: ${fields}. Vedi il messaggio sotto il campo; tutto il resto è conservato.`
        : `${count} campi da correggere: ${fields}. Vedi i messaggi sotto i campi; tutto il resto è conservato.`,
    sections: {
      customer: 'Cliente',
      workloads: 'Carichi di lavoro',
      product: 'Prodotto e sottoscrizione',
      contacts: 'Contatti',
      partner: 'Partner e richiesta',
    },
    toFix: (count: number) => (count === 1 ? '1 da correggere' : `${count} da correggere`),
    next: (section: string) => `Avanti: ${section}`,
    labels: {
      partnerId: 'Partner ID della tua sede (cifre)',
      customerDomain: 'Dominio del cliente',
      customerTenantId: 'ID tenant del cliente (GUID)',
      workloads: 'Carichi di lavoro Microsoft 365',
      product: 'Prodotto',
      subscriptionId: 'ID sottoscrizione (GUID; Volume Licensing o Web-Direct, non CSP)',
      customerName: 'Contatto del cliente: nome',
      customerTitle: 'Contatto del cliente: ruolo',
      customerEmail: "Contatto del cliente: e-mail (il cliente sarà informato lì dell'associazione)",
      technicalName: 'Contatto tecnico del cliente: nome (solo prodotti Dynamics 365)',
      technicalTitle: 'Contatto tecnico del cliente: ruolo (solo Dynamics 365)',
      technicalEmail: 'Contatto tecnico del cliente: e-mail (solo Dynamics 365)',
      partnerName: 'Contatto del partner: nome',
      partnerEmail: 'Contatto del partner: e-mail',
      name: 'Nome della richiesta (etichetta tua; vuoto: proposto da dominio e oggetto)',
      comments: 'Commenti per il revisore (facoltativi)',
    },
    placeholders: {
      partnerId: '1234567',
      customerDomain: 'contoso.it',
      customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
      subscriptionId: '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19',
      customerEmail: 'mario.rossi@contoso.it',
      partnerEmail: 'tu@partner.example',
    },
    partnerIdsUsed: (ids: string) => `Già usati dalla tua organizzazione: ${ids}`,
    pickProduct: 'Scegli un prodotto',
    sent: 'Verificato: tutti i campi vanno bene',
    accepted: 'Tutti i campi vanno bene. Ecco la tua richiesta; manca un passo, la prova di esecuzione.',
    pending: 'Compila la scheda qui sopra e premi "Verifica e continua", oppure scrivi "annulla" per fermarti.',
    stale: 'Questo modulo non è più attivo. Scrivi "nuova associazione" per ricominciare.',
    domainTrimmed: (domain: string) => `Ho preso il dominio ${domain} da ciò che hai incollato.`,
    duplicateEarly: (name: string, id: string, status: string) =>
      `La tua organizzazione ha già una richiesta aperta su questo tenant cliente e carico di lavoro: "${name}" (${id}, ${status}). ` +
      'Scegli altri carichi di lavoro (o un\'altra sottoscrizione), oppure scrivi "annulla".',
    competingEarly:
      'Nota: un altro partner ha già una richiesta su questo tenant cliente e carico di lavoro. Puoi proseguire: entrambe vanno al revisore, che decide in base alle prove di esecuzione.',
    openClaim: (id: string) => `Apri ${id}`,
    samplePoe: 'Usa un file di esempio (demo)',
    askPoeDemo:
      'Allega la prova di esecuzione (per esempio il contratto firmato dal cliente), scrivi "dopo" per tenere la richiesta in Bozza, ' +
      'oppure, in questa demo, "Usa un file di esempio (demo)" per allegare un PDF di esempio generato.',
    interruptNewClaim: "Stai creando un'associazione cliente. Vuoi continuarla o ricominciare?",
    continueButton: 'Continua',
    startOverButton: 'Ricomincia',
    continuing: 'Bene, continuiamo da dove eravamo.',
    emptySelection: 'Scegli almeno un carico di lavoro, poi premi di nuovo il pulsante.',
    sentenceTaken: (lines: string) =>
      `Da ciò che hai scritto ho preso:\n\n${lines}\n\nTi chiedo solo ciò che manca. Il nome della richiesta sarà quello proposto e non ci saranno commenti: cambiali nel riepilogo con "Modifica un campo".`,
    /** What the Troubleshoot button sends: the topic list's phrase. */
    troubleshootCommand: 'risolvi problemi',
    commandButtons: {
      myClaims: 'Le mie associazioni',
      export: 'Esporta',
      troubleshoot: 'Risolvi problemi',
      reviewQueue: 'Coda di revisione',
    },
  },
  validation: {
    required: 'Serve una risposta.',
    tooLong: (max: string) => `Troppo lungo: al massimo ${max} caratteri.`,
    nameTooShort: (min: string) => `Troppo corto: almeno ${min} caratteri.`,
    partnerIdFormat: 'Un Partner ID è composto da 4 a 10 cifre, per esempio 1234567 (il Partner ID della tua sede, già MPN ID).',
    domainFormat: 'Non è un nome di dominio. Scrivi il dominio del cliente, per esempio contoso.com.',
    guidFormat: 'Non è un GUID. Ha questa forma: 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b (32 cifre esadecimali in 5 gruppi).',
    emailFormat: 'Non è un indirizzo e-mail, per esempio mario.rossi@contoso.com.',
    unknownWorkload: (what: string) => `"${what}" non è nell'elenco dei carichi di lavoro. Usa i nomi o i numeri mostrati.`,
    unknownProduct: (what: string) => `"${what}" non è nell'elenco dei prodotti. Scegli uno dei pulsanti.`,
    activityNotAllowed: 'Questa attività non è disponibile per questa area di soluzione.',
    domainTenantMismatch: (domain: string) =>
      `Dominio e tenant non corrispondono: ${domain} non appartiene a quell'ID tenant. Verifica ID tenant e dominio con il cliente, poi scrivi di nuovo l'ID tenant (oppure "annulla").`,
    unknownDomain: (domain: string) =>
      `Nessun tenant Microsoft possiede ${domain}. Verifica il dominio con il cliente; scrivi di nuovo l'ID tenant, oppure "annulla" e ricomincia con il dominio giusto.`,
    lookupUnavailable: 'Non sono riuscito a verificare ora il dominio con il tenant; la corrispondenza verrà verificata in revisione.',
    poeMissing: 'Allega un file con la prova di esecuzione, oppure scrivi "dopo".',
    poeTooLarge: (max: string) => `Il file è troppo grande: il limite è ${max}. Allega un file più piccolo oppure scrivi "dopo".`,
    poeNotAllowed: 'Non riesco a leggere quell\'allegato. Carica il file stesso in questa chat, oppure scrivi "dopo".',
    poeFailed: 'Non sono riuscito a scaricare il file. Prova ad allegarlo di nuovo, oppure scrivi "dopo".',
    poeEmpty: 'Il file è vuoto. Allega la prova di esecuzione, oppure scrivi "dopo".',
    poeTooMany: (max: number) => `Allega al massimo ${max} file alla volta: la prova di esecuzione è un file solo. Non ho tenuto nulla.`,
    choice: 'Scegli uno dei pulsanti.',
  },
  customerNotice: {
    locale: 'it-IT',
    subject: (p) => `Richiesta di associazione di un partner Microsoft per ${p.domain}`,
    preheader: (p) => `Un partner Microsoft ha chiesto di essere associato alla vostra organizzazione. Potete opporvi fino a ${p.deadline}.`,
    endOfDay: (p) => `${p.date} (fino alla fine della giornata, ora di ${p.zone})`,
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
    dataHeading: "Cosa ottiene il partner con l'associazione",
    dataWorkloads: (p) =>
      'Accettando questa associazione, il partner ottiene accesso ad alcuni dati della vostra organizzazione: i dati di ' +
      `utilizzo e delle licenze vendute dei carichi di lavoro ${p.workloads} nel vostro tenant.`,
    dataSubscription: (p) =>
      'Accettando questa associazione, il partner ottiene accesso ad alcuni dati della vostra organizzazione: i dati di ' +
      `utilizzo e delle licenze vendute della vostra sottoscrizione ${p.product} ${p.subscriptionId}.`,
    decisionHeading: 'Cosa dovete fare',
    silence: (p) =>
      "Nulla, se siete d'accordo: se non vi opponete, l'associazione tra questo partner e il vostro tenant " +
      `${p.tenantId} per quanto indicato sopra diventa ufficiale dopo ${p.deadline}.`,
    optOut: (p) => `Se non la volete, o non conoscete questo partner, opponetevi entro ${p.deadline} con questo link:`,
    optOutButton: 'Opporsi a questa associazione',
    reference: (p) => `Riferimento: richiesta ${p.claimId}. Indicatelo se ci contattate.`,
    footer: 'Questo è un messaggio automatico di CPOR Assistant sulle associazioni dei partner Microsoft. Non rispondete a ' + 'questo messaggio.',
  },
  optOutPage: {
    lang: 'it',
    dateLocale: 'it-IT',
    siteName: 'Associazione a un partner Microsoft',
    heading: 'Un partner Microsoft ha chiesto di essere associato alla vostra organizzazione',
    lead:
      'Un partner Microsoft ha chiesto a Microsoft di associare la propria organizzazione alla vostra come Claiming ' +
      'Partner of Record (CPOR) e Microsoft ha approvato la richiesta. Da questa pagina potete rifiutarla.',
    deadline: (when) => `Potete rifiutarla fino a ${when}.`,
    labels: {
      partnerOrganisation: 'Organizzazione partner',
      partnerContact: 'Contatto del partner',
      partnerId: 'Partner ID',
      customerDomain: 'Il vostro dominio',
      customerTenantId: 'ID del vostro tenant',
      workloads: 'Carichi di lavoro',
      product: 'Prodotto',
      subscriptionId: 'ID della sottoscrizione',
    },
    accessHeading: 'Cosa ottiene il partner con l’associazione',
    accessWorkloads:
      'Accettando questa associazione, il partner ottiene accesso ai dati di utilizzo e delle licenze vendute di questi ' +
      'carichi di lavoro nel vostro tenant.',
    accessSubscription: 'Accettando questa associazione, il partner ottiene accesso ai dati di utilizzo e delle licenze vendute di questa ' + 'sottoscrizione.',
    ifNothing: 'Per accettare non dovete fare nulla: dopo la scadenza l’associazione diventa ufficiale.',
    declineHint: 'Se la rifiutate, l’associazione viene respinta e il partner viene informato del vostro rifiuto.',
    declineButton: 'Rifiuta associazione',
    declinedTitle: 'Associazione rifiutata',
    declined: 'Avete rifiutato l’associazione. Il partner verrà informato.',
    alreadyDeclined: 'Avete già rifiutato questa associazione.',
    confirmTitle: (partner: string) => `Rifiutare l'associazione con ${partner}?`,
    confirmLead: "Se rifiutate, l'associazione è respinta definitivamente e il partner viene informato del vostro rifiuto. Se la mantenete, non cambia nulla.",
    confirmDecline: 'Rifiuta',
    keep: 'Mantieni',
    keptTitle: 'Associazione mantenuta',
    kept: (when: string) => `Non è cambiato nulla. Potete ancora rifiutare fino al ${when} con il link nell'e-mail.`,
    nothingElse: 'Non dovete fare altro. Potete chiudere questa pagina.',
    closedTitle: 'Associazione non più rifiutabile',
    closed: 'Questa associazione non può più essere rifiutata da qui.',
    invalidTitle: 'Link non valido',
    invalid: 'Questo link non è valido.',
    invalidHint: 'Verificate di aver aperto il link completo dell’e-mail.',
    expiredTitle: 'Link scaduto',
    expired: (when) => `Questo link è scaduto (il periodo per opporsi è terminato ${when}).`,
    tooManyTitle: 'Troppe richieste',
    tooMany: 'Troppe richieste dalla vostra rete. Attendete un minuto e riprovate.',
    failedTitle: 'Si è verificato un problema',
    failed: 'Si è verificato un problema da parte nostra. Riprovate tra qualche minuto.',
  },
  // verbs
  cardData: {
    invalid:
      'Questo pulsante ha inviato dati che non mi aspetto (la scheda potrebbe essere vecchia o alterata). Non è stato modificato nulla: riaprila dalla chat.',
  },
  // fields
  phrases: {
    questionStart: ['cosa', 'che', 'dove', 'come', 'perché', 'perchè', 'perche', 'quale', 'quali', 'chi', 'quando', 'posso', 'devo', "cos'"],
    please: ['per favore'],
    claimVerbs: ['rivendica', 'associa', 'registra', 'nuova (?:associazione|richiesta)', "crea (?:un'?\\s*)?associazione"],
    labels: {
      subscription: ['sottoscrizione(?:\\s+id)?', 'abbonamento(?:\\s+id)?'],
      tenant: ['id tenant', 'tenant'],
      partnerId: ['id\\s+partner', 'id\\s+del\\s+partner'],
      customer: ['cliente(?:\\s+contact|\\s+e-?mail)?', 'contatto\\s+(?:del\\s+)?cliente'],
      technical: ['tecnico(?:\\s+contact)?', 'contatto\\s+tecnico'],
      partner: ['contatto\\s+(?:del\\s+)?partner'],
    },
    is: ['è'],
    phone: ['telefono', 'cellulare'],
    activities: { presales: ['prevendita'], revenueAssociation: ['associazione (?:dei )?ricavi', 'ricavi'], usage: ['utilizzo', 'uso'] },
    areas: { businessApplications: ['applicazioni aziendali'], microsoft365: [] },
    contactLabels: { name: ['nome'], title: ['titolo', 'ruolo', 'qualifica'], email: ['posta'] },
    titleWords: [
      'responsabile',
      'direttore',
      'direttrice',
      'amministratore',
      'amministratrice',
      'dirigente',
      'titolare',
      'referente',
      'tecnico',
      'tecnica',
      'ingegnere',
      'consulente',
      'sistemista',
    ],
  },
};
