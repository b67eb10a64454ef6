// Reminders to partners, through the claim's outbox: a request for information due in 2 business days (with the
// answer card), a Draft untouched for 7 days (add the proof of execution to submit it). Each is written once into
// the claim with an ETag-conditional write that records what it was for (the deadline, the Draft's last change), so
// instances and restarts never write it twice; the notice delivery sends it exactly once. An organisation's
// Incentives admin may stop them ("stop reminders") and resume them ("riprendi promemoria").
import type { Container } from '@azure/cosmos';
import type { AssociationStore, ClaimRef } from '../../services/associationStore';
import { addBusinessDays } from '../../services/businessDays';
import type { Clock } from '../../services/clock';
import type { Claim, ReminderKind } from '../../services/domain/claim';
import { notice } from '../../services/domain/rules';
import type { Logger } from '../../services/logger';

export interface RemindersDeps {
  claims: AssociationStore;
  /** Holds each organisation's "reminders stopped" document (partition key /id). */
  state: Container;
  /** Starts delivering a claim's pending notices; not awaited. */
  deliver(claim: ClaimRef): void;
  clock: Clock;
  log: Logger;
}

/** Business days before the answer deadline the partner is reminded. */
export const ANSWER_REMINDER_BUSINESS_DAYS = 2;
/** Days a Draft may stay untouched before its author is reminded. */
export const DRAFT_IDLE_DAYS = 7;

interface StoppedRecord {
  id: string;
  tenantId: string;
  by: { id: string; name: string };
  at: string;
}

const stoppedId = (tenantId: string) => `reminders-stopped|${tenantId}`;
const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/** What a reminder was for: it is owed again only when this changes (a new deadline, a Draft edited since). */
const reminderKey = (claim: Claim, kind: ReminderKind) => (kind === 'answerDue' ? claim.partnerActionDeadline : claim.updatedAt) ?? '';
const STATUS: Record<ReminderKind, Claim['status']> = { answerDue: 'PartnerActionRequired', draftIdle: 'Draft' };

export class Reminders {
  constructor(private readonly deps: RemindersDeps) {}

  /** Writes the reminders now owed (each once) and starts their delivery; returns how many were written. */
  async run(): Promise<number> {
    const now = this.deps.clock.now();
    const { calendar } = this.deps.claims.policy;
    const limits: Record<ReminderKind, string> = {
      answerDue: addBusinessDays(now, ANSWER_REMINDER_BUSINESS_DAYS, calendar).toISOString(),
      draftIdle: new Date(now.getTime() - DRAFT_IDLE_DAYS * 86_400_000).toISOString(),
    };
    const stopped = new Map<string, boolean>();
    let written = 0;
    for (const kind of ['answerDue', 'draftIdle'] as const) {
      for await (const page of this.deps.claims.reminderCandidates(kind, limits[kind])) {
        for (const ref of page) {
          if (!stopped.has(ref.partnerTenantId)) stopped.set(ref.partnerTenantId, await this.isStopped(ref.partnerTenantId));
          // Stopped: not written, so it is owed again if the organisation resumes while it is still relevant.
          if (stopped.get(ref.partnerTenantId)) continue;
          if (await this.write(ref, kind, limits[kind], now)) {
            written += 1;
            this.deps.deliver(ref);
          }
        }
      }
    }
    if (written > 0) this.deps.log.info({ written }, 'partner reminders written');
    return written;
  }

  /** Adds the reminder notice unless the claim moved on or another instance wrote it first (ETag). */
  private async write(ref: ClaimRef, kind: ReminderKind, limit: string, now: Date): Promise<boolean> {
    let wrote = false;
    await this.deps.claims.update(ref, (c) => {
      const key = reminderKey(c, kind);
      wrote = c.status === STATUS[kind] && key !== '' && key <= limit && c.reminded?.[kind] !== key;
      if (!wrote) return false;
      c.reminded = { ...c.reminded, [kind]: key };
      c.notices.push({ ...notice('partner', c.version, c.history.length - 1, now.toISOString()), id: `${c.version}:reminder:${kind}:${key}`, reminder: kind });
      return true;
    });
    return wrote;
  }

  async isStopped(tenantId: string): Promise<boolean> {
    const { resource } = await this.deps.state.item(stoppedId(tenantId), stoppedId(tenantId)).read<StoppedRecord>();
    return resource !== undefined;
  }

  /** Stops (or resumes) the organisation's reminders; who may is decided where the command is typed. */
  async setStopped(tenantId: string, by: StoppedRecord['by'], stop: boolean): Promise<void> {
    const id = stoppedId(tenantId);
    if (stop) {
      const record: StoppedRecord = { id, tenantId, by, at: this.deps.clock.now().toISOString() };
      await this.deps.state.items.upsert(record);
      return;
    }
    try {
      await this.deps.state.item(id, id).delete();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
}
