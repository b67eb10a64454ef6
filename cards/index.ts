// Adaptive Card templates (JSON in this folder) and the typed view models that bind them. Binding goes through
// adaptivecards-templating only (test/unit/cards.test.ts renders every template with sample data).
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';
import help from './help.json';

export interface CardAction {
  title: string;
  /** Text sent back as if the user typed it (Teams messageBack), so buttons and typing share one router. */
  command: string;
}

export interface HelpCardData {
  heading: string;
  intro: string;
  /** Empty string: no notice row. */
  notice: string;
  topics: { title: string; text: string }[];
  actions: CardAction[];
}

export interface CardViewModels {
  help: HelpCardData;
}

export type CardName = keyof CardViewModels;

export const templates: Record<CardName, object> = { help };

export function renderCard<N extends CardName>(name: N, data: CardViewModels[N]): Record<string, unknown> {
  return new ACData.Template(templates[name]).expand({ $root: data }) as Record<string, unknown>;
}

export function cardAttachment<N extends CardName>(name: N, data: CardViewModels[N]): Attachment {
  return CardFactory.adaptiveCard(renderCard(name, data));
}
