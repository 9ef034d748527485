import { Inject, Injectable } from '@nestjs/common';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';

/** A code the lock provider holds for one booking. */
export interface LockCode {
  accessCode: string;
  validFrom: Date;
  validUntil: Date;
}

/** The provider did not answer as it should; the caller retries later (the event is redelivered). */
export class LockProviderError extends Error {}

/**
 * The keyless-entry provider, as the door-access consumer needs it. One reservation per
 * booking, named by the booking's id, so a create repeated after a lost answer gets the same
 * code back instead of a second one.
 */
export abstract class LockProvider {
  abstract create(input: { bookingId: string; lockId: string; validFrom: Date; validUntil: Date }): Promise<LockCode>;
  /** Revokes the booking's code; a code never created is no error (there is nothing to revoke). */
  abstract revoke(bookingId: string): Promise<void>;
}

/**
 * The provider's HTTP interface in the manner of Pindora (scripts/lock-stub.mjs stands in):
 * POST/GET/DELETE `{LOCK_API_URL}/reservations[/{id}]`, `X-Api-Key` when configured.
 */
@Injectable()
export class HttpLockProvider extends LockProvider {
  private readonly options: GrantsConfig['lock'];

  constructor(@Inject(GRANTS_CONFIG) config: GrantsConfig) {
    super();
    this.options = config.lock;
  }

  async create(input: { bookingId: string; lockId: string; validFrom: Date; validUntil: Date }): Promise<LockCode> {
    const response = await this.call('POST', '/reservations', {
      reservationId: input.bookingId,
      lockId: input.lockId,
      validFrom: input.validFrom.toISOString(),
      validUntil: input.validUntil.toISOString(),
    });
    if (response.status !== 200 && response.status !== 201) throw new LockProviderError(`lock provider answered ${response.status} to a create`);
    const body = (await response.json()) as { accessCode?: unknown; validFrom?: unknown; validUntil?: unknown };
    if (typeof body.accessCode !== 'string' || !/^\d{4,12}$/.test(body.accessCode)) throw new LockProviderError('lock provider gave no usable code');
    return { accessCode: body.accessCode, validFrom: new Date(String(body.validFrom)), validUntil: new Date(String(body.validUntil)) };
  }

  async revoke(bookingId: string): Promise<void> {
    const response = await this.call('DELETE', `/reservations/${encodeURIComponent(bookingId)}`);
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
      throw new LockProviderError(`lock provider answered ${response.status} to a revoke`);
    }
  }

  private async call(method: string, path: string, body?: object): Promise<Response> {
    try {
      return await fetch(`${this.options.apiUrl}${path}`, {
        method,
        headers: {
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(this.options.apiKey ? { 'X-Api-Key': this.options.apiKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      // Only the cause's kind: the URL may carry credentials in some deployments.
      throw new LockProviderError(`lock provider unreachable (${(error as Error).name})`);
    }
  }
}
