export { Idempotent } from './idempotent.decorator';
export { IDEMPOTENT_OPTIONS, type IdempotentOptions } from './idempotent-options';
export { IdempotencyModule } from './idempotency.module';
export { IdempotencyStore, type IdempotencySettings, type StoredAnswer } from './idempotency-store';
export { IdempotencyInterceptor, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './idempotency.interceptor';
export { IdempotencyKeyInFlightProblem, IdempotencyKeyReusedProblem } from './idempotency-problems';
export { readBodyForFingerprint } from './request-fingerprint';
export { IdempotentRequestId, nameBasedUuid } from './idempotent-request-id';
