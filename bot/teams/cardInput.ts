// Reading what a card's inputs sent back: untrusted values, read the same way by every card handler.

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
