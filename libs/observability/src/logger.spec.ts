import { Writable } from 'node:stream';
import { createLogger, NestPinoLogger } from './logger';
import { CorrelationContext } from './correlation-context';
import { loggingSettings } from './logging-env';

function capture() {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes service, and the correlation id when there is one', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'feedback', level: 'info', destination });

    logger.info('outside');
    CorrelationContext.run('corr-1', () => logger.child({ component: 'relay' }).info('inside'));

    expect(lines[0]).toMatchObject({ service: 'feedback', level: 'info', msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[1]).toMatchObject({ service: 'feedback', correlationId: 'corr-1', component: 'relay', msg: 'inside' });
  });

  it('redacts personal data at any reasonable depth and secret headers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'feedback', level: 'info', destination });

    logger.info({
      email: 'a@example.fi',
      resident: { firstName: 'Aino', lastName: 'Virtanen', phone: '+358401234567', birthDate: '1990-01-01' },
      feedback: { id: 7, submitter: { contact: { email: 'b@example.fi' }, name: 'Aino' } },
      req: { headers: { authorization: 'Bearer x', cookie: 'sid=1', 'set-cookie': 'sid=2', accept: 'text/html' } },
    });

    const [line] = lines;
    const R = '[Redacted]';
    expect(line.email).toBe(R);
    expect(line.resident).toEqual({ firstName: R, lastName: R, phone: R, birthDate: R });
    expect(line.feedback).toEqual({ id: 7, submitter: { contact: R, name: R } });
    expect(line.req.headers).toEqual({ authorization: R, cookie: R, 'set-cookie': R, accept: 'text/html' });
  });

  it('reads no environment: the level is the one given, else info', () => {
    const saved = process.env.LOG_LEVEL;
    try {
      process.env.LOG_LEVEL = 'debug';
      expect(createLogger({ service: 's', destination: capture().destination }).level).toBe('info');
      expect(createLogger({ service: 's', level: 'warn', destination: capture().destination }).level).toBe('warn');
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });

  it('is silent under NODE_ENV=test unless LOG_LEVEL says otherwise (loggingSettings, for the configs)', () => {
    expect(loggingSettings({ NODE_ENV: 'test' })).toEqual({ level: 'silent', pretty: false });
    expect(loggingSettings({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).level).toBe('debug');
    expect(loggingSettings({ NODE_ENV: 'production', LOG_PRETTY: 'true' })).toEqual({ level: 'info', pretty: true });
  });
});

describe('NestPinoLogger', () => {
  function nestLogger() {
    const { lines, destination } = capture();
    return { lines, logger: new NestPinoLogger(createLogger({ service: 'feedback', level: 'trace', destination })) };
  }

  it('maps Nest levels and its trailing context argument', () => {
    const { lines, logger } = nestLogger();
    logger.log('started', 'NestApplication');
    logger.verbose('detail', { caseId: 3 }, 'Queue');
    logger.warn('plain');

    expect(lines[0]).toMatchObject({ level: 'info', msg: 'started', context: 'NestApplication' });
    expect(lines[1]).toMatchObject({ level: 'trace', msg: 'detail', caseId: 3, context: 'Queue' });
    expect(lines[2]).toMatchObject({ level: 'warn', msg: 'plain' });
    expect(lines[2]).not.toHaveProperty('context');
  });

  it('keeps errors and stacks as structured fields', () => {
    const { lines, logger } = nestLogger();
    const err = new Error('boom');
    logger.error(err, 'ExceptionsHandler');
    logger.error('failed', err.stack, 'OutboxRelay');
    logger.error('failed without context', err.stack);

    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionsHandler', err: { message: 'boom' } });
    expect(lines[1]).toMatchObject({ msg: 'failed', context: 'OutboxRelay', stack: err.stack });
    expect(lines[2]).toMatchObject({ msg: 'failed without context', stack: err.stack });
    expect(lines[2]).not.toHaveProperty('context');
  });
});
