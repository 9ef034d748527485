// Types for scripts/sms-sink.mjs, so TypeScript tests can start the development SMS sink.

export interface SinkMessage {
  id: string;
  /** ISO 8601, UTC. */
  receivedAt: string;
  from: string;
  to: string;
  text: string;
  reference: string | null;
}

export interface SmsSinkOptions {
  /** 0 picks a free port. Default 1081. */
  port?: number;
  host?: string;
  /** When set, POSTs need `Authorization: Bearer <token>`. */
  token?: string;
  /** How many messages are kept, newest. Default 500. */
  limit?: number;
  onMessage?: (message: SinkMessage) => void;
}

export interface SmsSink {
  /** The page, e.g. http://127.0.0.1:1081 */
  url: string;
  /** What SMS_PROVIDER_URL should be: `${url}/messages`. */
  providerUrl: string;
  port: number;
  /** Newest first. */
  messages(): SinkMessage[];
  close(): Promise<void>;
}

export function startSmsSink(options?: SmsSinkOptions): Promise<SmsSink>;
