// Types for scripts/ahjo-stub.mjs, so TypeScript tests can start the Ahjo stand-in.

export interface AhjoStub {
  /** What AHJO_API_URL should be, e.g. http://127.0.0.1:1085/ahjorest/v1 */
  url: string;
  port: number;
  stats: { requests: number };
  setData(next: { cases?: unknown[]; decisions?: unknown[] }): void;
  close(): Promise<void>;
}

export const DEMO_DECISION_ID: string;
export const DEMO_CASES: Record<string, unknown>[];
export const DEMO_DECISIONS: Record<string, unknown>[];
export function startAhjoStub(options?: { port?: number; host?: string; cases?: unknown[]; decisions?: unknown[]; callbackSecret?: string }): Promise<AhjoStub>;
