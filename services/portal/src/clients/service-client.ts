import { Agent, request } from 'undici';
import type { z } from 'zod';
import { CORRELATION_ID_HEADER, CorrelationContext, traceCarrier } from '@vaikuta/observability';
import { ClientAddressContext } from '@vaikuta/http';
import { ProblemBody, ServiceProblem } from './service-problem';

export interface CallOptions {
  token?: string;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  /** Page requests must not hang on a slow service. */
  timeoutMs?: number;
  /** Extra request headers, e.g. the form's `Idempotency-Key`. */
  headers?: Record<string, string>;
}

/** Query parameters without the empty ones (forms send every field, filled or not). */
export function queryString(query: CallOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls one service's HTTP API on the person's behalf (their bearer token), carrying the
 * correlation id and the trace context (`traceparent`), and turns problem+json answers into ServiceProblem.
 */
export class ServiceClient {
  /**
   * Kept-alive connections for JSON calls, made with undici's request(): it costs a fraction
   * of fetch()'s CPU per call, and every page makes at least one (bench/README.md, portal).
   */
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  private closed?: Promise<void>;

  /** `baseUrl` undefined: the service is not in the registry, and every call answers 503. */
  constructor(
    readonly service: string,
    readonly baseUrl: string | undefined,
  ) {}

  /** Nest calls this on shutdown: the kept-alive connections close with the portal (once). */
  onModuleDestroy(): Promise<void> {
    this.closed ??= this.agent.close();
    return this.closed;
  }

  /**
   * A GET whose answer is checked against the service's contract (libs/contracts/src/http):
   * an answer of another shape is the service's fault, a 502 naming the first bad field,
   * not a page that breaks somewhere in its template.
   */
  async read<S extends z.ZodType>(schema: S, path: string, options: CallOptions = {}): Promise<z.infer<S>> {
    return this.checked(schema, await this.get<unknown>(path, options));
  }

  /** A POST whose answer is checked like read()'s. */
  async send<S extends z.ZodType>(schema: S, path: string, body: unknown, options: CallOptions = {}): Promise<z.infer<S>> {
    return this.checked(schema, await this.post<unknown>(path, body, options));
  }

  protected checked<S extends z.ZodType>(schema: S, answer: unknown): z.infer<S> {
    const parsed = schema.safeParse(answer);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ServiceProblem(502, { title: 'Bad answer', detail: `${this.service} answered outside its contract at ${issue.path.join('.') || '(root)'}: ${issue.message}` }, this.service);
  }

  get<T = unknown>(path: string, options: CallOptions = {}): Promise<T> {
    return this.json<T>('GET', path, undefined, options);
  }

  post<T = unknown>(path: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.json<T>('POST', path, body, options);
  }

  patch<T = unknown>(path: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.json<T>('PATCH', path, body, options);
  }

  put<T = unknown>(path: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.json<T>('PUT', path, body, options);
  }

  delete<T = unknown>(path: string, options: CallOptions = {}): Promise<T> {
    return this.json<T>('DELETE', path, undefined, options);
  }

  /** A plain-text body (a Pabulib file), answered like every JSON call. */
  postText<T = unknown>(path: string, text: string, options: CallOptions = {}): Promise<T> {
    return this.json<T>('POST', path, new PlainText(text), options);
  }

  postForm<T = unknown>(path: string, form: FormData, options: CallOptions = {}): Promise<T> {
    return this.stream('POST', path, form, options).then((res) => this.parse<T>(res));
  }

  /** The raw answer (CSV, photos), after the error check. */
  async raw(path: string, options: CallOptions = {}): Promise<Response> {
    const res = await this.stream('GET', path, undefined, options);
    if (!res.ok) await this.parse(res);
    return res;
  }

  private async json<T>(method: string, path: string, body: unknown, options: CallOptions): Promise<T> {
    const plain = body instanceof PlainText;
    const headers = this.headers(options, body !== undefined && !plain);
    if (plain) headers['content-type'] = 'text/plain; charset=utf-8';
    const timeout = options.timeoutMs ?? 15_000;
    let status: number;
    let text: string;
    try {
      const res = await request(`${this.base()}${path}${queryString(options.query)}`, {
        method: method as 'GET',
        headers,
        body: body === undefined ? undefined : plain ? body.text : JSON.stringify(body),
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      throw ServiceProblem.unreachable(this.service, error);
    }
    return this.answer<T>(status, text);
  }

  private base(): string {
    if (this.baseUrl === undefined) throw new Error(`${this.service} is not in the service registry (deploy/services.json)`);
    return this.baseUrl;
  }

  private headers(options: CallOptions, isJson: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (isJson) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const correlationId = CorrelationContext.current();
    if (correlationId) headers[CORRELATION_ID_HEADER] = correlationId;
    // The page's span (docs/adr/0017): the service's server span continues the portal's trace.
    // There is no outgoing-HTTP instrumentation, so the client says it itself.
    Object.assign(headers, traceCarrier());
    // The person the page acts for, so the service's per-address limits count them, not the portal.
    const clientChain = ClientAddressContext.current();
    if (clientChain) headers['x-forwarded-for'] = clientChain;
    return { ...options.headers, ...headers };
  }

  /** Forms with files and raw answers (CSV, photos) go through fetch, whose Response streams. */
  private async stream(method: string, path: string, body: FormData | undefined, options: CallOptions): Promise<Response> {
    const headers = this.headers(options, false);
    try {
      return await fetch(`${this.base()}${path}${queryString(options.query)}`, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw ServiceProblem.unreachable(this.service, error);
    }
  }

  private async parse<T>(res: Response): Promise<T> {
    return this.answer<T>(res.status, await res.text());
  }

  /** The JSON answer, or a ServiceProblem for an error status. */
  private answer<T>(status: number, text: string): T {
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = { detail: text.slice(0, 200) };
      }
    }
    if (status < 200 || status > 299) throw new ServiceProblem(status, (body ?? {}) as ProblemBody, this.service);
    return body as T;
  }
}

/** A request body sent as it is, not as JSON. */
class PlainText {
  constructor(readonly text: string) {}
}
