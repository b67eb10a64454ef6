import pino from 'pino';
import type { LogLevel } from './config';

export type Logger = pino.Logger;

// Secrets never reach the log, whatever object a caller passes.
const REDACT = ['authorization', '*.authorization', '*.headers.authorization', '*.appPassword', '*.password', '*.key', '*.clientSecret', '*.token'];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'cpor-assistant' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
