// A span and a latency measure for every turn the adapter runs (an incoming activity, or a proactive message's
// turn). Its attributes come from the activity's protocol fields only: type, invoke name, the card's verb and the
// claim id it carries, each kept only when it has the shape of an identifier. Text and people's names are not read.
import type { TurnContext } from 'botbuilder';
import type { Attributes } from '@opentelemetry/api';
import { instruments, secondsSince } from '../../services/observability/metrics';
import { token, withSpan } from '../../services/observability/spans';

const CLAIM_ID = /^CPOR-[A-Z0-9]{1,40}$/;

/** A turn's measures (metric attributes: no ids) and its claim id, from the activity. */
export function turnAttributes(activity: TurnContext['activity']): { measured: Attributes; claimId?: string } {
  const value = (activity.value ?? {}) as { action?: { verb?: unknown; data?: { claimId?: unknown } }; claimId?: unknown };
  const claimId = [value.action?.data?.claimId, value.claimId].find((id): id is string => typeof id === 'string' && CLAIM_ID.test(id));
  const measured: Attributes = { 'cpor.activity.type': token(activity.type) ?? 'unknown' };
  const name = token(activity.name);
  const verb = token(value.action?.verb);
  if (name) measured['cpor.activity.name'] = name;
  if (verb) measured['cpor.verb'] = verb;
  return { measured, claimId };
}

/** Adapter middleware (register it first: the other middleware, and their log lines, run inside its span). */
export async function traceTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
  const { measured, claimId } = turnAttributes(context.activity);
  const attributes = claimId ? { ...measured, 'cpor.claim.id': claimId } : measured;
  const started = process.hrtime.bigint();
  let outcome = 'ok';
  try {
    await withSpan(`turn ${String(measured['cpor.activity.type'])}`, { attributes }, () => next());
  } catch (err) {
    outcome = 'error';
    throw err;
  } finally {
    instruments().turnDuration.record(secondsSince(started), { ...measured, 'cpor.outcome': outcome });
  }
}
