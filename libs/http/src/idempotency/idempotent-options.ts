export const IDEMPOTENT_OPTIONS = 'vaikuta:idempotent';

export interface IdempotentOptions {
  /** A body field that identifies an anonymous caller (Open311's `api_key`), to scope keys by. */
  scopeField?: string;
}
