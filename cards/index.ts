// Adaptive Card templates (JSON in this folder) and the typed view models that bind them. Binding goes through
// adaptivecards-templating only (test/unit/cards.test.ts renders every template with sample data).
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';
import help from './help.json';
import claimSummary from './claimSummary.json';
import workloads from './workloads.json';

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

export interface Fact {
  title: string;
  value: string;
}

export interface ClaimSummaryCardData {
  title: string;
  intro: string;
  facts: Fact[];
  /** Empty string: no note row. */
  note: string;
  claimId: string;
  actions: (CardAction & { style: 'positive' | 'destructive' | 'default' })[];
}

export interface WorkloadsCardData {
  title: string;
  button: string;
  /** Comma-separated values already chosen. */
  selected: string;
  choices: { title: string; value: string }[];
}

/** Input ids of form cards whose Action.Submit carries `data.field`; the dialog reads them from activity.value. */
export const FORM_FIELDS = ['workloads'] as const;

export interface CardViewModels {
  help: HelpCardData;
  claimSummary: ClaimSummaryCardData;
  workloads: WorkloadsCardData;
}

export type CardName = keyof CardViewModels;

export const templates: Record<CardName, object> = { help, claimSummary, workloads };

export function renderCard<N extends CardName>(name: N, data: CardViewModels[N]): Record<string, unknown> {
  return new ACData.Template(templates[name]).expand({ $root: data }) as Record<string, unknown>;
}

export function cardAttachment<N extends CardName>(name: N, data: CardViewModels[N]): Attachment {
  return CardFactory.adaptiveCard(renderCard(name, data));
}
