// The card verbs' table: every verb a card may carry (cards/verbs.ts, and the claim form's), the schema of its payload
// and its handler. The table's type makes a verb without a handler a compile error; a click whose data does not match
// its verb's schema is refused with a clear message before any handler runs, so it changes nothing.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CARD_PAYLOADS, type CardVerb } from '../../cards';
import type { Logger } from '../../services/logger';
import { stringsFor } from '../../services/strings';
import { CLAIM_FORM_VERBS } from './dialogs/claimForm';
import { errorResponse } from './invokeResponses';

/** The claim form's buttons (bot/teams/claimForm.ts): the operation, the form's claim and program, and its inputs. */
const claimFormPayload = z
  .object({ claimForm: z.string(), claimId: z.string(), solutionArea: z.string().optional(), activity: z.string().optional(), prompt: z.string().optional() })
  .passthrough();

/** Every verb a card may carry: the cards' own, and the claim form's. */
export type BotVerb = CardVerb | (typeof CLAIM_FORM_VERBS)[number];

export const BOT_PAYLOADS = {
  ...CARD_PAYLOADS,
  'claimForm.program': claimFormPayload,
  'claimForm.submit': claimFormPayload,
} satisfies Record<BotVerb, z.ZodTypeAny>;

/** What a button of this verb sends, once checked. */
export type Payload<V extends BotVerb> = z.output<(typeof BOT_PAYLOADS)[V]>;

export interface VerbHandler<V extends BotVerb> {
  /** Handled in the conversation's dialog turn (the dialog state is read, deduped and written). */
  dialogTurn: boolean;
  handle(context: TurnContext, payload: Payload<V>): Promise<AdaptiveCardInvokeResponse>;
}

/** One handler for each verb. */
export type VerbTable = { [V in BotVerb]: VerbHandler<V> };

export const isBotVerb = (verb: unknown): verb is BotVerb => typeof verb === 'string' && Object.prototype.hasOwnProperty.call(BOT_PAYLOADS, verb);

/** Rows for a group of verbs sharing one handler (it is told which verb was clicked). */
export function verbRows<V extends BotVerb>(
  verbs: readonly V[],
  dialogTurn: boolean,
  handle: (context: TurnContext, verb: V, payload: Payload<V>) => Promise<AdaptiveCardInvokeResponse>,
): { [K in V]: VerbHandler<K> } {
  return Object.fromEntries(
    verbs.map((verb) => [verb, { dialogTurn, handle: (context: TurnContext, payload: Payload<V>) => handle(context, verb, payload) }]),
  ) as {
    [K in V]: VerbHandler<K>;
  };
}

/**
 * A card click: its verb's handler with the payload checked, 400 for a verb the bot does not know or data its verb
 * does not send. A failure of a verb acting on stored claims is logged and answered with a plain apology (the dialog's
 * go to the turn's error handler, which also says sorry).
 */
export async function runVerb(table: VerbTable, context: TurnContext, verb: unknown, data: unknown, log: Logger): Promise<AdaptiveCardInvokeResponse> {
  const s = stringsFor(context.activity.locale);
  if (!isBotVerb(verb)) return errorResponse(400, s.errors.unknownAction);
  const parsed = (BOT_PAYLOADS[verb] as z.ZodType<Payload<typeof verb>, z.ZodTypeDef, unknown>).safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
    log.warn({ verb, issues, activityId: context.activity.id }, 'card click refused: its data is not what its verb sends');
    return errorResponse(400, s.cardData.invalid);
  }
  const row = table[verb] as VerbHandler<typeof verb>;
  if (row.dialogTurn) return row.handle(context, parsed.data);
  try {
    return await row.handle(context, parsed.data);
  } catch (err) {
    log.error({ err, activityId: context.activity.id }, 'card action failed');
    return errorResponse(500, s.errors.generic);
  }
}

/** Whether this verb's clicks run in the conversation's dialog turn (false for anything unknown). */
export const isDialogVerb = (table: VerbTable, verb: unknown): boolean => isBotVerb(verb) && table[verb].dialogTurn;
