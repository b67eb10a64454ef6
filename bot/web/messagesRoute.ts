// POST /api/messages. Our own front to the adapter, for two reasons:
// - Deadline: Teams gives up on an invoke after about 15 s and retries it. The answer must leave within
//   INVOKE_DEADLINE_MS of the request's arrival whatever is slow (token check, dedupe record, role lookup, store):
//   at the deadline the clicker gets "working on it" and the turn runs on; its own answer, when it comes, is dropped.
// - Bad requests: CloudAdapter.process answers a forged token with 500 and the library's message, a malformed
//   activity with 500, and console.errors a stack trace per request. Here a malformed activity gets 400, a failed
//   authentication 401 (503 when the keys that vouch for tokens cannot be loaded: our side, not the caller's),
//   each with a plain body and one log line; what the token validation writes to the console is folded into it.
import { format } from 'node:util';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Request, Response, Server } from 'restify';
import { isTimeout, withDeadline } from '../../services/deadline';
import type { Logger } from '../../services/logger';
import { instruments } from '../../services/observability/metrics';
import { stringsFor } from '../../services/strings';
import { activityProblem, type ShapeOptions } from './activityShape';

/** CloudAdapter with authentication and processing as two steps, so that each failure gets its own answer. */
export class CporAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  processAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface MessagesRouteDeps {
  adapter: CporAdapter;
  logic: (context: TurnContext) => Promise<void>;
  invokeDeadlineMs: number;
  /** The token check fetches the OpenID metadata and keys (botbuilder sets no timeout): it gets this long. */
  outboundTimeoutMs: number;
  log: Logger;
  /** What an activity must look like to be processed (bot/web/activityShape.ts). */
  shape: ShapeOptions;
}

/** The activity with its dates as Date objects, with the raw strings kept (as botbuilder's own parsing does). */
function toActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body };
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = activity[field];
    if (typeof raw === 'string') {
      activity[`raw${field[0].toUpperCase()}${field.slice(1)}`] = raw;
      activity[field] = new Date(raw);
    }
  }
  return activity as unknown as Activity;
}

/** An authentication that failed, with the reason and whatever the library printed meanwhile. */
class Unauthenticated extends Error {
  constructor(
    readonly status: 401 | 503,
    message: string,
    readonly printed: string | undefined,
  ) {
    super(message);
  }
}

/**
 * botbuilder's token validation console.errors on its own (a stack trace for an expired token, the signing keys for
 * a forged one), just before it throws. While a token is being validated, what its module prints (told by the
 * caller's stack) is kept off the console and folded into the refused request's log line; everything else prints
 * as before. (Not an AsyncLocalStorage per request: its promise hooks would cost every turn.) With two refusals at
 * once, a line may land on the other one's log line; a line printed after its request gave up waiting lands on the
 * next refusal's.
 */
const TOKEN_VALIDATION = /botframework-connector[\\/]lib[\\/]auth[\\/]/;
const validationPrints: string[] = [];
let validating = 0;
let consoleHooked = false;
function collectLibraryConsole(): void {
  if (consoleHooked) return;
  consoleHooked = true;
  for (const level of ['error', 'warn', 'log'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (validating > 0 && TOKEN_VALIDATION.test(new Error().stack ?? '')) {
        validationPrints.push(format(...args));
        validationPrints.splice(0, validationPrints.length - 20); // the latest few: each refusal takes its own at once
      } else original(...args);
    };
  }
}

async function authenticate(adapter: CporAdapter, activity: Activity, authHeader: string, timeoutMs: number): Promise<AuthenticateRequestResult> {
  validating++;
  // Counted until the library is done, even past our deadline: what it prints late is still kept off the console.
  const validation = adapter.authenticate(activity, authHeader);
  const done = () => {
    validating--;
  };
  void validation.then(done, done);
  try {
    return await withDeadline(timeoutMs, 'token validation', () => validation);
  } catch (err) {
    const e = (err ?? {}) as { name?: string; message?: string; statusCode?: number };
    // The OpenID metadata or its keys could not be fetched (the library says 500, the fetch failed, or it hung).
    const status = e.statusCode === 500 || e.name === 'FetchError' || isTimeout(err) ? 503 : 401;
    throw new Unauthenticated(status, e.message ?? String(err), validationPrints.pop()?.split('\n')[0]);
  }
}

export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  const { adapter, logic, log } = deps;
  collectLibraryConsole();

  server.post('/api/messages', async (req: Request, res: Response) => {
    // restify notes when the request arrived: the deadline counts from there, not from when this handler runs.
    const elapsed = () => Date.now() - req.time();
    const problem = activityProblem(req.body, deps.shape);
    if (problem) {
      log.warn({ status: 400, problem }, 'bad request on /api/messages');
      res.send(400, { message: `Bad request: ${problem}.` });
      return;
    }
    const activity = toActivity(req.body as Record<string, unknown>);
    const authHeader = String(req.headers.authorization ?? '');

    const work = authenticate(adapter, activity, authHeader, deps.outboundTimeoutMs).then((auth) => adapter.processAuthenticated(auth, activity, logic));

    let timer: NodeJS.Timeout | undefined;
    let answeredAtDeadline = false;
    const late = new Promise<'late'>((resolve) => {
      if (activity.type !== 'invoke') return;
      timer = setTimeout(() => resolve('late'), Math.max(0, deps.invokeDeadlineMs - elapsed()));
    });
    try {
      const outcome = await Promise.race([work, late]);
      if (outcome === 'late') {
        answeredAtDeadline = true;
        log.warn({ activityId: activity.id, name: activity.name, elapsedMs: elapsed() }, 'invoke answered at its deadline; the work goes on');
        res.send(200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: stringsFor(activity.locale).review.working });
        work.catch((err: unknown) => log.warn({ activityId: activity.id, reason: (err as Error)?.message }, 'late invoke failed'));
        return;
      }
      if (outcome?.body !== undefined) res.send(outcome.status, outcome.body);
      else res.send(outcome?.status ?? 200);
    } catch (err) {
      if (err instanceof Unauthenticated) {
        log.warn({ status: err.status, reason: err.message, printed: err.printed, activityId: activity.id }, 'unauthenticated request on /api/messages');
        res.send(err.status, { message: err.status === 401 ? 'Unauthorized.' : "Cannot check the request's token right now. Try again later." });
        return;
      }
      log.error({ err, activityId: activity.id }, 'request on /api/messages failed');
      res.send(500, { message: 'The request could not be handled.' });
    } finally {
      clearTimeout(timer);
      if (activity.type === 'invoke') instruments().invokeDuration.record(elapsed() / 1000, { 'cpor.answered_at_deadline': answeredAtDeadline });
    }
  });
}
