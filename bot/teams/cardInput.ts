// Reading what a card's inputs sent back: untrusted values, read the same way by every card handler.
import { LIMITS } from '../../services/domain/validation';

export type CardData = Record<string, unknown>;

/** A text input's value, trimmed; anything else reads as empty. */
export const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A card value as the answer to show: a string as it is, nothing as empty, anything else as JSON. */
export const shown = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

/** The filter choice meaning "no filter" (a compact choice set shows an empty value as blank). */
export const ANY = 'any';

/** A filter's value, or undefined for "any" or nothing. */
export const filterValue = (value: unknown): string | undefined => {
  const v = str(value);
  return v && v !== ANY ? v : undefined;
};

/**
 * A page token that came back from a card and may have been altered: the store rejects it (400) or the SDK fails
 * to parse it (TypeError, SyntaxError). Any other failure (store down) is still a failure.
 */
export const isBadPageToken = (err: unknown): boolean => (err as { code?: unknown }).code === 400 || err instanceof TypeError || err instanceof SyntaxError;

/** What a card action sent: an invoke's `action.data`, or a message's `value` (Action.Submit); undefined for neither. */
export function cardInputOf(activity: { type?: string; value?: unknown }): unknown {
  if (activity.type === 'invoke') return (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data;
  return activity.type === 'message' ? activity.value : undefined;
}

/** Whether a card action's data is within LIMITS (how many inputs, how many bytes): a larger one is refused whole. */
export function cardInputWithin(data: unknown): boolean {
  if (data === undefined || data === null) return true;
  const inputs = typeof data === 'object' ? Object.keys(data).length : 1;
  return inputs <= LIMITS.cardInputs && Buffer.byteLength(JSON.stringify(data)) <= LIMITS.cardInputBytes;
}
