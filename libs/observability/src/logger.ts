import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';
import { CorrelationContext } from './correlation-context';
import { activeTraceFields } from './tracing';

/** Injection token of the application's root pino logger. */
export const PINO_LOGGER = Symbol('PINO_LOGGER');

export interface LoggingOptions {
  /** Default `info`; a service's config derives it from LOG_LEVEL and NODE_ENV ({@link loggingSettings}). */
  level?: LevelWithSilent;
  /** Human-readable lines (LOG_PRETTY=true). Needs the pino-pretty dev dependency. */
  pretty?: boolean;
  /** Where to write instead of stdout; tests use it to capture lines. */
  destination?: DestinationStream;
  /** Extra pino redact paths on top of {@link REDACT_PATHS}. */
  redact?: string[];
}

export interface LoggerOptions extends LoggingOptions {
  service: string;
}

/** Field names that hold personal data wherever they appear in a logged object. */
export const PERSONAL_DATA_FIELDS = ['email', 'phone', 'firstName', 'lastName', 'name', 'contact', 'birthDate'];
const SECRET_HEADERS = ['authorization', 'cookie', '["set-cookie"]', '["proxy-authorization"]'];

// pino's redact has no "any depth" wildcard, so each field is listed at every depth up to a
// bound: deeper than this, a log call is carrying whole aggregates and should be changed.
const MAX_DEPTH = 4;
const atAnyDepth = (path: string, maxDepth: number) =>
  Array.from({ length: maxDepth + 1 }, (_, depth) => [...Array<string>(depth).fill('*'), path].join('.'));
const headerPath = (header: string) => `headers${header.startsWith('[') ? '' : '.'}${header}`;

export const REDACT_PATHS: readonly string[] = [
  ...PERSONAL_DATA_FIELDS.flatMap((field) => atAnyDepth(field, MAX_DEPTH)),
  ...SECRET_HEADERS.flatMap((header) => atAnyDepth(headerPath(header), 2)),
];

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? false;
  const config: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Label rather than number so log queries read `level="error"`; pino-pretty wants numbers.
    formatters: pretty ? {} : { level: (label) => ({ level: label }) },
    // Evaluated per line, so children and loggers handed to other libs pick up the ids too:
    // the correlation id (one resident's action) and the active span's trace and span ids.
    mixin() {
      const correlationId = CorrelationContext.current();
      return { ...(correlationId ? { correlationId } : {}), ...activeTraceFields() };
    },
    redact: [...REDACT_PATHS, ...(options.redact ?? [])],
  };
  if (options.destination) return pino(config, options.destination);
  if (pretty) return pino({ ...config, transport: { target: 'pino-pretty' } });
  return pino(config);
}

const STACK = /\n\s+at /;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Nest's LoggerService on top of pino, so Nest's own logs and `new Logger(Context)` in any lib
 * come out as the same JSON lines, with service and correlation id. Install with
 * `app.useLogger(app.get(NestPinoLogger))`.
 */
@Injectable()
export class NestPinoLogger implements LoggerService {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest's calling convention: `(message, ...extras, context?)`, where `new Logger('X')` appends
  // its context last and `error` may carry a stack string or an Error among the extras.
  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    const last = rest.at(-1);
    if (typeof last === 'string' && !STACK.test(last)) fields.context = rest.pop();

    const extras: unknown[] = [];
    for (const param of rest) {
      if (param === undefined) continue;
      if (param instanceof Error) fields.err = param;
      else if (typeof param === 'string' && STACK.test(param)) fields.stack = param;
      else if (isPlainObject(param)) Object.assign(fields, param);
      else extras.push(param);
    }
    if (extras.length > 0) fields.params = extras;

    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, message.message);
    } else if (isPlainObject(message)) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
