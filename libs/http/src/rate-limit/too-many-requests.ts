import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 in problem+json; the RateLimit-* and Retry-After headers come from rate-limit-headers.ts. */
export class TooManyRequestsProblem extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    detail = `Too many requests. Try again in ${retryAfterSeconds} s.`,
  ) {
    super({ title: 'Too many requests', detail, retryAfter: retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
