// The records and results of the claim store's API (services/associationStore.ts composes the parts).
import type { Claim, ClaimStatus } from '../domain/claim';
import type { ActionInput, Refusal } from '../domain/rules';

export type { NewClaim } from '../domain/creation';

export interface ClaimSummary {
  id: string;
  name: string;
  status: ClaimStatus;
}

export const summary = (claim: Claim): ClaimSummary => ({ id: claim.id, name: claim.name, status: claim.status });

export type CreateResult =
  | { kind: 'created'; claim: Claim }
  /** The same claim id was created before (a redelivered activity or a double click): nothing new stored. */
  | { kind: 'alreadyCreated'; claim: Claim }
  | { kind: 'duplicate'; existing: ClaimSummary }
  /** Another submission for the same thing is being stored right now (a few seconds at most). */
  | { kind: 'inProgress' };

export interface ClaimFilters {
  status?: ClaimStatus;
  solutionArea?: string;
  activity?: string;
  /** Customer domain or tenant id (exact). */
  customer?: string;
  /** A workload (Microsoft 365) or product (Business Applications). */
  workload?: string;
}

/** The review queue's filters. */
export interface QueueFilters {
  /** A waiting state, or one of its kinds (disputed, partner answered); absent: both waiting states. */
  status?: 'Submitted' | 'UnderReview' | 'disputed' | 'answered';
  solutionArea?: string;
  activity?: string;
  competingOnly?: boolean;
  /** Part of the partner organisation's name (any case), or its tenant id. */
  organisation?: string;
  /** Only claims this reviewer (Teams user id) has started. */
  reviewerId?: string;
}

/** How many are waiting, and since when the longest has (ISO instant; absent when none waits). */
export interface Backlog {
  count: number;
  oldest?: string;
}

export interface ClaimRef {
  partnerTenantId: string;
  id: string;
}

/** An action as a handler asks for it; the store adds the time. */
export type TransitionInput = Omit<ActionInput, 'at'>;

/** Writes start from `current` (as read, with its ETag) instead of reading it again; a conflict re-reads. */
export interface WriteOptions {
  current?: Claim;
  /**
   * Bookkeeping on the claim a transition produces, in the same write (the scheduler leases the first notice the
   * transition owes, so it need not write again before sending it). Called again if the write is retried.
   */
  alsoChange?: (claim: Claim) => void;
}

export type TransitionResult =
  | { kind: 'done'; claim: Claim }
  | { kind: 'notFound' }
  /** The domain refused it (role, state, version, deadline, missing reason…): nothing changed. */
  | { kind: 'refused'; refusal: Refusal; claim: Claim }
  /** Approving: another reviewer is approving a competing claim at this very moment; nothing changed. */
  | { kind: 'busy'; claim: Claim };

/** A conditional write lost to another writer (412) or to a delete (404): the caller looks again or lets it be. */
export const lostRace = (err: unknown): boolean => [412, 404].includes((err as { code?: number }).code ?? 0);

/** The document exists already (409). */
export const exists = (err: unknown): boolean => (err as { code?: number }).code === 409;
