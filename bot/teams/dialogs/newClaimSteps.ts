// What the rooms of the "new association" dialog share: their dialog ids, their dependencies, and what a step
// keeps for the next one. Types and names only, so the rooms import it and not each other.
import type { TurnContext } from 'botbuilder';
import type { AssociationStore } from '../../../services/associationStore';
import type { Clock } from '../../../services/clock';
import type { SentenceFields } from '../../../services/domain/claimSentence';
import type { Catalogue, Claim } from '../../../services/domain/claim';
import type { ContactParts } from '../../../services/domain/contactLine';
import type { FileStore } from '../../../services/fileStore';
import type { GraphGateway } from '../../../services/graph';
import type { Logger } from '../../../services/logger';
import type { PartnerDirectory } from '../../../services/partnerDirectory';
import type { RoleResolver } from '../../../services/roles';
import { stringsFor, type Strings } from '../../../services/strings';
import type { ClaimDraft, Question } from './claimDraft';

export const NEW_CLAIM_DIALOG = 'newClaim';

/** Begin options: nothing for a new claim; a stored claim to edit it. */
export interface NewClaimOptions {
  edit?: Claim;
  /** The values of a claim said in one sentence (services/domain/claimSentence.ts): taken, said back, the rest asked. */
  sentence?: SentenceFields;
}

export const START = 'newClaim.start';
export const LOOP = 'newClaim.loop';
export const SUMMARY = 'newClaim.summary';
export const CHOICE = 'newClaim.choice';
export const TEXT = 'newClaim.text';
export const POE = 'newClaim.poe';
export const SUMMARY_ANSWER = 'newClaim.summaryAnswer';

export interface NewClaimDeps {
  claims: AssociationStore;
  files: FileStore;
  roles: RoleResolver;
  graph?: GraphGateway;
  catalogue: Catalogue;
  maxPoeBytes: number;
  log: Logger;
  clock: Clock;
  /** The partner organisation's name (Graph), cached on the claim; undefined: unknown. */
  partnerNames: PartnerDirectory;
  /** Delivers what a claim owes from its outbox (e.g. the review card of a just-submitted claim); not awaited. */
  deliverNotices(claim: { partnerTenantId: string; id: string }): void;
}

/** What the text prompt's validator needs to know about the question it guards (kept in the prompt's state). */
export interface TextCheck {
  question: Question;
  language: string;
  domain?: string;
  /** A contact question: what the contact already has (a lone part fills what is missing). */
  contact?: ContactParts;
}

/** What a waterfall step remembers for the next step of the same waterfall. */
export interface StepValues {
  question: Question;
  draft: ClaimDraft;
  /** Keys of the choices on offer, in button order. */
  choiceKeys: string[];
}

export const strings = (context: TurnContext): Strings => stringsFor(context.activity.locale);
