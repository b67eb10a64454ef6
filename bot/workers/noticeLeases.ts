// The outbox's writes (noticeDelivery.ts): a notice is leased with an ETag-conditional write before it is sent, and
// its outcome is recorded in the write that leases the claim's next notice. The lease covers one send attempt
// (renewed before a retry); with a sole instance (the embedded store's locked data folder) a lease another owner
// holds is a dead process's, free at once; a clean stop gives back the lease it did not use.
import { randomUUID } from 'node:crypto';
import type { AssociationStore, ClaimRef } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { Claim, Notice } from '../../services/domain/claim';

/**
 * A lease covers one send attempt (renewed before a retry): the attempt's deadline, the last request it may still
 * have in flight at that deadline (each ends within the send timeout), and a margin. This is also how long a
 * notice leased by a crashed instance waits before another takes it over.
 */
const leaseMsFor = (sendTimeoutMs: number) => 2 * sendTimeoutMs + 5_000;

/** A claim as written with one of its notices leased in that write, and (a copy of) that notice. */
export interface Leased {
  claim: Claim;
  notice: Notice;
}

export interface NoticeLeasesDeps {
  claims: AssociationStore;
  clock: Clock;
  /** Longest a send attempt may take (connector, token and Graph calls included). */
  sendTimeoutMs: number;
  /** No other process can be delivering from this store: a lease another owner holds is a dead process's. */
  soleInstance?: boolean;
}

export class NoticeLeases {
  readonly leaseMs: number;
  /** Written on each lease: with a sole instance, leases of another owner are a dead process's. */
  private readonly owner = randomUUID();
  /** Set by stop(): no new lease is taken. */
  private stopping = false;

  constructor(private readonly deps: NoticeLeasesDeps) {
    this.leaseMs = leaseMsFor(deps.sendTimeoutMs);
  }

  stop(): void {
    this.stopping = true;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /**
   * Leases the claim's next deliverable notice in `claim` itself (oldest first; the newest pending review card,
   * which settles the older ones), for a write the caller makes anyway: returns a copy of the notice leased, or
   * undefined when none is free.
   */
  lease(claim: Claim, skipKinds: ReadonlySet<Notice['kind']> = new Set()): Notice | undefined {
    if (this.stopping) return undefined;
    const now = this.now().getTime();
    const leaseFree = (n: Notice) => !n.leaseUntil || Date.parse(n.leaseUntil) <= now || (this.deps.soleInstance === true && n.leaseOwner !== this.owner);
    // notBefore: an approval's customer e-mail waits out the Undo grace.
    const due = (n: Notice) => !n.notBefore || Date.parse(n.notBefore) <= now;
    const free = (n: Notice) => !n.deliveredAt && !n.failedAt && !skipKinds.has(n.kind) && leaseFree(n) && due(n);
    let next = claim.notices.find(free);
    if (next?.kind === 'reviewCard') next = claim.notices.filter((n) => n.kind === 'reviewCard' && free(n)).at(-1);
    if (!next) return undefined;
    next.leaseUntil = new Date(now + this.leaseMs).toISOString();
    next.leaseOwner = this.owner;
    next.attempts += 1;
    return { ...next };
  }

  /** Takes the oldest pending notice whose lease is free (of a kind not skipped), by an ETag-conditional write. */
  async leaseNext(ref: ClaimRef, skipKinds: ReadonlySet<Notice['kind']>): Promise<Leased | undefined> {
    let taken: Notice | undefined;
    const claim = await this.deps.claims.update(ref, (c) => {
      taken = this.lease(c, skipKinds);
      return taken !== undefined;
    });
    return claim && taken ? { claim, notice: taken } : undefined;
  }

  /** Extends the lease of the notice in hand by one attempt, before a retry; returns the claim as written. */
  async renew({ claim, notice }: Leased): Promise<Leased> {
    const until = new Date(this.now().getTime() + this.leaseMs).toISOString();
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === notice.id);
        if (n) n.leaseUntil = until;
        return n !== undefined;
      },
      { current: claim },
    );
    if (!written) throw new Error(`claim ${claim.id} is gone`);
    return { claim: written, notice };
  }

  /** Gives a leased notice back unsent (a clean stop): free for the next instance at once, the attempt not counted. */
  async release({ claim, notice }: Leased): Promise<void> {
    await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === notice.id && x.leaseOwner === this.owner && !x.deliveredAt);
        if (!n) return false;
        delete n.leaseUntil;
        delete n.leaseOwner;
        n.attempts = Math.max(0, n.attempts - 1);
        return true;
      },
      { current: claim },
    );
  }

  /**
   * Records the outcome of the notice leased and leases the next one (not of a kind in `skipKinds`), in one write
   * from the claim as leased; returns the next lease. A delivered review card also settles older pending card
   * notices (it shows the latest). `andClaim` changes the claim in the same write (the customer was told: the
   * opt-out window is fixed).
   */
  async settle(
    { claim, notice }: Leased,
    change: (n: Notice) => void,
    skipKinds: ReadonlySet<Notice['kind']>,
    coversOlderCards = false,
    andClaim?: (c: Claim) => Claim,
  ): Promise<Leased | undefined> {
    let next: Notice | undefined;
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        for (const n of c.notices) {
          const older = coversOlderCards && n.kind === 'reviewCard' && n.version < notice.version && !n.deliveredAt;
          if (n.id === notice.id || older) change(n);
        }
        if (andClaim) Object.assign(c, andClaim(c));
        next = this.lease(c, skipKinds);
        return true;
      },
      { current: claim },
    );
    return written && next ? { claim: written, notice: next } : undefined;
  }
}
