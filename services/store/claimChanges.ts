// The claim's life cycle in the store: create, transitions (approval through the arbiters), Undo, promotion to
// Official, and edits. Each takes the slots or arbiters a change needs first, writes the domain's outcome in one
// conditional write, and gives back what it took when the write does not go through.
import { slotKeys, type Actor, type Claim } from '../domain/claim';
import { applyPromotion, liveSlots } from '../domain/competition';
import { arrivingAmong, claimFrom, type NewClaim } from '../domain/creation';
import {
  actionAfterEdit,
  applyAction,
  applyEdit,
  applyUndo,
  EDIT_ANSWER_COMMENT,
  editRefusal,
  undoTakesBack,
  type DomainPolicy,
  type EditInput,
  type Party,
  type UndoRefusal,
} from '../domain/rules';
import type { ClaimDocuments } from './claimDocuments';
import type { ClaimQueries } from './claimQueries';
import type { CompetitionWrites } from './competitionWrites';
import { NO_ARBITERS, slotIdsOf, type SlotStore } from './slotStore';
import { exists, summary, type ClaimRef, type ClaimSummary, type CreateResult, type TransitionInput, type TransitionResult, type WriteOptions } from './types';

export class ClaimChanges {
  constructor(
    private readonly docs: ClaimDocuments,
    private readonly queries: ClaimQueries,
    private readonly slots: SlotStore,
    private readonly competition: CompetitionWrites,
    private readonly policy: DomainPolicy,
  ) {}

  private now(): Date {
    return this.docs.clock.now();
  }

  async create(input: NewClaim): Promise<CreateResult> {
    const existing = await this.docs.get(input.partnerTenantId, input.id);
    if (existing) return { kind: 'alreadyCreated', claim: existing };
    const owner = { claimId: input.id, partnerTenantId: input.partnerTenantId, customerTenantId: input.fields.customerTenantId };
    const slots = await this.slots.takeSlots(owner, slotKeys(input.fields));
    if (slots.kind !== 'taken') return slots;

    let claim = claimFrom(input, this.now());
    if (claim.status === 'Submitted') {
      const competing = (await this.queries.competitorsOf(claim)).length > 0;
      claim = arrivingAmong(claim, { competing, held: await this.slots.heldBehindApprovals(claim, liveSlots(claim)) });
    }
    try {
      const { resource } = await this.docs.container.items.create<Claim>(claim);
      return { kind: 'created', claim: await this.competition.markCompeting(resource as Claim) };
    } catch (err) {
      if (!exists(err)) {
        await this.slots.releaseSlots(slots.slotIds, input.id);
        throw err;
      }
      const raced = await this.docs.get(input.partnerTenantId, input.id);
      if (!raced) throw err;
      return { kind: 'alreadyCreated', claim: raced };
    }
  }

  /**
   * Applies a life-cycle action through the domain with an ETag-conditional write: exactly one of several racing
   * actors wins; the others are refused as stale (with the claim as it now is). The history entry and the notices
   * it owes are in the same single-document write, so a state change is never recorded without them.
   * Approving goes through the slots' arbiters first (services/store/slotStore.ts).
   */
  async transition(ref: ClaimRef, input: TransitionInput, opts: WriteOptions = {}): Promise<TransitionResult> {
    if (input.action !== 'approve') return this.apply(ref, input, opts);
    const claim = opts.current ?? (await this.docs.get(ref.partnerTenantId, ref.id));
    if (!claim) return { kind: 'notFound' };
    // Checked before the arbiters are touched: a refused approval must not hold anything, even for a moment.
    const dry = applyAction(claim, { ...input, at: this.now() }, this.policy);
    if (!dry.ok) return { kind: 'refused', refusal: dry.refusal, claim };
    const arbiters = await this.slots.takeArbiters(claim, liveSlots(claim), { overrideApproved: true, stopOn: ['busy', 'lost'] });
    if (arbiters.stoppedBy) return { kind: 'busy', claim };
    if (arbiters.refused.length > 0) {
      // Another organisation's approval holds a workload its settlement has not marked yet: marked now, and refused.
      await this.slots.giveBackArbiters(arbiters.taken, claim);
      const marked = await this.competition.hold(claim, arbiters.refused);
      return { kind: 'refused', refusal: { kind: 'onHold' }, claim: marked ?? claim };
    }
    const result = await this.apply(ref, input, opts);
    if (result.kind !== 'done') await this.slots.giveBackArbiters(arbiters.taken, claim);
    return result;
  }

  apply(ref: ClaimRef, input: TransitionInput, opts: WriteOptions = {}): Promise<TransitionResult> {
    return this.docs.write(ref, (claim, at) => applyAction(claim, { ...input, at }, this.policy), opts);
  }

  /**
   * Undoes the claim's approval or withdrawal within its grace (services/domain/undo.ts), with an ETag condition.
   * What the withdrawal gave up outside the claim is taken back first (undoTakesBack): its duplicate slots (if the
   * organisation has claimed one anew since, the withdrawal stands) and, for a withdrawn approval, its workloads'
   * arbiters (another organisation's claim may have been approved there during the grace: it comes back only if it
   * gets every workload back).
   */
  async undo(
    ref: ClaimRef,
    actor: Actor,
    party: Party,
  ): Promise<{ kind: 'done'; claim: Claim } | { kind: 'refused'; why: UndoRefusal } | { kind: 'notFound' }> {
    const claim = await this.docs.get(ref.partnerTenantId, ref.id);
    if (!claim) return { kind: 'notFound' };
    const dry = applyUndo(claim, actor, party, this.now());
    if (!dry.ok) return { kind: 'refused', why: dry.why };
    const takesBack = undoTakesBack(claim);
    if (takesBack.slots && (await this.reclaimSlots(claim))) return { kind: 'refused', why: 'nothingToUndo' };
    const releaseReclaimed = () => (takesBack.slots ? this.slots.releaseSlots(slotIdsOf(claim, slotKeys(claim)).keys(), claim.id) : Promise.resolve());
    const arbiters = takesBack.arbiters
      ? await this.slots.takeArbiters(claim, liveSlots(claim), { overrideApproved: false, stopOn: ['busy', 'lost', 'held'] })
      : NO_ARBITERS;
    if (arbiters.stoppedBy) {
      await releaseReclaimed();
      return { kind: 'refused', why: 'slotTaken' };
    }
    let refused: UndoRefusal | undefined;
    const saved = await this.docs.keep(
      claim,
      (c, at) => {
        const outcome = applyUndo(c, actor, party, at);
        refused = outcome.ok ? undefined : outcome.why;
        return outcome.ok ? outcome.claim : undefined;
      },
      { current: claim },
    );
    if (!saved?.written) {
      await this.slots.giveBackArbiters(arbiters.taken, claim);
      await releaseReclaimed();
      return refused ? { kind: 'refused', why: refused } : { kind: 'notFound' };
    }
    // Claims created on its workloads while it was withdrawn compete with it again.
    return { kind: 'done', claim: takesBack.arbiters ? await this.competition.markCompeting(saved.claim) : saved.claim };
  }

  /**
   * An Approved claim whose opt-out window has passed: Official on every workload whose arbiter its approval still
   * holds; a workload another organisation's approval or association holds is lost (the partner told which), in
   * the same write (services/domain/competition.ts applyPromotion). Losing them all rejects it as competing.
   */
  async promote(ref: ClaimRef, actor: Actor, opts: WriteOptions = {}): Promise<TransitionResult> {
    const claim = opts.current ?? (await this.docs.get(ref.partnerTenantId, ref.id));
    if (!claim) return { kind: 'notFound' };
    // A claim nobody competes with holds its slots alone (a competitor's creation flags both at once).
    const arbiters = await this.slots.takeArbiters(claim, claim.competing ? liveSlots(claim) : [], { overrideApproved: false, stopOn: ['busy'] });
    if (arbiters.stoppedBy) return { kind: 'busy', claim }; // an approval in flight there: next pass
    return this.docs.write(
      ref,
      (c, at) => (c.version !== claim.version ? { ok: false, refusal: { kind: 'stale' } } : applyPromotion(c, arbiters.refused, actor, at, this.policy)),
      opts,
    );
  }

  /**
   * Saves an edit of a Draft, Submitted or "Partner action required" claim (fields re-validated by the caller;
   * services/domain/edit.ts says what an edit changes and where the claim goes next): a Draft that now has its proof
   * of execution is submitted; an answered request goes back under review; a Submitted claim stays Submitted, its
   * card refreshed. What it claims may change (workloads, subscription, customer tenant): new slots are taken
   * first, released ones freed after.
   */
  async saveEdit(ref: ClaimRef, input: Omit<EditInput, 'at'>): Promise<TransitionResult | { kind: 'duplicate'; existing: ClaimSummary }> {
    const claim = await this.docs.get(ref.partnerTenantId, ref.id);
    if (!claim) return { kind: 'notFound' };
    const refusal = editRefusal(claim, input);
    if (refusal) return { kind: 'refused', refusal, claim };
    const before = slotIdsOf(claim, slotKeys(claim));
    const owner = { claimId: claim.id, partnerTenantId: claim.partnerTenantId, customerTenantId: input.fields.customerTenantId };
    const after = slotIdsOf(owner, slotKeys(input.fields));
    const slots = await this.slots.takeSlots(
      owner,
      [...after].filter(([id]) => !before.has(id)).map(([, key]) => key),
    );
    if (slots.kind === 'duplicate') return slots;
    if (slots.kind === 'inProgress') return { kind: 'refused', refusal: { kind: 'stale' }, claim };
    const saved = await this.docs.write(ref, (c, at) => applyEdit(c, { ...input, at }));
    if (saved.kind !== 'done') {
      await this.slots.releaseSlots(slots.slotIds, claim.id);
      return saved;
    }
    await this.slots.releaseSlots(
      [...before.keys()].filter((id) => !after.has(id)),
      claim.id,
    );
    const onNewSlots = slots.slotIds.length > 0;
    const next = actionAfterEdit(saved.claim);
    if (!next) {
      const current = (await this.docs.get(ref.partnerTenantId, ref.id)) ?? saved.claim;
      // On new slots a submitted claim competes (and may wait) there as a new claim would; a Draft never does.
      return { kind: 'done', claim: onNewSlots ? await this.competition.markCompeting(current) : current };
    }
    const moved = await this.apply(ref, {
      action: next,
      actor: input.actor,
      party: input.party,
      comment: next === 'partnerRespond' ? EDIT_ANSWER_COMMENT : undefined,
      expectedVersion: saved.claim.version,
    });
    // Submitted now, or on new slots: it competes (and may wait) there as a new claim would; a Draft never does.
    if (moved.kind === 'done' && (next === 'submit' || onNewSlots)) return { kind: 'done', claim: await this.competition.markCompeting(moved.claim) };
    return moved;
  }

  /**
   * Takes the claim's slots again (a rejected claim freed them): a dispute must not reopen a claim on something the
   * organisation has claimed anew since. Returns the claim holding a slot, if any.
   */
  async reclaimSlots(claim: Claim): Promise<ClaimSummary | undefined> {
    const slots = await this.slots.takeSlots(
      { claimId: claim.id, partnerTenantId: claim.partnerTenantId, customerTenantId: claim.customerTenantId },
      slotKeys(claim),
    );
    if (slots.kind === 'taken') return undefined;
    return slots.kind === 'duplicate' ? slots.existing : summary(claim);
  }
}
