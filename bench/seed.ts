// Seeds a data folder for the benchmark by writing the embedded store's journal directly, in the format
// services/localStore/journal.ts reads at start (journalLine: numbered, checksummed lines): 50,000 claims take seconds to write instead of
// minutes of SDK requests. The bot process then starts on it as it would after a restart.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { journalLine, type JournalEntry } from '../services/localStore/journal';
import type { Claim, ClaimStatus } from '../services/domain/claim';
import { CONTAINER_DEFINITIONS } from '../services/cosmosStore';
import { conversationKey, REVIEW_CHANNEL_ID } from '../services/conversationStore';

export const DATABASE = 'cpor';
export const REVIEWER_TENANT = 'f00dcafe-0000-4000-8000-000000000001';
export const REVIEW_CHANNEL = '19:reviews@thread.tacv2';
export const PARTNER_USER = { id: '29:bench-partner', name: 'Bench Partner' };

export interface SeedPlan {
  /** Claims in all, spread over `organisations` partner organisations. */
  claims: number;
  organisations: number;
  /** Of the first organisation's claims (the one measured), this many are Approved past their opt-out deadline. */
  dueApproved: number;
  /** Of the first organisation's claims, this many are Under review (approve clicks). */
  underReview: number;
  /** Where the bot's proactive messages go (the bench's local connector). */
  serviceUrl: string;
}

export interface Seeded {
  /** The organisation measured (list, export, scheduler, approvals): its tenant id and claim count. */
  partnerTenantId: string;
  orgClaims: number;
  underReview: Claim[];
  journalBytes: number;
}

const pkOf = (name: keyof typeof CONTAINER_DEFINITIONS) => CONTAINER_DEFINITIONS[name].partitionKey.paths[0];

function entry(coll: keyof typeof CONTAINER_DEFINITIONS, doc: Record<string, unknown>): JournalEntry {
  const key = pkOf(coll).slice(1);
  return { op: 'set', db: DATABASE, coll, pkPath: pkOf(coll), pk: doc[key], id: String(doc.id), doc };
}

function claim(i: number, partnerTenantId: string, status: ClaimStatus, at: string, serviceUrl: string): Claim {
  const past = new Date(Date.now() - 3600_000).toISOString();
  const approved = status === 'Approved';
  return {
    id: `CPOR-SEED-${String(i).padStart(6, '0')}`,
    type: 'claim',
    partnerTenantId,
    name: `Seeded claim ${i}`,
    status,
    program: 'OSU Microsoft 365',
    solutionArea: 'microsoft365',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: `customer${i}.example`,
    customerTenantId: randomUUID(),
    workloads: ['Intune', 'Microsoft Teams'],
    customerContact: { name: 'Jane Doe', title: 'CIO', email: `jane${i}@customer${i}.example` },
    partnerContact: { name: PARTNER_USER.name, email: 'partner@partner.example' },
    poe: { fileId: `file-${i}`, fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: at, uploadedBy: PARTNER_USER.id },
    competing: false,
    createdBy: PARTNER_USER,
    locale: 'en-US',
    origin: { serviceUrl, conversationId: `a:personal-${PARTNER_USER.id}` },
    createdAt: at,
    updatedAt: at,
    version: approved ? 4 : 2,
    reviewer: { id: '29:bench-reviewer', name: 'Bench Reviewer' },
    optOutDeadline: approved ? past : undefined,
    // The customer was told (a claim never becomes official before): the window ran from then.
    customerNotifiedAt: approved ? at : undefined,
    history: [
      { at, by: PARTNER_USER, action: 'created', to: 'Draft' },
      { at, by: PARTNER_USER, action: 'submit', from: 'Draft', to: 'Submitted' },
      { at, by: { id: '29:bench-reviewer', name: 'Bench Reviewer' }, action: 'startReview', from: 'Submitted', to: 'UnderReview' },
      ...(approved
        ? [{ at, by: { id: '29:bench-reviewer', name: 'Bench Reviewer' }, action: 'approve' as const, from: 'UnderReview' as const, to: 'Approved' as const }]
        : []),
    ],
    notices: [],
    reviewCards: [{ target: REVIEW_CHANNEL_ID, activityId: `card-${i}` }],
  };
}

const STATUSES: ClaimStatus[] = ['Submitted', 'Rejected', 'Official', 'Draft', 'PartnerActionRequired'];

/** Writes the journal of a store holding the plan's claims, the partner's chat and the review channel. */
export function seedJournal(dataDir: string, plan: SeedPlan): Seeded {
  const dir = path.join(dataDir, 'cosmos');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'journal.jsonl');
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let buffer = '';
  let seq = 0;
  const write = (entry: JournalEntry) => {
    buffer += journalLine(++seq, entry);
    if (buffer.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += fs.writeSync(fd, buffer);
    buffer = '';
  };
  const orgs = Array.from({ length: plan.organisations }, () => randomUUID());
  const measured = orgs[0];
  const underReview: Claim[] = [];
  let orgClaims = 0;
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < plan.claims; i++) {
    const partnerTenantId = orgs[i % orgs.length];
    const mine = partnerTenantId === measured;
    const nth = Math.floor(i / orgs.length);
    let status = STATUSES[i % STATUSES.length];
    if (mine && nth < plan.dueApproved) status = 'Approved';
    else if (mine && nth < plan.dueApproved + plan.underReview) status = 'UnderReview';
    const c = claim(i, partnerTenantId, status, new Date(start + i * 60_000).toISOString(), plan.serviceUrl);
    if (mine) orgClaims++;
    if (mine && status === 'UnderReview') underReview.push(c);
    write(entry('associations', c as unknown as Record<string, unknown>));
  }
  for (const tenantId of orgs) {
    const id = conversationKey('personal', tenantId, PARTNER_USER.id);
    write(
      entry('conversations', {
        id,
        kind: 'personal',
        tenantId,
        userId: PARTNER_USER.id,
        updatedAt: new Date().toISOString(),
        welcomedAt: new Date().toISOString(),
        reference: {
          channelId: 'msteams',
          serviceUrl: plan.serviceUrl,
          conversation: { id: `a:personal-${PARTNER_USER.id}`, conversationType: 'personal', isGroup: false, name: '', tenantId },
          bot: { id: '28:bot', name: 'CPOR' },
          user: PARTNER_USER,
        },
      }),
    );
  }
  write(
    entry('conversations', {
      id: REVIEW_CHANNEL_ID,
      tenantId: REVIEWER_TENANT,
      setBy: { id: '29:bench-reviewer', name: 'Bench Reviewer' },
      setAt: new Date().toISOString(),
      reference: {
        channelId: 'msteams',
        serviceUrl: plan.serviceUrl,
        conversation: { id: REVIEW_CHANNEL, isGroup: true, conversationType: 'channel', name: '' },
      },
    }),
  );
  flush();
  fs.closeSync(fd);
  return { partnerTenantId: measured, orgClaims, underReview, journalBytes: bytes };
}
