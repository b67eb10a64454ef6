// Troubleshooting topics: data in both languages, reachable by what people type in either language, never
// mistaken for a command, and rendered as valid Adaptive Cards.
import assert from 'node:assert/strict';
import * as ACData from 'adaptivecards-templating';
import { recognizeCommand } from '../../bot/teams/commands';
import {
  isTopicListRequest,
  matchTopic,
  normaliseForMatch,
  topicById,
  topicCardData,
  topicFiles,
  topicLabels,
  topicListCardData,
  type TopicLanguage,
} from '../../bot/teams/troubleshooting';
import { validateCard } from '../../scripts/manifestSchema';
import topicTemplate from '../../cards/topic.json';
import topicListTemplate from '../../cards/topicList.json';
import { actionsOf } from '../helpers/cardActions';

const languages = Object.keys(topicFiles) as TopicLanguage[];

/** What people type: punctuation, capitals, accents, extra words; none is a verbatim copy of a topic phrase. */
const said: Record<string, Record<TopicLanguage, string[]>> = {
  claimRejected: {
    en: [
      'why was my claim rejected??',
      'Why did you REJECT my association?',
      'My CPOR claim got rejected, what can I do?',
      'The customer declined... why?',
      'How can I dispute the rejection?',
    ],
    it: [
      'Perché la mia richiesta è stata rifiutata?',
      "Perche' hanno rifiutato la mia associazione?",
      'Come posso contestare il rifiuto?',
      'La richiesta è stata RESPINTA, perché?',
    ],
  },
  infoRequested: {
    en: ['The reviewer asked me for more info', 'What does "Partner action required" mean?', 'They say: Missing Customer Acknowledgement. What now?'],
    it: ['Il revisore mi ha chiesto più informazioni', 'Cosa vuol dire "Azione del partner richiesta"?', 'mi chiedono informazioni aggiuntive sulla richiesta'],
  },
  domainTenantMismatch: {
    en: [
      'Domain/tenant mismatch!',
      "The domain doesn't match the tenant ID",
      "my customer's domain and tenant don't match",
      "Where can I find the customer's tenant ID?",
    ],
    it: ["Il dominio non corrisponde all'ID tenant", 'Mancata corrispondenza dominio-tenant: cosa faccio?', "dove si trova l'ID del tenant del cliente?"],
  },
  whichActivity: {
    en: ['Which activity should I pick?', 'Presales or Usage: what should I choose?', 'What does "Revenue association" mean?'],
    it: ['Quale attività devo selezionare?', 'Prevendita o utilizzo, cosa scelgo?', "Che cos'è l'associazione dei ricavi?"],
  },
  whichPartnerId: {
    en: ['Which Partner ID should I use??', "What's my MPN ID?", 'I used the wrong Partner ID', 'Not sure what Partner ID to enter'],
    it: ['Quale Partner ID devo indicare?', 'Ho sbagliato il Partner ID', 'Qual è il mio ID MPN?'],
  },
  subscriptionNotFound: {
    en: ['Subscription not found!', 'The subscription ID is not accepted', 'Can I claim a CSP subscription?'],
    it: [
      'Sottoscrizione non trovata!',
      "L'ID della sottoscrizione non viene accettato",
      'Posso rivendicare una sottoscrizione CSP?',
      'perché la sottoscrizione non viene trovata?',
    ],
  },
  newSubscription: {
    en: ["I just purchased a new subscription and can't claim it", 'When can I claim a NEW subscription?', "The new subscription isn't claimable yet"],
    it: [
      'Ho una nuova sottoscrizione ma non riesco a rivendicarla',
      'Quando potrò rivendicare la nuova sottoscrizione?',
      'La sottoscrizione è appena stata acquistata, non la trovo',
    ],
  },
  expiredSubscription: {
    en: ['My subscription has expired, what now?', 'the Dynamics subscription expired', 'The customer renewed: is my claim still valid?'],
    it: ['La sottoscrizione Dynamics è scaduta: che faccio?', 'Il mio abbonamento è scaduto', 'Il cliente ha rinnovato la sottoscrizione'],
  },
  competingClaim: {
    en: [
      'What is a competing claim?',
      'Another partner claimed the same customer!',
      'Someone else already claimed this workload',
      'the same customer is claimed by two partners',
    ],
    it: [
      "Cos'è una richiesta concorrente?",
      'Un altro partner ha rivendicato lo stesso cliente!',
      "C'è un conflitto con un altro partner",
      'lo stesso cliente è rivendicato da due partner',
    ],
  },
  coopClaim: {
    en: ['How do I submit a co-op claim?', 'Co-op claim', 'is coop the same as CPOR?'],
    it: ['Come invio una richiesta co-op?', 'Fondi co-op: dove li chiedo?', 'La richiesta COOP è come CPOR?', 'Posso usare il bot per il co-op?'],
  },
};

const notTopics = [
  'help',
  'new association',
  'cancel',
  'aiuto',
  'annulla',
  'nuova associazione',
  'submit',
  'invia',
  'my associations',
  'status',
  "what's the weather",
  'what is the weather',
  'hello there',
  'tell me a joke',
  'thanks',
  'grazie',
  '',
  '   ',
  '???',
  'which workloads can I claim',
  'how do I claim a customer',
  'why do I need a claim name',
  'something went wrong',
  "I can't find the button",
  'what is CPOR',
  'show my claims',
  "what's the status of my claim",
  'I want to edit my claim',
  'new claim for contoso subscription',
  'nuova associazione per contoso',
  'perché serve una richiesta?',
  'aspetto ancora la risposta del revisore',
  'quale carico di lavoro scelgo',
  'Non trovo il pulsante',
  'troubleshoot',
  'risolvi problemi',
];

function render(template: object, data: object): Record<string, unknown> {
  return new ACData.Template(template).expand({ $root: data }) as Record<string, unknown>;
}

function assertValid(card: Record<string, unknown>): void {
  assert.deepEqual(validateCard(card), []);
  assert.equal(card.version, '1.5');
  assert.doesNotMatch(JSON.stringify(card), /\$\{/);
  assert.doesNotMatch(JSON.stringify(card), /"\$(data|when)"/);
}

describe('troubleshooting topics', () => {
  describe('data', () => {
    it('has the same topic ids, in the same order, in every language', () => {
      const ids = (language: TopicLanguage) => topicFiles[language].topics.map((t) => t.id);
      for (const language of languages) assert.deepEqual(ids(language), ids('en'), language);
      assert.equal(new Set(ids('en')).size, ids('en').length, 'ids are unique');
      assert.deepEqual(Object.keys(said).sort(), [...ids('en')].sort(), 'every topic is tested below');
    });

    it('has every field and label non-empty, and at least five lower-case phrasings per topic', () => {
      const empties: string[] = [];
      const walk = (o: unknown, at: string) => {
        if (typeof o === 'string' && o.trim() === '') empties.push(at);
        else if (Array.isArray(o) && o.length === 0 && !at.endsWith('claimStatuses') && !at.endsWith('hints')) empties.push(at);
        else if (typeof o === 'object' && o) for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
      };
      walk(topicFiles, 'topics');
      assert.deepEqual(empties, []);
      for (const language of languages) {
        assert.deepEqual(Object.keys(topicFiles[language].labels).sort(), Object.keys(topicFiles.en.labels).sort(), language);
        assert.match(topicFiles[language].labels.openClaim, /\{name\}/, `${language}: openClaim names the claim`);
        for (const topic of topicFiles[language].topics) {
          const where = `${language}/${topic.id}`;
          assert.ok(topic.phrases.length >= 5, `${where}: at least 5 phrases`);
          for (const phrase of topic.phrases) assert.equal(phrase, phrase.toLowerCase(), `${where}: "${phrase}" is lower case`);
          assert.ok(topic.keywords.length > 0, `${where}: keywords`);
          assert.deepEqual(topic.claimStatuses, topicById(topic.id, 'en')?.claimStatuses, `${where}: same claim states as in English`);
        }
      }
    });

    it('lets each phrase of a topic find that topic, and no command or list phrase be a topic phrase', () => {
      for (const language of languages) {
        for (const topic of topicFiles[language].topics) {
          for (const phrase of topic.phrases) {
            assert.equal(recognizeCommand(phrase), undefined, `"${phrase}" is a command`);
            assert.equal(matchTopic(phrase)?.topic.id, topic.id, `${language}: "${phrase}"`);
          }
        }
        for (const phrase of topicFiles[language].listPhrases) {
          assert.equal(recognizeCommand(phrase), undefined, `"${phrase}" is a command`);
          assert.equal(isTopicListRequest(phrase), true, phrase);
        }
      }
    });
  });

  describe('matching', () => {
    it('normalises case, accents, punctuation and spaces', () => {
      assert.equal(normaliseForMatch('  Perché è   RIFIUTATA?!'), 'perche e rifiutata');
      assert.equal(normaliseForMatch("Domain/tenant mis-match… l'ID"), 'domain tenant mis match l id');
    });

    for (const [id, byLanguage] of Object.entries(said)) {
      for (const language of languages) {
        it(`finds ${id} from at least three ${language} phrasings, in ${language}`, () => {
          const samples = byLanguage[language];
          const phrases = topicFiles[language].topics.find((t) => t.id === id)!.phrases;
          assert.ok(new Set(samples).size >= 3, 'three different phrasings');
          for (const text of samples) {
            assert.equal(phrases.includes(text), false, `"${text}" is a verbatim copy of a phrase`);
            // Whatever the user's locale.
            for (const preferred of languages) {
              const match = matchTopic(text, preferred);
              assert.equal(match?.topic.id, id, `"${text}" (locale ${preferred}) found ${match?.topic.id}`);
              assert.equal(match?.language, language, `"${text}" (locale ${preferred}) is ${language}`);
            }
          }
          // Not only through the phrases: at least one is found by its keywords.
          const all = topicFiles[language].topics.flatMap((t) => t.phrases.map(normaliseForMatch));
          assert.ok(
            samples.some((text) => !all.some((p) => ` ${normaliseForMatch(text)} `.includes(` ${p} `))),
            'at least one phrasing contains no phrase of any topic',
          );
        });
      }
    }

    it('matches no topic for commands and unrelated text', () => {
      for (const text of notTopics) assert.equal(matchTopic(text)?.topic.id, undefined, `"${text}"`);
    });

    it('opens the topic list for "troubleshoot", "problems", "risolvi problemi" only', () => {
      for (const text of ['troubleshoot', 'Problems!', 'Risolvi problemi', 'RISOLUZIONE dei problemi']) assert.equal(isTopicListRequest(text), true, text);
      for (const text of ['help', 'why was my claim rejected', 'problems with my claim', '']) assert.equal(isTopicListRequest(text), false, text);
    });

    it('gives the topic in another language by id', () => {
      const match = matchTopic('perché la mia richiesta è stata rifiutata?')!;
      assert.equal(match.language, 'it');
      assert.equal(topicById(match.topic.id, 'en')?.title, 'Why was my claim rejected?');
    });
  });

  describe('cards', () => {
    const claim = { id: 'CPOR-ABCDEFGHJK', partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', name: 'Contoso Teams rollout' };

    for (const language of languages) {
      for (const topic of topicFiles[language].topics) {
        it(`renders ${language}/${topic.id} as a valid 1.5 card, with and without a claim`, () => {
          const labels = topicLabels(language);
          const without = render(topicTemplate, topicCardData(topic, labels));
          assertValid(without);
          const text = JSON.stringify(without);
          for (const part of [topic.title, labels.nextStep, labels.otherTopics]) assert.ok(text.includes(JSON.stringify(part).slice(1, -1)), part);
          const [other, ...rest] = actionsOf(without);
          assert.equal(rest.length, 0, 'no "Open" button without a claim');
          assert.equal(other.type, 'Action.Execute');
          assert.equal(other.verb, 'command');
          assert.equal(other.data?.prompt, topic.title);
          assert.equal(isTopicListRequest(other.data?.text ?? ''), true, '"Other topics" opens the list');

          const withClaim = render(topicTemplate, topicCardData(topic, labels, { claim }));
          assertValid(withClaim);
          const [open, back] = actionsOf(withClaim);
          assert.deepEqual(
            { type: open.type, verb: open.verb, title: open.title, data: open.data },
            {
              type: 'Action.Execute',
              verb: 'claim.open',
              title: labels.openClaim.replace('{name}', claim.name),
              data: { claimId: claim.id, partnerTenantId: claim.partnerTenantId },
            },
          );
          assert.equal(back.verb, 'command');
        });
      }

      it(`renders the ${language} topic list: a valid 1.5 card with one button per topic`, () => {
        const data = topicListCardData(language);
        const card = render(topicListTemplate, data);
        assertValid(card);
        const actions = actionsOf(card);
        assert.equal(actions.length, topicFiles[language].topics.length);
        actions.forEach((action, i) => {
          const topic = topicFiles[language].topics[i];
          assert.equal(action.type, 'Action.Execute');
          assert.equal(action.verb, 'command');
          assert.equal(action.title, topic.title);
          assert.equal(action.data?.prompt, data.title);
          assert.deepEqual(matchTopic(action.data?.text ?? ''), { topic, language }, `the button of ${topic.id} finds it`);
        });
      });
    }

    it('keeps a claim name with "$" or braces as it is', () => {
      const topic = topicFiles.en.topics[0];
      const card = render(topicTemplate, topicCardData(topic, topicLabels('en'), { claim: { ...claim, name: 'A $& {name} B' } }));
      assert.equal(actionsOf(card)[0].title, 'Open A $& {name} B');
    });
  });
});
