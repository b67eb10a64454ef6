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
    topics: [
      { title: 'aiuto', text: 'Mostra questo elenco.' },
      {
        title: 'Cos\'è CPOR',
        text:
          'Una richiesta associa la tua organizzazione a un tenant cliente e a un carico di lavoro (Microsoft 365) o ' +
          'a una sottoscrizione (Business Applications). Microsoft verifica ogni richiesta; dopo l\'approvazione il ' +
          'cliente ha cinque giorni lavorativi per rifiutare, poi l\'associazione diventa ufficiale.',
      },
    ],
  },
  errors: {
    generic:
      'Si è verificato un errore da parte mia e il tuo ultimo messaggio non è stato elaborato. Riprova tra poco.',
  },
  commands: {
    help: ['aiuto', 'guida', 'menu', '?', 'cosa sai fare', 'comandi', 'ciao', 'inizia'],
  },
};
