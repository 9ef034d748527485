// Types for scripts/lock-stub.mjs, so TypeScript tests can start the lock stand-in.

export interface LockStubReservation {
  reservationId: string;
  lockId: string;
  accessCode: string;
  validFrom: string;
  validUntil: string;
  active: boolean;
  createdAt: string;
  revokedAt: string | null;
}

export interface LockStub {
  /** What LOCK_API_URL should be, e.g. http://127.0.0.1:1086/lock/v1 */
  url: string;
  port: number;
  stats: { requests: number; creates: number; revokes: number };
  codes(): LockStubReservation[];
  /** true: answer 503 to everything, as a provider outage. */
  setDown(down: boolean): void;
  /** Forgets every code, as a restarted stand-in does. */
  reset(): void;
  close(): Promise<void>;
}

export function startLockStub(options?: { port?: number; host?: string; apiKey?: string }): Promise<LockStub>;
