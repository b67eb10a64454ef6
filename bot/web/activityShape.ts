// The shape of an incoming activity, checked at the door of /api/messages before any turn runs: the handlers read
// these fields without checking their types again (`text.trim()`, `membersAdded.some`, `value.action.verb`), so an
// activity that does not have them is refused here with 400 instead of failing half-way through a turn.
import { ActivityTypes } from 'botbuilder';

/** Activity types a channel sends a bot (an invoke response only ever goes the other way). */
const INCOMING_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes).filter((t) => t !== ActivityTypes.InvokeResponse));

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface ShapeOptions {
  /** Local mode: the Bot Connector may be an http:// service on loopback (the tests', the Playground's). */
  loopbackServiceUrl: boolean;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasId = (value: unknown): boolean => isObject(value) && typeof value.id === 'string' && value.id.length > 0;

function serviceUrlProblem(raw: unknown, opts: ShapeOptions): string | undefined {
  if (typeof raw !== 'string' || !raw) return 'the activity has no serviceUrl';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the serviceUrl is not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (opts.loopbackServiceUrl && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return `the serviceUrl must be an https:// URL${opts.loopbackServiceUrl ? ' (http:// only on loopback)' : ''}`;
}

/** Each optional field the bot reads, and the type it must have when present. */
const OPTIONAL: [field: string, ok: (value: unknown) => boolean, expected: string][] = [
  ['text', (v) => typeof v === 'string', 'a string'],
  ['locale', (v) => typeof v === 'string', 'a string'],
  ['name', (v) => typeof v === 'string', 'a string'],
  ['membersAdded', Array.isArray, 'an array'],
  ['membersRemoved', Array.isArray, 'an array'],
  ['attachments', Array.isArray, 'an array'],
  ['entities', Array.isArray, 'an array'],
  ['channelData', isObject, 'an object'],
];

/** An invoke's value: an object; for a card button (Action.Execute), with an `action` object whose `data` is one too. */
function invokeProblem(a: Fields): string | undefined {
  if (a.value === undefined) return a.name === 'adaptiveCard/action' ? 'the card action has no value' : undefined;
  if (!isObject(a.value)) return 'the invoke value must be an object';
  if (a.name !== 'adaptiveCard/action') return undefined;
  const { action } = a.value;
  if (!isObject(action)) return 'the card action must be an object';
  if (action.data !== undefined && !isObject(action.data)) return "the card action's data must be an object";
  return undefined;
}

/** What is wrong with a request body as an activity, or undefined when it can be processed. */
export function activityProblem(body: unknown, opts: ShapeOptions): string | undefined {
  if (!isObject(body)) return 'the body is not a JSON activity';
  if (typeof body.type !== 'string' || !body.type) return 'the activity has no type';
  if (!INCOMING_TYPES.has(body.type)) return `the activity type "${body.type.slice(0, 40)}" is not one a channel sends`;
  if (typeof body.id !== 'string' || !body.id) return 'the activity has no id';
  for (const party of ['conversation', 'from', 'recipient'] as const) {
    if (!hasId(body[party])) return `the activity has no ${party} id`;
  }
  const url = serviceUrlProblem(body.serviceUrl, opts);
  if (url) return url;
  for (const [field, ok, expected] of OPTIONAL) {
    if (body[field] !== undefined && body[field] !== null && !ok(body[field])) return `the activity's ${field} must be ${expected}`;
  }
  return body.type === String(ActivityTypes.Invoke) ? invokeProblem(body) : undefined;
}

/**
 * Local mode, where the Bot Connector may be on loopback: no app id (no token is checked), or a token authority
 * on loopback (a simulated Bot Framework). In production the connector is always https.
 */
export function isLocalChannel(bot: { appId?: string; openIdMetadataUrl?: string }): boolean {
  if (!bot.appId) return true;
  if (!bot.openIdMetadataUrl) return false;
  return LOOPBACK_HOSTS.has(new URL(bot.openIdMetadataUrl).hostname);
}
