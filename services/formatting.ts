// Instants and sizes as people read them on cards, in messages and in the CSV: one zone and one form everywhere.

/** "2026-11-26 14:05 UTC": reviewers work across time zones, so one unambiguous zone. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The time of day of an instant, to the second ("10:01:30 UTC"): for an Undo grace of a minute. */
export const formatTime = (iso: string): string => `${iso.slice(11, 19)} UTC`;

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
