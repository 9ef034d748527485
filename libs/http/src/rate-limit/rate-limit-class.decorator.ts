import { SetMetadata } from '@nestjs/common';
import type { RateLimitClassName } from './rate-limit-settings';

export const RATE_LIMIT_CLASS = 'vaikuta:rate-limit-class';

/** Counts calls of this route (or controller) against the limits of `name` (see rate-limit-settings.ts). */
export const RateLimitClass = (name: RateLimitClassName) => SetMetadata(RATE_LIMIT_CLASS, name);
