// The partner's own associations: a filtered, paged list, a claim's detail card, and the actions its state and the
// user's role allow (withdraw / disassociate, dispute). Everything is scoped to the actor's organisation (the Teams
// tenant of the activity), whatever a card's data says, and every action is checked again on the server.
import type { AdaptiveCardInvokeResponse, Attachment, TurnContext } from 'botbuilder';
import { cardAttachment, md, type CardPayload, type ClaimDetailCardData } from '../../cards';
import type { AssociationStore, ClaimFilters, TransitionInput } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import { ACTIVITIES, ALL_STATUSES, type Catalogue, type Claim, type ClaimStatus } from '../../services/domain/claim';
import type { FileStore } from '../../services/fileStore';
import { receiveProof } from './attachments';
import type { PendingProofs } from './pendingProofs';
import { allowedActions, applyAction, isDisputed, MAX_THREAD_COMMENTS, mayKeepState, type Party } from '../../services/domain/rules';
import type { ClaimOperation } from '../../services/domain/lifecycle';
import { LIMITS } from '../../services/domain/validation';
import type { RoleResolver } from '../../services/roles';
import type { Logger } from '../../services/logger';
import { actorOf, isPartner, isPartnerAdmin, partnerParty } from './actor';
import { coverageWithResults, summaryFacts } from './claimFacts';
import { formatInstant } from '../../services/formatting';
import { stringsFor, type Strings } from '../../services/strings';
import { ANY, filterValue, isBadPageToken, str } from './cardInput';
import { cardResponse, errorResponse, notDoneResponse, refusalResponse, statusLabel, undoRefusalText } from './invokeResponses';
import { changesSince, historyLine, threadLine, undoNote } from './reviewCard';
import { rememberCopy } from './cardCopies';

export interface ManageActionsDeps {
  claims: AssociationStore;
  /** A signed, short-lived download link of the organisation's CSV export. */
  exportUrl(partnerTenantId: string): string;
  roles: RoleResolver;
  log: Logger;
  catalogue: Catalogue;
  /** Delivers the notices a change wrote (review card refresh); not awaited. */
  deliver(claim: Claim): void;
  clock: Clock;
  /** A file sent in the chat for a dispute (kept an hour in the conversation's state). */
  pendingProofs: PendingProofs;
  files: FileStore;
  maxPoeBytes: number;
}

const PAGE_SIZE = 10;
const STATUSES = ALL_STATUSES;

type Access = Awaited<ReturnType<ManageActions['access']>>;
/** A button's answer once the actor may see their organisation's claims: the refusal otherwise. */
type Answer = Promise<AdaptiveCardInvokeResponse>;

/** The forms a claim's detail card may open, in their order: each shown when the domain allows its action. */
const DETAIL_FORMS: {
  action: ClaimOperation;
  verb: ClaimDetailCardData['forms'][number]['verb'] & keyof Strings['manage']['formErrors'];
  style: ClaimDetailCardData['forms'][number]['style'];
  text: (m: Strings['manage']) => { title: string; label: string; confirm: string };
}[] = [
  { action: 'comment', verb: 'claim.comment', style: 'default', text: (m) => ({ title: m.addComment, label: m.commentLabel, confirm: m.commentConfirm }) },
  {
    action: 'withdraw',
    verb: 'claim.withdraw',
    style: 'destructive',
    text: (m) => ({ title: m.withdraw, label: m.withdrawLabel, confirm: m.withdrawConfirm }),
  },
  { action: 'dispute', verb: 'claim.dispute', style: 'positive', text: (m) => ({ title: m.dispute, label: m.disputeLabel, confirm: m.disputeConfirm }) },
];

export class ManageActions {
  constructor(private readonly deps: ManageActionsDeps) {}

  /**
   * "export": a signed link (15 minutes, this organisation only) to the CSV, streamed by the bot. Teams' file
   * consent card would put the file in the user's OneDrive; a link works in Teams and the Playground alike.
   */
  async exportMessage(context: TurnContext): Promise<void> {
    const s = stringsFor(context.activity.locale);
    const tenantId = await this.partnerTenant(context, s);
    if (!tenantId) return;
    const m = s.manage;
    await context.sendActivity({
      attachments: [cardAttachment('exportLink', { title: m.exportTitle, text: m.exportText, button: m.exportButton, url: this.deps.exportUrl(tenantId) })],
    });
  }

  /**
   * A file sent in the 1:1 chat outside a dialog: kept (within the hour) for the partner's next answer to a request
   * for information or an Incentives admin's next dispute, so either can bring a new proof of execution.
   */
  async keepProofMessage(context: TurnContext, file: Attachment): Promise<void> {
    const s = stringsFor(context.activity.locale);
    const access = await this.access(context);
    // Any partner user may answer a request for information with it; disputes stay an Incentives admin's.
    if (!access.partner) {
      await context.sendActivity(access.personal ? s.manage.proofNotKept : s.manage.personalOnly);
      return;
    }
    const poe = await receiveProof(context, file, this.deps, s);
    if (!poe) return;
    await this.deps.pendingProofs.keep(context, poe);
    await context.sendActivity(s.manage.proofKept(poe.fileName));
  }

  /** "my associations" typed in the chat: the first page, no filters. */
  async listMessage(context: TurnContext): Promise<void> {
    const s = stringsFor(context.activity.locale);
    const tenantId = await this.partnerTenant(context, s);
    if (!tenantId) return;
    await context.sendActivity({ attachments: [await this.listCard(tenantId, {}, undefined, s)] });
  }

  /** The actor's organisation when they may see its claims here; otherwise undefined, after telling them why. */
  private async partnerTenant(context: TurnContext, s: Strings): Promise<string | undefined> {
    const access = await this.access(context);
    if (access.partner) return access.tenantId;
    await context.sendActivity(access.personal ? s.manage.errors.noPartnerRole : s.manage.personalOnly);
    return undefined;
  }

  /**
   * The claim an "Edit" click may open in the dialog: the actor's organisation's, Draft or "Partner action
   * required", and the actor an Incentives admin. Otherwise the refusal to answer with.
   */
  async editable(context: TurnContext, data: CardPayload<'claim.edit'>): Promise<{ claim: Claim } | { refusal: AdaptiveCardInvokeResponse }> {
    const s = stringsFor(context.activity.locale);
    const access = await this.access(context);
    if (!access.partner || !access.admin) return { refusal: errorResponse(403, s.manage.errors.adminOnly) };
    const claim = await this.deps.claims.get(access.tenantId, data.claimId.trim());
    if (!claim || data.partnerTenantId.trim() !== access.tenantId) return { refusal: errorResponse(400, s.review.errors.unknownClaim) };
    const at = this.deps.clock.now();
    if (claim.version !== data.version) return { refusal: refusalResponse({ kind: 'stale' }, claim, at, this.deps.claims.policy, s) };
    if (!mayKeepState(claim, 'edit', access.party)) {
      return { refusal: refusalResponse({ kind: 'notAllowed', status: claim.status }, claim, at, this.deps.claims.policy, s) };
    }
    return { claim };
  }

  /** claim.list: the organisation's claims with the card's filters, a page at a time. */
  list(context: TurnContext, data: CardPayload<'claim.list'>): Answer {
    return this.asPartner(context, async (access, s) => {
      const filters: ClaimFilters = {
        status: (STATUSES as readonly string[]).includes(str(data.status)) ? (str(data.status) as ClaimStatus) : undefined,
        solutionArea: filterValue(data.solutionArea),
        activity: filterValue(data.activity),
        workload: filterValue(data.workload),
        customer: filterValue(data.customer),
      };
      const continuation = str(data.continuation) || undefined;
      try {
        return cardResponse(await this.listCard(access.tenantId, filters, continuation, s));
      } catch (err) {
        if (continuation && isBadPageToken(err)) return errorResponse(400, s.manage.errors.badPage);
        throw err;
      }
    });
  }

  /** claim.open: the claim's detail card, kept current with every later change (it refreshes itself when viewed). */
  open(context: TurnContext, data: CardPayload<'claim.open'>): Answer {
    return this.onClaim(context, data, (claim, access, s) => {
      rememberCopy(this.deps.claims, claim, context.activity, { view: access.admin ? 'detailAdmin' : 'detailUser' }, this.deps.log);
      return Promise.resolve(cardResponse(this.detailCard(claim, access.party, s)));
    });
  }

  /** claim.comment: a partner's comment on the claim's thread. */
  comment(context: TurnContext, data: CardPayload<'claim.comment'>): Answer {
    return this.onClaim(context, data, async (claim, access, s) => {
      const text = data.comment.trim();
      if (!text || text.length > LIMITS.comments) return errorResponse(400, s.manage.errors.reasonRequired);
      const updated = await this.deps.claims.addComment(claim, { at: this.deps.clock.now().toISOString(), by: access.actor, side: 'partner', text });
      if (updated === 'threadFull') return errorResponse(400, s.errors.threadFull(MAX_THREAD_COMMENTS));
      if (!updated) return errorResponse(400, s.review.errors.unknownClaim);
      this.deps.deliver(updated);
      return cardResponse(this.detailCard(updated, access.party, s));
    });
  }

  /** claim.undo: an Incentives admin's Undo of a withdrawal within its grace (the claim as it was; nothing left). */
  undo(context: TurnContext, data: CardPayload<'claim.undo'>): Answer {
    return this.onClaim(context, data, async (claim, access, s) => {
      if (!access.admin) return errorResponse(403, s.manage.errors.adminOnly);
      const result = await this.deps.claims.undo(claim, access.actor, access.party);
      if (result.kind !== 'done') return errorResponse(409, undoRefusalText(result, s));
      this.deps.deliver(result.claim);
      return cardResponse(this.detailCard(result.claim, access.party, s, s.review.undone('withdraw')));
    });
  }

  /** claim.withdraw / claim.dispute: an Incentives admin's, with a comment (a dispute may bring a new proof). */
  change(context: TurnContext, verb: 'claim.withdraw' | 'claim.dispute', data: CardPayload<'claim.withdraw' | 'claim.dispute'>): Answer {
    return this.onClaim(context, data, async (claim, access, s) => {
      if (!access.admin) return errorResponse(403, s.manage.errors.adminOnly);
      const comment = data.comment.trim();
      if (!comment || comment.length > LIMITS.comments) return errorResponse(400, s.manage.errors.reasonRequired);
      const action: 'withdraw' | 'dispute' = verb === 'claim.withdraw' ? 'withdraw' : 'dispute';
      const input: TransitionInput = { action, actor: access.actor, party: access.party, comment, expectedVersion: data.version };
      if (action === 'dispute') {
        // Asked of the domain before the slots are taken again, so a refused dispute holds nothing.
        const at = this.deps.clock.now();
        const check = applyAction(claim, { ...input, at }, this.deps.claims.policy);
        if (!check.ok) return refusalResponse(check.refusal, claim, at, this.deps.claims.policy, s);
        const holder = await this.deps.claims.reclaimSlots(claim);
        if (holder) return errorResponse(400, s.claim.duplicate(holder.name, holder.id, s.statuses[holder.status]));
        input.poe = await this.deps.pendingProofs.take(context);
      }
      const result = await this.deps.claims.transition(claim, input);
      // Refused at the write (another change came first): the file waits for the next try, as before the click.
      if (result.kind !== 'done' && input.poe) await this.deps.pendingProofs.keep(context, input.poe);
      // A card older than the claim: the claim as it is now, and what changed; nothing is done on old data.
      if (result.kind === 'refused' && result.refusal.kind === 'stale') {
        return cardResponse(this.detailCard(result.claim, access.party, s, s.review.outOfDate(changesSince(result.claim, str(data.seen) || undefined, s))));
      }
      if (result.kind !== 'done') return notDoneResponse(result, this.deps.clock.now(), this.deps.claims.policy, s);
      // Back in front of reviewers: who else claims its slots now (since its rejection) is shown beside it.
      const current = action === 'dispute' ? await this.deps.claims.markCompeting(result.claim) : result.claim;
      this.deps.deliver(current);
      const said =
        action === 'withdraw'
          ? s.manage.withdrawn(claim.name)
          : input.poe
            ? s.manage.disputedWithProof(claim.name, input.poe.fileName)
            : s.manage.disputed(claim.name);
      await context.sendActivity(said);
      return cardResponse(this.detailCard(current, access.party, s));
    });
  }

  /** Work for a partner of the actor's organisation, in their 1:1 chat; the refusal for anyone else. */
  private async asPartner(context: TurnContext, work: (access: Access, s: Strings) => Answer): Answer {
    const s = stringsFor(context.activity.locale);
    const access = await this.access(context);
    if (!access.partner) return errorResponse(403, s.manage.errors.noPartnerRole);
    return work(access, s);
  }

  /** Work on a claim of the actor's own organisation: another tenant's id finds nothing. */
  private onClaim(
    context: TurnContext,
    data: { claimId: string; partnerTenantId: string },
    work: (claim: Claim, access: Access, s: Strings) => Answer,
  ): Answer {
    return this.asPartner(context, async (access, s) => {
      const claim = await this.deps.claims.get(access.tenantId, data.claimId.trim());
      if (!claim || data.partnerTenantId.trim() !== access.tenantId) return errorResponse(400, s.review.errors.unknownClaim);
      return work(claim, access, s);
    });
  }

  private async access(context: TurnContext) {
    const acting = await actorOf(context, this.deps);
    const { actor, tenantId = '', where } = acting;
    // Only in the user's 1:1 chat: a list or an export link posted in a channel would be seen by everyone in it.
    const personal = where === 'personal';
    const partner = personal && Boolean(tenantId) && isPartner(acting);
    const admin = partner && isPartnerAdmin(acting);
    const party: Party = partnerParty(acting);
    return { tenantId, actor, personal, partner, admin, party };
  }

  private async listCard(tenantId: string, filters: ClaimFilters, continuation: string | undefined, s: Strings): Promise<Attachment> {
    const page = await this.deps.claims.list(tenantId, filters, { size: PAGE_SIZE, continuation });
    const m = s.manage;
    const at = this.deps.clock.now();
    const any = { title: m.any, value: ANY };
    const activities = [...new Set(Object.values(ACTIVITIES).flat())];
    return cardAttachment('claimList', {
      title: m.title,
      labels: { ...m.labels, apply: m.apply, next: m.next },
      filters: {
        status: filters.status ?? ANY,
        solutionArea: filters.solutionArea ?? ANY,
        activity: filters.activity ?? ANY,
        workload: filters.workload ?? ANY,
        customer: filters.customer ?? '',
      },
      statusChoices: [any, ...STATUSES.map((status) => ({ title: s.statuses[status], value: status }))],
      areaChoices: [any, ...(Object.keys(ACTIVITIES) as (keyof typeof ACTIVITIES)[]).map((a) => ({ title: s.solutionAreas[a], value: a }))],
      activityChoices: [any, ...activities.map((a) => ({ title: s.activities[a], value: a }))],
      workloadChoices: [any, ...[...this.deps.catalogue.workloads, ...this.deps.catalogue.products].map((w) => ({ title: w, value: w }))],
      rows: page.claims.map((claim) => ({
        claimId: claim.id,
        partnerTenantId: claim.partnerTenantId,
        name: `${md(claim.name)} (${claim.id})`,
        line: m.row(
          statusLabel(claim, at, this.deps.claims.policy, s),
          claim.customerDomain,
          md(coverageWithResults(claim, s)),
          s.activities[claim.activity],
          formatInstant(claim.updatedAt),
        ),
      })),
      empty: m.empty,
      continuation: page.continuation ?? '',
    });
  }

  /** All fields, PoE, history, the opt-out deadline when Approved, and only the actions allowed here and now. */
  detailCard(claim: Claim, party: Party, s: Strings, notice = ''): Attachment {
    const m = s.manage;
    const at = this.deps.clock.now();
    const facts = summaryFacts({ claimId: claim.id, partnerTenantId: claim.partnerTenantId, me: { name: '' }, fields: claim, poe: claim.poe }, s, claim);
    if (claim.status === 'Approved' && claim.optOutDeadline) facts.push({ title: m.optOutUntil, value: formatInstant(claim.optOutDeadline) });
    const allowed = allowedActions(claim, party, at, this.deps.claims.policy);
    const forms: ClaimDetailCardData['forms'] = DETAIL_FORMS.filter((f) => allowed.includes(f.action)).map(({ verb, style, text }) => ({
      verb,
      style,
      error: m.formErrors[verb],
      ...text(m),
    }));
    return cardAttachment('claimDetail', {
      claimId: claim.id,
      partnerTenantId: claim.partnerTenantId,
      version: claim.version,
      seen: claim.updatedAt,
      undo: allowed.includes('undo') ? s.review.undo : '',
      title: md(claim.name),
      statusLine: s.review.status(statusLabel(claim, at, this.deps.claims.policy, s), claim.id),
      note: [notice, undoNote(claim, at, s), isDisputed(claim) ? m.disputedNote : ''].filter(Boolean).join('\n\n'),
      facts,
      history: claim.history.map((h) => ({ line: historyLine(h, s) })),
      labels: { history: s.review.history, back: m.back, comments: m.comments, edit: m.edit },
      canEdit: allowed.includes('edit'),
      thread: (claim.thread ?? []).map((c) => ({ line: threadLine(c, s) })),
      forms,
      proofNote: allowed.includes('dispute') ? m.disputeProofNote : '',
    });
  }
}
