// Troubleshooting answers ("resolve association issues"): the topics, their phrasings and the few labels their
// cards need are data, one file per language (bot/topics/en.json, it.json); this module only finds the topic a
// user's text is about, in both languages whatever the user's locale, and builds the view models of the two
// cards (cards/topic.json, cards/topicList.json).
//
// Matching, in this order, on text normalised by normaliseForMatch (lower case, no accents, punctuation as spaces):
//   0. a bot command (help, new association, cancel…) or a topic-list phrase ("troubleshoot") is never a topic;
//   1. the text is one of a topic's `phrases`;
//   2. the text contains one of a topic's `phrases` as whole words: the longest such phrase wins;
//   3. keywords: a topic scores 2 for each of its `keywords` and 1 for each of its `hints` found in the text
//      (each counted once; found = starts at a word boundary, so "reject" finds "rejected" and "rejection").
//      The topic with the highest score wins if that score is at least 2 and no other topic has the same score;
//      otherwise nothing matches (and the bot offers the topic list).
// A topic takes the best of its scores in the two languages; equal scores, or the same phrase in both, go to the
// language most of the text's words belong to (its vocabulary: the language's titles, answers and phrases), and to
// `preferred` (the user's locale) when the words do not tell.
import type { TopicCardData, TopicListCardData } from '../../cards';
import { DEFAULT_POLICY } from '../../services/domain/rules';
import { recognizeCommand } from './commands';
import { ALL_STATUSES, type ClaimStatus } from '../../services/domain/claim';
import enFile from '../topics/en.json';
import itFile from '../topics/it.json';
import type { Language } from '../../services/strings';

/** Every language of the catalogue has its topic file: a language without one does not compile. */
export type TopicLanguage = Language;

export interface Topic {
  /** The same in every language. */
  id: string;
  title: string;
  /** Markdown-lite (Adaptive Card TextBlock): **bold**, *italics*. */
  answer: string;
  nextStep: string;
  /** Lower-case phrasings people type; the first is what the topic list's button sends. */
  phrases: string[];
  /** Word stems that alone point to this topic (2 points each). */
  keywords: string[];
  /** Word stems that point to it together with another (1 point each). */
  hints: string[];
  /** Claim states in which offering "Open <claim>" helps; empty: never. */
  claimStatuses: ClaimStatus[];
}

export interface TopicLabels {
  nextStep: string;
  /** "{name}" is replaced by the claim's name. */
  openClaim: string;
  otherTopics: string;
  listTitle: string;
  listIntro: string;
}

export interface TopicFile {
  labels: TopicLabels;
  /** What opens the topic list ("troubleshoot", "risolvi problemi"); the first is what "Other topics" sends. */
  listPhrases: string[];
  topics: Topic[];
}

export interface TopicMatch {
  topic: Topic;
  /** The language of the phrasing or keywords that matched; answer in it, or look the id up in the user's one. */
  language: TopicLanguage;
}

/** A topic as written in the data files: hints and claim states may be left out, states are plain strings. */
type RawTopic = Omit<Topic, 'hints' | 'claimStatuses'> & { hints?: string[]; claimStatuses?: string[] };

interface RawTopicFile {
  labels: TopicLabels;
  listPhrases: string[];
  topics: RawTopic[];
}

function load(raw: RawTopicFile, language: TopicLanguage): TopicFile {
  return {
    labels: raw.labels,
    listPhrases: raw.listPhrases,
    topics: raw.topics.map((t) => {
      const statuses = t.claimStatuses ?? [];
      const unknown = statuses.filter((s) => !(ALL_STATUSES as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`bot/topics/${language}.json, topic ${t.id}: unknown claim status ${unknown.join(', ')}`);
      return { ...t, hints: t.hints ?? [], claimStatuses: statuses as ClaimStatus[] };
    }),
  };
}

export const topicFiles: Record<TopicLanguage, TopicFile> = { en: load(enFile, 'en'), it: load(itFile, 'it') };

/** Lower case, accents and punctuation dropped, spaces collapsed: "Perché è RIFIUTATA?!" → "perche e rifiutata". */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Prepared {
  language: TopicLanguage;
  topic: Topic;
  phrases: string[];
  keywords: string[];
  hints: string[];
}

const normaliseAll = (list: string[]) => [...new Set(list.map(normaliseForMatch).filter(Boolean))];

const prepared: Prepared[] = (Object.keys(topicFiles) as TopicLanguage[]).flatMap((language) =>
  topicFiles[language].topics.map((topic) => ({
    language,
    topic,
    phrases: normaliseAll(topic.phrases),
    keywords: normaliseAll(topic.keywords),
    hints: normaliseAll(topic.hints),
  })),
);

const listPhrases = new Set(Object.values(topicFiles).flatMap((f) => normaliseAll(f.listPhrases)));

/** Every word of each language's user-facing text (not its keywords, which borrow English terms). */
const vocabulary = Object.fromEntries(
  (Object.keys(topicFiles) as TopicLanguage[]).map((language) => {
    const file = topicFiles[language];
    const texts = [
      ...(Object.values(file.labels) as string[]),
      ...file.listPhrases,
      ...file.topics.flatMap((t) => [t.title, t.answer, t.nextStep, ...t.phrases]),
    ];
    return [language, new Set(texts.flatMap((t) => normaliseForMatch(t).split(' ')))];
  }),
) as Record<TopicLanguage, Set<string>>;

/** The language more of the words of `said` belong to; `preferred` when as many belong to each. */
function languageOfText(said: string, preferred: TopicLanguage): TopicLanguage {
  const words = said.split(' ');
  const counts = (Object.keys(vocabulary) as TopicLanguage[]).map((language) => ({
    language,
    count: words.filter((w) => vocabulary[language].has(w)).length + (language === preferred ? 0.5 : 0),
  }));
  return counts.sort((a, b) => b.count - a.count)[0].language;
}

/** `phrase` occurs in `said` as whole words. */
const containsPhrase = (said: string, phrase: string) => ` ${said} `.includes(` ${phrase} `);
/** `stem` occurs in `said` starting at a word boundary ("reject" is in "was rejected"). */
const mentions = (said: string, stem: string) => ` ${said}`.includes(` ${stem}`);

/** "troubleshoot", "problems", "risolvi problemi"…: the user asks for the topic list. */
export function isTopicListRequest(text: string): boolean {
  return listPhrases.has(normaliseForMatch(text));
}

export function matchTopic(text: string, preferred: TopicLanguage = 'en'): TopicMatch | undefined {
  const said = normaliseForMatch(text);
  if (!said || recognizeCommand(text) || listPhrases.has(said)) return undefined;
  // The language the text is written in first, so that it wins every tie below.
  const language = languageOfText(said, preferred);
  const candidates = [...prepared].sort((a, b) => Number(b.language === language) - Number(a.language === language));
  const found = (p: Prepared): TopicMatch => ({ topic: p.topic, language: p.language });

  const exact = candidates.find((p) => p.phrases.includes(said));
  if (exact) return found(exact);

  let longest: { p: Prepared; length: number } | undefined;
  for (const p of candidates) {
    for (const phrase of p.phrases) {
      if (containsPhrase(said, phrase) && phrase.length > (longest?.length ?? 0)) longest = { p, length: phrase.length };
    }
  }
  if (longest) return found(longest.p);

  const best = new Map<string, { p: Prepared; score: number }>();
  for (const p of candidates) {
    const score = 2 * p.keywords.filter((k) => mentions(said, k)).length + p.hints.filter((h) => mentions(said, h)).length;
    if (score > (best.get(p.topic.id)?.score ?? 0)) best.set(p.topic.id, { p, score });
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const [first, second] = ranked;
  if (!first || first.score < 2 || (second && second.score === first.score)) return undefined;
  return found(first.p);
}

export function topicLabels(language: TopicLanguage): TopicLabels {
  return topicFiles[language].labels;
}

/** The same topic in another language (to answer in the user's language whatever they typed in). */
export function topicById(id: string, language: TopicLanguage): Topic | undefined {
  return topicFiles[language].topics.find((t) => t.id === id);
}

/** The windows the answers quote, as configured ({partnerResponseDays}, {disputeDays} in the topic files). */
export interface TopicWindows {
  partnerResponseDays: number;
  disputeDays: number;
}

const fillWindows = (text: string, w: TopicWindows) =>
  text.replace(/\{partnerResponseDays\}/g, String(w.partnerResponseDays)).replace(/\{disputeDays\}/g, String(w.disputeDays));

export function topicCardData(
  topic: Topic,
  labels: TopicLabels,
  opts: { claim?: { id: string; partnerTenantId: string; name: string }; windows?: TopicWindows } = {},
): TopicCardData {
  const { claim } = opts;
  const windows = opts.windows ?? { partnerResponseDays: DEFAULT_POLICY.partnerResponseBusinessDays, disputeDays: DEFAULT_POLICY.disputeDays };
  return {
    title: topic.title,
    answer: fillWindows(topic.answer, windows),
    nextStepLabel: labels.nextStep,
    nextStep: fillWindows(topic.nextStep, windows),
    open: claim ? [{ title: labels.openClaim.replace('{name}', () => claim.name), claimId: claim.id, partnerTenantId: claim.partnerTenantId }] : [],
    // "troubleshoot": understood whatever the user's language; the clicked card shows the title.
    otherTopics: { title: labels.otherTopics, text: topicFiles.en.listPhrases[0] },
  };
}

export function topicListCardData(language: TopicLanguage): TopicListCardData {
  const file = topicFiles[language];
  return {
    title: file.labels.listTitle,
    intro: file.labels.listIntro,
    topics: file.topics.map((t) => ({ title: t.title, text: t.phrases[0] })),
  };
}
