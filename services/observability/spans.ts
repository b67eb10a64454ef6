// Spans through @opentelemetry/api only. Without an SDK (services/telemetry.ts starts one when an exporter is
// configured) every call here is the API's no-op. Attributes are identifiers (claim ids, verbs, kinds, status
// codes), never what a person typed: no names, e-mail addresses or message text reach a span.
import {
  context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/** The instrumentation scope of every span and metric of the bot. */
export const SCOPE = 'cpor-assistant';

let bound: { provider: TracerProvider; tracer: Tracer } | undefined;
/** The tracer of the provider registered now (tests register theirs and unregister it after). */
export function tracer(): Tracer {
  const provider = trace.getTracerProvider();
  if (bound?.provider !== provider) bound = { provider, tracer: provider.getTracer(SCOPE) };
  return bound.tracer;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** A trace of its own (background work that outlives whatever started it). */
  root?: boolean;
}

const SAFE_TOKEN = /^[\w./:-]{1,64}$/;

/** A value as an attribute only when it is an identifier-like token (a verb, a code): never free text. */
export const token = (value: unknown): string | undefined => (typeof value === 'string' && SAFE_TOKEN.test(value) ? value : undefined);

/** What kind of failure: the HTTP or store status, or the error's class; its message (which may quote people) is not kept. */
export function errorType(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; status?: unknown; name?: unknown };
  const code = [e.statusCode, e.status, e.code].map((c) => (typeof c === 'number' ? String(c) : token(c))).find(Boolean);
  return code ?? token(e.name) ?? 'Error';
}

export function markFailed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', errorType(err));
}

/** Runs `fn` in a span (the active one meanwhile), ended when it settles; a failure marks it and is rethrown. */
export function withSpan<T>(name: string, opts: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  if (untraced()) return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  return tracer().startActiveSpan(name, { kind: opts.kind, attributes: opts.attributes, root: opts.root }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Every method of `target` (all returning promises) in a client span "<prefix> <method>", without its arguments. */
export function tracedMethods<T extends object>(prefix: string, target: T): T {
  const traced = { ...target } as Record<string, unknown>;
  for (const [name, method] of Object.entries(target) as [string, unknown][]) {
    if (typeof method !== 'function') continue;
    const call = method as (...args: unknown[]) => Promise<unknown>;
    traced[name] = (...args: unknown[]) => withSpan(`${prefix} ${name}`, { kind: SpanKind.CLIENT }, () => call.apply(target, args));
  }
  return traced as T;
}

const UNTRACED = createContextKey('cpor-assistant untraced');
const untraced = () => context.active().getValue(UNTRACED) === true;

/** Runs `fn` without spans (the metrics' own store queries, every collection, would otherwise flood the traces). */
export function withoutSpans<T>(fn: () => T): T {
  return context.with(context.active().setValue(UNTRACED, true), fn);
}

/** The active span's ids for a log line (OpenTelemetry's log field names), or nothing outside a span. */
export function traceFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId, trace_flags: `0${spanContext.traceFlags.toString(16)}` };
}
