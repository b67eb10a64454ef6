// Who hears of a claim's news (docs/behaviour.md, "Who is told"): its creator, every Incentives admin of its
// organisation the bot can reach, and the organisation's own channel when it chose one. Pure: the people and their
// roles are read at the edge (conversations, roles) and passed in.

/** A person of the partner organisation the bot has a 1:1 chat with. */
export interface KnownPerson {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  /** An Incentives admin of the organisation: may dispute a rejection. */
  admin: boolean;
}

export interface Recipient {
  /**
   * Written on the notice once it has reached them, so a retry after a failure part-way sends it to the others
   * only: `user:<Teams user id>` or `channel`.
   */
  key: string;
  /** The person (a 1:1 chat); undefined for the organisation's channel. */
  userId?: string;
  /** An Incentives admin. The channel is read by anyone in it, so it is told who may. */
  mayDispute: boolean;
}

export const CHANNEL_RECIPIENT = 'channel';
const personKey = (userId: string) => `user:${userId}`;

/**
 * Whom a notice about the claim goes to, each once: the creator first (whatever their role: it is their claim),
 * then every other Incentives admin among the people known, then the organisation's channel if it has one.
 */
export function audience(creator: KnownPerson, known: readonly KnownPerson[], hasChannel: boolean): Recipient[] {
  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  const add = (recipient: Recipient) => {
    if (seen.has(recipient.key)) return;
    seen.add(recipient.key);
    recipients.push(recipient);
  };
  add({ key: personKey(creator.id), userId: creator.id, mayDispute: creator.admin });
  for (const person of known) if (person.admin) add({ key: personKey(person.id), userId: person.id, mayDispute: true });
  if (hasChannel) add({ key: CHANNEL_RECIPIENT, mayDispute: false });
  return recipients;
}

/** Who may dispute, as a notice names them to someone who may not: the admins known, by name, each once, sorted. */
export function disputers(creator: KnownPerson, known: readonly KnownPerson[]): string[] {
  const names = [creator, ...known].filter((p) => p.admin).map((p) => p.name.trim() || p.id);
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
