import pino from 'pino';
import { traceFields } from './observability/spans';

export type Logger = pino.Logger;
/** Defined here, not in config.ts: config.ts reads the roles file with roles.ts, which takes a Logger (a cycle otherwise). */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

// Secrets never reach the log, whatever object a caller passes.
const REDACT = ['authorization', '*.authorization', '*.headers.authorization', '*.appPassword', '*.password', '*.key', '*.clientSecret', '*.token'];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  // Each line written inside a span names it (trace_id, span_id): a claim's story runs from its logs to its traces.
  return pino({ level, base: { app: 'cpor-assistant' }, redact: { paths: REDACT, censor: '[redacted]' }, mixin: traceFields }, destination);
}
