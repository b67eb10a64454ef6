// Adaptive Card templates (JSON in this folder) and the typed view models that bind them. Binding goes through
// adaptivecards-templating only (test/unit/cards.test.ts renders every template with sample data).
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';
import { LIMITS } from '../services/domain/validation';
import help from './help.json';
import claimSummary from './claimSummary.json';
import workloads from './workloads.json';
import choices from './choices.json';
import answered from './answered.json';
import review from './review.json';
import partnerAnswer from './partnerAnswer.json';
import claimList from './claimList.json';
import reviewQueue from './reviewQueue.json';
import digest from './digest.json';
import claimDetail from './claimDetail.json';
import topic from './topic.json';
import topicList from './topicList.json';
import exportLink from './exportLink.json';
import claimForm from './claimForm.json';
import claimConflict from './claimConflict.json';
import contact from './contact.json';

export { md } from './markdown';

// Every button is an Action.Execute; its verb and the payload each verb sends are in ./verbs.ts.
export * from './verbs';
export * from './viewModels';
import type { CardName, CardViewModels } from './viewModels';

export const templates: Record<CardName, object> = {
  help,
  claimSummary,
  workloads,
  choices,
  answered,
  review,
  partnerAnswer,
  claimList,
  reviewQueue,
  digest,
  claimDetail,
  topic,
  topicList,
  exportLink,
  claimForm,
  claimConflict,
  contact,
};

// Parsing a template's expressions is most of the cost of a render (14 ms for the review card): parse each
// template once and expand the prepared one (expand does not change it).
const prepared = new Map<CardName, ACData.Template>();

function preparedTemplate(name: CardName): ACData.Template {
  let template = prepared.get(name);
  if (!template) {
    template = new ACData.Template(templates[name]);
    prepared.set(name, template);
  }
  return template;
}

/**
 * Parses every template now: run at start-up, so no turn and no scheduler pass pays a first parse (the first one
 * also sets up the expression parser: 60-80 ms, a fifth of a 100-claim pass).
 */
export function prepareCardTemplates(): void {
  for (const name of Object.keys(templates) as CardName[]) preparedTemplate(name);
}

export function renderCard<N extends CardName>(name: N, data: CardViewModels[N]): Record<string, unknown> {
  const template = preparedTemplate(name);
  // $host: what every card may read besides its view model (the input limits the server enforces).
  return template.expand({ $root: data, $host: { limits: LIMITS } }) as Record<string, unknown>;
}

export function cardAttachment<N extends CardName>(name: N, data: CardViewModels[N]): Attachment {
  return CardFactory.adaptiveCard(renderCard(name, data));
}
