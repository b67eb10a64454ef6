// Tutti i testi per l'utente in italiano (it-IT, la lingua del seed). Stesse chiavi di en.ts.
import type { Strings } from './en';

export const it: Strings = {
  languageName: 'Italiano',
  welcome: {
    heading: 'Benvenuto in CPOR Assistant',
    intro:
      'Aiuto i partner Microsoft a rivendicare i clienti come Claiming Partner of Record (CPOR) per OSA Sell, ' +
      'OSU Microsoft 365 e OSU Business Applications, e seguo ogni richiesta finché diventa ufficiale.',
    teamIntro:
      'Pubblico le richieste da verificare in un canale di questo team. Un revisore può scrivere qui ' +
      '"usa questo canale per le revisioni".',
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
      { title: 'nuova associazione', text: 'Crea un\'associazione cliente (richiesta), una domanda alla volta.' },
      { title: 'aiuto', text: 'Mostra questo elenco. Durante una domanda, "annulla" la interrompe.' },
      {
        title: 'Cos\'è CPOR',
        text:
          'Una richiesta associa la tua organizzazione a un tenant cliente e a un carico di lavoro (Microsoft 365) o ' +
          'a una sottoscrizione (Business Applications). Microsoft verifica ogni richiesta; dopo l\'approvazione il ' +
          'cliente ha cinque giorni lavorativi per rifiutare, poi l\'associazione diventa ufficiale.',
      },
    ],
  },
  cards: {
    formSent: 'Inviato',
  },
  errors: {
    unknownAction: 'Non so gestire questo pulsante. Scrivi "aiuto" per vedere cosa posso fare.',
    generic:
      'Si è verificato un errore da parte mia e il tuo ultimo messaggio non è stato elaborato. Riprova tra poco.',
  },
  commands: {
    help: ['aiuto', 'guida', 'menu', '?', 'cosa sai fare', 'comandi', 'ciao', 'inizia'],
    newClaim: ['nuova associazione', 'nuova richiesta', 'rivendica un cliente', 'crea associazione', 'nuovo cliente', 'nuova'],
    submit: ['invia', 'conferma'],
    edit: ['modifica', 'modifica un campo', 'cambia'],
    cancel: ['annulla', 'esci', 'basta', 'interrompi'],
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
      presales: 'Prevendita: hai consigliato il cliente prima dell\'acquisto (OSA Sell).',
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
  claim: {
    start: 'Creiamo un\'associazione cliente. Scrivi "annulla" in qualsiasi momento per fermarti; non salvo nulla finché non invii.',
    noRole:
      'Solo gli utenti con il ruolo Partner Center Incentives admin o Incentives user della tua organizzazione possono ' +
      'creare associazioni. Chiedi all\'amministratore globale di assegnarti uno di questi ruoli, poi riprova. Non ho salvato nulla.',
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
    askTenantId: 'Qual è l\'ID tenant del cliente (un GUID come 8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b)?',
    tenantCheckedOnReview: 'Ok. La corrispondenza tra dominio e ID tenant verrà verificata in revisione.',
    tenantMatches: 'Il dominio e l\'ID tenant corrispondono.',
    askWorkloads:
      'Quali carichi di lavoro Microsoft 365? Scegline uno o più nella scheda, oppure scrivi nomi o numeri separati da virgole.',
    workloadsCardTitle: 'Carichi di lavoro',
    workloadsCardButton: 'Usa questi carichi di lavoro',
    askProduct: 'Quale prodotto?',
    askSubscriptionId:
      'Qual è l\'ID della sottoscrizione (un GUID)? Sono ammesse solo sottoscrizioni Volume Licensing o Web-Direct: le sottoscrizioni CSP non lo sono.',
    askCustomerName: 'Contatto del cliente: come si chiama?',
    askCustomerTitle: 'Contatto del cliente: qual è il suo ruolo aziendale?',
    askCustomerEmail: 'Contatto del cliente: qual è il suo indirizzo e-mail? Il cliente verrà informato dell\'associazione lì.',
    askTechnicalName: 'Per Dynamics 365 serve un contatto tecnico del cliente: come si chiama?',
    askTechnicalEmail: 'Contatto tecnico del cliente: qual è il suo indirizzo e-mail?',
    askPartnerContact: (name: string, email: string) => `Contatto del partner: uso te, ${name} (${email})?`,
    askPartnerName: 'Contatto del partner: come si chiama?',
    askPartnerEmail: 'Contatto del partner: qual è il suo indirizzo e-mail?',
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
    noComments: '—',
    submitted: (id: string) =>
      `Inviata: richiesta ${id}. Prossimi passi: un revisore Microsoft la verifica (ti aggiornerò qui a ogni passaggio). ` +
      'Dopo l\'approvazione il cliente viene informato e ha 5 giorni lavorativi per rifiutare; altrimenti l\'associazione diventa ufficiale.',
    savedDraft: (id: string) =>
      `Salvata in Bozza: richiesta ${id}. Aggiungi la prova di esecuzione per inviarla in revisione.`,
    competing:
      'Nota: un altro partner ha già una richiesta su questo tenant e carico di lavoro. Entrambe vanno al revisore, che decide in base alle prove di esecuzione.',
    duplicate: (name: string, id: string, status: string) =>
      `La tua organizzazione ha già una richiesta aperta su questo tenant e carico di lavoro: "${name}" (${id}, ${status}). Non ho salvato nulla di nuovo.`,
    inProgress: 'Un\'altra richiesta per questo tenant e carico di lavoro è in fase di salvataggio proprio ora. Riprova tra un minuto.',
    alreadySubmitted: (id: string, status: string) => `Questa richiesta è già salvata come ${id} (${status}). Non ho salvato nulla di nuovo.`,
    noActiveSummary: 'Quel riepilogo non è più attivo (è stato annullato o sostituito). Scrivi "nuova associazione" per ricominciare.',
    nothingToCancel: 'Non c\'è nulla da annullare in questo momento.',
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
    choice: 'Scegli uno dei pulsanti.',
  },
};
