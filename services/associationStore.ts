// Claims (customer associations) in Cosmos: one document per claim in the partner organisation's partition,
// history and outbox inside it, and the slots claims hold in their own container. Every rule that decides is the
// domain's (services/domain/); the store reads and persists, one conditional write per change, in parts by what
// they do (services/store/): one claim document (claimDocuments.ts), reads over many (claimQueries.ts), slots and
// arbiters (slotStore.ts), the life cycle (claimChanges.ts), competition (competitionWrites.ts) and bookkeeping
// (claimBookkeeping.ts). AssociationStore composes them behind the one API the bot uses.
import type { Container } from '@azure/cosmos';
import type { Clock } from './clock';
import type { DomainPolicy } from './domain/rules';
import { ClaimBookkeeping } from './store/claimBookkeeping';
import { ClaimChanges } from './store/claimChanges';
import { ClaimDocuments } from './store/claimDocuments';
import { ClaimQueries } from './store/claimQueries';
import { CompetitionWrites } from './store/competitionWrites';
import { SlotStore } from './store/slotStore';

export type {
  Backlog,
  ClaimFilters,
  ClaimRef,
  ClaimSummary,
  CreateResult,
  NewClaim,
  QueueFilters,
  TransitionInput,
  TransitionResult,
  WriteOptions,
} from './store/types';

export class AssociationStore {
  private readonly docs: ClaimDocuments;
  private readonly queries: ClaimQueries;
  private readonly changes: ClaimChanges;
  private readonly competition: CompetitionWrites;
  private readonly bookkeeping: ClaimBookkeeping;

  constructor(
    container: Container,
    /** Duplicate slots and arbiters (partition key /id). */
    slots: Container,
    clock: Clock,
    readonly policy: DomainPolicy,
  ) {
    this.docs = new ClaimDocuments(container, clock);
    this.queries = new ClaimQueries(container);
    const slotStore = new SlotStore(slots, this.docs);
    this.competition = new CompetitionWrites(this.docs, this.queries, slotStore, policy);
    this.changes = new ClaimChanges(this.docs, this.queries, slotStore, this.competition, policy);
    this.bookkeeping = new ClaimBookkeeping(this.docs, this.queries);
  }

  // One claim document.
  get: ClaimDocuments['get'] = (...args) => this.docs.get(...args);
  update: ClaimDocuments['update'] = (...args) => this.docs.update(...args);

  // The life cycle.
  create: ClaimChanges['create'] = (...args) => this.changes.create(...args);
  transition: ClaimChanges['transition'] = (...args) => this.changes.transition(...args);
  undo: ClaimChanges['undo'] = (...args) => this.changes.undo(...args);
  promote: ClaimChanges['promote'] = (...args) => this.changes.promote(...args);
  saveEdit: ClaimChanges['saveEdit'] = (...args) => this.changes.saveEdit(...args);
  reclaimSlots: ClaimChanges['reclaimSlots'] = (...args) => this.changes.reclaimSlots(...args);

  // Competition.
  conflictsOf: CompetitionWrites['conflictsOf'] = (...args) => this.competition.conflictsOf(...args);
  settleCompetitors: CompetitionWrites['settleCompetitors'] = (...args) => this.competition.settleCompetitors(...args);
  markCompeting: CompetitionWrites['markCompeting'] = (...args) => this.competition.markCompeting(...args);

  // Bookkeeping.
  addComment: ClaimBookkeeping['addComment'] = (...args) => this.bookkeeping.addComment(...args);
  resendCustomerMail: ClaimBookkeeping['resendCustomerMail'] = (...args) => this.bookkeeping.resendCustomerMail(...args);
  rememberCopy: ClaimBookkeeping['rememberCopy'] = (...args) => this.bookkeeping.rememberCopy(...args);
  backfillReviewQueuedAt: ClaimBookkeeping['backfillReviewQueuedAt'] = (...args) => this.bookkeeping.backfillReviewQueuedAt(...args);

  // Reads over many claims.
  partnerIdsUsed: ClaimQueries['partnerIdsUsed'] = (...args) => this.queries.partnerIdsUsed(...args);
  previousDetails: ClaimQueries['previousDetails'] = (...args) => this.queries.previousDetails(...args);
  list: ClaimQueries['list'] = (...args) => this.queries.list(...args);
  reviewQueue: ClaimQueries['reviewQueue'] = (...args) => this.queries.reviewQueue(...args);
  reviewQueuePages: ClaimQueries['reviewQueuePages'] = (...args) => this.queries.reviewQueuePages(...args);
  pendingNotices: ClaimQueries['pendingNotices'] = (...args) => this.queries.pendingNotices(...args);
  pendingNoticeDates: ClaimQueries['pendingNoticeDates'] = (...args) => this.queries.pendingNoticeDates(...args);
  dueBy: ClaimQueries['dueBy'] = (...args) => this.queries.dueBy(...args);
  reminderCandidates: ClaimQueries['reminderCandidates'] = (...args) => this.queries.reminderCandidates(...args);
  outboxBacklog: ClaimQueries['outboxBacklog'] = (...args) => this.queries.outboxBacklog(...args);
  reviewBacklog: ClaimQueries['reviewBacklog'] = (...args) => this.queries.reviewBacklog(...args);
  oldestOverdueTimer: ClaimQueries['oldestOverdueTimer'] = (...args) => this.queries.oldestOverdueTimer(...args);
  inStatuses: ClaimQueries['inStatuses'] = (...args) => this.queries.inStatuses(...args);
  competitorsOf: ClaimQueries['competitorsOf'] = (...args) => this.queries.competitorsOf(...args);
}
