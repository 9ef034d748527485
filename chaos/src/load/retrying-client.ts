import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  body: any;
}

/** What the clients saw, per kind of request. */
export interface RequestCounts {
  accepted: number;
  refused: number;
  /** Attempts after the first (a reset connection, a 5xx, a key still in progress). */
  retried: number;
  /** Never answered 2xx or 4xx before the load's grace ran out. */
  abandoned: number;
}

export interface CallOptions {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  token?: string;
  body?: unknown;
  /** Sent on every attempt: the server replays the first answer or finds the first row. */
  idempotencyKey?: string;
}

/**
 * A client as a real one behaves against replicas behind a balancer: it goes round the
 * replicas, and retries what got no answer — a refused or reset connection, a 5xx, or a 409
 * saying the same Idempotency-Key is still in progress — with the same key, until a 2xx or
 * another 4xx comes back, or it gives up at `giveUpAt`.
 */
export class RetryingClient {
  readonly counts = new Map<string, RequestCounts>();
  private next = 0;

  constructor(
    private readonly urls: () => string[],
    readonly giveUpAt: { value: number },
  ) {}

  countsOf(kind: string): RequestCounts {
    let c = this.counts.get(kind);
    if (!c) this.counts.set(kind, (c = { accepted: 0, refused: 0, retried: 0, abandoned: 0 }));
    return c;
  }

  /** One request to its end: the final answer (2xx or a 4xx refusal), or undefined when abandoned. */
  async call(kind: string, options: CallOptions, isRetryable: (answer: Answer) => boolean = () => false): Promise<Answer | undefined> {
    const counts = this.countsOf(kind);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        counts.retried++;
        if (Date.now() > this.giveUpAt.value) {
          counts.abandoned++;
          return undefined;
        }
        await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1000)));
      }
      const answer = await this.once(options);
      if (!answer || answer.status >= 500 || isInFlight(answer) || (answer.status < 500 && answer.status >= 400 && isRetryable(answer))) continue;
      if (answer.status < 300) counts.accepted++;
      else counts.refused++;
      return answer;
    }
  }

  private async once({ method, path, token, body, idempotencyKey }: CallOptions): Promise<Answer | undefined> {
    const urls = this.urls();
    const url = urls[this.next++ % urls.length];
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // A paused (SIGSTOP) replica holds the connection: the client gives up on it and retries elsewhere.
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed };
    } catch {
      return undefined;
    }
  }
}

/** The idempotency layer's 409: the first request with this key has not finished (or died unfinished). */
function isInFlight(answer: Answer): boolean {
  return answer.status === 409 && JSON.stringify(answer.body ?? '').includes('Idempotency-Key');
}

export const newKey = () => randomUUID();
