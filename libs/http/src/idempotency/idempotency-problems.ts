import { HttpException, HttpStatus } from '@nestjs/common';

// Problem types as draft-ietf-httpapi-idempotency-key-header describes them.

/** The key was used before with another body (draft §2.7: 422). */
export class IdempotencyKeyReusedProblem extends HttpException {
  constructor() {
    super(
      {
        title: 'Idempotency-Key reused',
        detail: 'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        errors: [{ field: 'Idempotency-Key', message: 'already used with a different request body' }],
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}

/** The first request with this key has not finished yet (draft §2.7: 409). */
export class IdempotencyKeyInFlightProblem extends HttpException {
  constructor(retryAfterSeconds: number) {
    super(
      {
        title: 'Request already in progress',
        detail: `A request with this Idempotency-Key is still being processed. Retry it in a few seconds to get its answer (at most ${retryAfterSeconds} s).`,
        errors: [{ field: 'Idempotency-Key', message: 'a request with this key is still in progress' }],
      },
      HttpStatus.CONFLICT,
    );
  }
}
