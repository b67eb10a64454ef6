// Who acts (the parties), the windows of the life cycle from configuration, and what the bot writes in its own name.
import type { BusinessDayOptions } from '../businessDays';
import type { Actor } from './claim';

/** The capacity someone acts in. Partner roles are Partner Center's; the system is the bot's own timers. */
export type Party = 'incentivesAdmin' | 'incentivesUser' | 'reviewer' | 'customer' | 'system';

export const PARTNER_PARTIES: readonly Party[] = ['incentivesAdmin', 'incentivesUser'];

/** The windows of the life cycle, from configuration. */
export interface DomainPolicy {
  /**
   * Business days the customer has to opt out after approval (and after the e-mail, if it left later): until the
   * end of the last one in the calendar's time zone (0: the approval instant).
   */
  optOutBusinessDays: number;
  /** Business days a partner has to answer a request for information. */
  partnerResponseBusinessDays: number;
  /**
   * Calendar days after a rejection in which it may be disputed: until the end of day N in the calendar's time zone
   * (the rejection's own date is day 0), day N + 1 out.
   */
  disputeDays: number;
  /** Business days a claim may wait for a reviewer before it is flagged overdue. */
  reviewBusinessDays: number;
  /** Time zone and public holidays business days are counted in. */
  calendar: BusinessDayOptions;
  /** Seconds an approval or a withdrawal may be undone before what it owes outside the bot leaves (0: no Undo). */
  undoSeconds: number;
}

export const DEFAULT_POLICY: DomainPolicy = {
  undoSeconds: 0,
  optOutBusinessDays: 5,
  partnerResponseBusinessDays: 5,
  disputeDays: 30,
  reviewBusinessDays: 5,
  calendar: { timeZone: 'UTC' },
};

/** Who the bot's own acts (timers, settlements) are recorded as. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'CPOR Assistant' };

/** Reasons the system writes (verbatim in history and notices; the other partner is never named). */
export const SYSTEM_REASONS = {
  noResponse: 'No partner response',
  customerDeclined: 'Customer declined',
  partnerRequest: 'Partner request',
  competing: "Competing claim: another partner's claim became official",
  superseded: "Superseded by another partner's association",
  held: "On hold: another partner's claim on the same workload was approved",
} as const;
