// Reading and writing one claim document: every change is one replace of the whole document with an ETag
// condition on the version read (the embedded store has no atomic batch, so the claim, its history and its
// outbox travel together), again from a fresh read when another writer came first.
import type { Container } from '@azure/cosmos';
import type { Clock } from '../clock';
import type { Claim } from '../domain/claim';
import { prunedNotices, type Refusal } from '../domain/rules';
import type { ClaimRef, TransitionResult, WriteOptions } from './types';

/** Conditional writes lost to other writers are retried this many times (with a short random wait), then fail. */
const MAX_CONFLICT_RETRIES = 20;
const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * attempt, 50)));

/** The claim as written, or as read when there was nothing to write; undefined: no such claim. */
export type Kept = { claim: Claim; written: boolean } | undefined;

export class ClaimDocuments {
  constructor(
    readonly container: Container,
    readonly clock: Clock,
  ) {}

  async get(partnerTenantId: string, id: string): Promise<Claim | undefined> {
    // No id (a card whose claimId was removed) is no claim; the SDK would throw on it.
    if (!id) return undefined;
    const { resource } = await this.container.item(id, partnerTenantId).read<Claim>();
    return resource?.type === 'claim' ? resource : undefined;
  }

  /**
   * Writes what `next` makes of the claim as read (undefined: nothing to write), with an ETag condition, again on
   * a conflict. `next` must not change the claim it is given: a retry starts from a fresh read. Delivered notices
   * beyond the few kept are pruned in the same write, so the document stays bounded.
   */
  private async replace(ref: ClaimRef, next: (claim: Claim, at: Date) => Claim | undefined, opts: WriteOptions): Promise<Kept> {
    for (let attempt = 1; ; attempt++) {
      const claim = attempt === 1 && opts.current ? opts.current : await this.get(ref.partnerTenantId, ref.id);
      if (!claim) return undefined;
      const changed = next(claim, this.clock.now());
      if (!changed) return { claim, written: false };
      const pruned = { ...changed, notices: prunedNotices(changed.notices) };
      // The change may share its older notices with `claim`: bookkeeping goes on a copy, so a retry starts clean.
      const written = opts.alsoChange ? structuredClone(pruned) : pruned;
      opts.alsoChange?.(written);
      try {
        const { resource } = await this.container.item(claim.id, claim.partnerTenantId).replace<Claim>(written, {
          accessCondition: { type: 'IfMatch', condition: claim._etag ?? '' },
        });
        return { claim: resource as Claim, written: true };
      } catch (err) {
        if ((err as { code?: number }).code !== 412 || attempt >= MAX_CONFLICT_RETRIES) throw err;
        // Someone wrote in between (another actor, or a notice being marked): look again.
        await jitter(attempt);
      }
    }
  }

  /**
   * Writes what a pure domain change makes of the claim as read. `change` returns undefined when there is nothing
   * to do (the claim comes back as it is), or the domain's refusal (nothing written).
   */
  async write(
    ref: ClaimRef,
    change: (claim: Claim, at: Date) => { ok: true; claim: Claim } | { ok: false; refusal: Refusal } | undefined,
    opts: WriteOptions = {},
  ): Promise<TransitionResult> {
    let refusal: Refusal | undefined;
    const kept = await this.replace(
      ref,
      (claim, at) => {
        const outcome = change(claim, at);
        refusal = outcome && !outcome.ok ? outcome.refusal : undefined;
        return outcome?.ok ? outcome.claim : undefined;
      },
      opts,
    );
    if (!kept) return { kind: 'notFound' };
    return refusal ? { kind: 'refused', refusal, claim: kept.claim } : { kind: 'done', claim: kept.claim };
  }

  /**
   * Writes a change the domain does not refuse in its terms (bookkeeping: notices, thread, card copies; an Undo):
   * `next` returns the claim to write, or undefined to leave it.
   */
  keep(ref: ClaimRef, next: (claim: Claim, at: Date) => Claim | undefined, opts: Pick<WriteOptions, 'current'> = {}): Promise<Kept> {
    return this.replace(ref, next, { current: opts.current });
  }

  /** `keep` for a change made in place on a copy of the claim: `change` returns false to leave the claim as it is. */
  async update(ref: ClaimRef, change: (claim: Claim) => boolean, opts: Pick<WriteOptions, 'current'> = {}): Promise<Claim | undefined> {
    const kept = await this.keep(
      ref,
      (claim) => {
        const copy = structuredClone(claim);
        return change(copy) ? copy : undefined;
      },
      opts,
    );
    return kept?.claim;
  }
}
