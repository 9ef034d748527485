import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENT_OPTIONS, type IdempotentOptions } from './idempotent-options';

/**
 * The route honours an `Idempotency-Key` header: a retry with the same key and body gets
 * the first answer, not a second record. Needs IdempotencyModule in the app.
 */
export const Idempotent = (options: IdempotentOptions = {}) =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_OPTIONS, options),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A unique key (e.g. a UUID) per intended request: a retry with the same key and body within 24 h returns the first answer; another body with it is 422; 409 while the first is still running.',
    }),
  );
