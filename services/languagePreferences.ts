// The language a user chose with "language" / "lingua" (or the help card's English / Italiano buttons): one small
// document per user in the bot state container. It wins over the locale Teams sends (the Agents Playground cannot
// set one), for replies, cards and the proactive notices that user receives.
import type { Container } from '@azure/cosmos';
import type { Clock } from './clock';
import { toCosmosId } from './botStateStorage';
import { put } from './conversationStore';
import type { Language } from './strings';

export interface LanguagePreferenceRecord {
  id: string;
  tenantId: string;
  userId: string;
  language: Language;
  setAt: string;
}

/** The user's preference as a locale the string catalogue reads (stringsFor / languageOf). */
export const LOCALE_OF: Record<Language, string> = { en: 'en-US', it: 'it-IT' };

/**
 * A preference read is reused this long: every turn needs it, and a turn's store requests are counted (one read per
 * user and minute instead of one per turn). This instance's own changes apply at once; another instance's within this.
 */
const READ_TTL_MS = 60_000;

const idOf = (tenantId: string, userId: string) => toCosmosId(`language|${tenantId}|${userId}`);

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

export class LanguagePreferences {
  private readonly read = new Map<string, { language: Language | undefined; at: number }>();

  constructor(
    private readonly container: Container,
    private readonly clock: Clock,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** The language the user chose; undefined when they never chose one (the activity's locale applies). */
  async get(tenantId: string, userId: string): Promise<Language | undefined> {
    const id = idOf(tenantId, userId);
    const recent = this.read.get(id);
    if (recent && this.monotonicNow() - recent.at < READ_TTL_MS) return recent.language;
    let language: Language | undefined;
    try {
      const { resource } = await this.container.item(id, id).read<LanguagePreferenceRecord>();
      language = resource?.language;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    put(this.read, id, { language, at: this.monotonicNow() });
    return language;
  }

  async set(tenantId: string, userId: string, language: Language): Promise<void> {
    const id = idOf(tenantId, userId);
    const record: LanguagePreferenceRecord = { id, tenantId, userId, language, setAt: this.clock.now().toISOString() };
    await this.container.items.upsert(record);
    put(this.read, id, { language, at: this.monotonicNow() });
  }
}
