// Types for scripts/kuntalaisaloite-stub.mjs, so TypeScript tests can start the stand-in.

export interface StubInitiative {
  id: number | string;
  municipality: number | string;
  name: string | null;
  proposal: string | null;
  participants: number | null;
  publishDate: string | null;
  sentTime: string | null;
  authors?: { name: string }[];
  privateAuthors?: number;
  public?: boolean;
  /** Answered as they are (the published samples). */
  rawList?: unknown;
  rawDetail?: unknown;
}

export interface KuntalaisaloiteStub {
  /** What KUNTALAISALOITE_API_URL should be, e.g. http://127.0.0.1:1084/api/v1 */
  url: string;
  port: number;
  stats: { requests: number };
  setInitiatives(initiatives: StubInitiative[]): void;
  close(): Promise<void>;
}

export const DEMO_INITIATIVES: StubInitiative[];
export function startKuntalaisaloiteStub(options?: { port?: number; host?: string; initiatives?: StubInitiative[]; site?: string }): Promise<KuntalaisaloiteStub>;
