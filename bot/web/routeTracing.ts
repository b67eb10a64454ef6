// A server span and a latency measure for every HTTP request the bot serves, named by its route (never its URL:
// signed links carry tokens). Registered before the other handlers, so the body parsing and the route's work,
// a turn included, happen inside it. A caller's W3C trace context (traceparent) is continued.
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { Server } from 'restify';
import { instruments, secondsSince } from '../../services/observability/metrics';
import { markFailed, tracer } from '../../services/observability/spans';

export function traceRoutes(server: Server): void {
  server.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const route = String(req.getRoute()?.path ?? 'unmatched');
    const measured = { 'http.request.method': req.method ?? 'GET', 'http.route': route };
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(`${measured['http.request.method']} ${route}`, { kind: SpanKind.SERVER, attributes: measured }, parent);
    // 'close' also comes when the client went away before the answer ('finish' would not).
    res.once('close', () => {
      const status = res.statusCode;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) markFailed(span, { statusCode: status });
      span.end();
      instruments().httpDuration.record(secondsSince(started), { ...measured, 'http.response.status_code': status });
    });
    const active = trace.setSpan(parent, span);
    // The body parser goes on from the request's 'end' event, which runs in the socket's context, not this one:
    // the request's and response's listeners are bound to the span's.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  });
}
