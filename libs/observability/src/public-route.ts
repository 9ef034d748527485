import { SetMetadata } from '@nestjs/common';

/**
 * Marks probe and scrape routes as public. Same metadata as `@Public()` of libs/auth
 * (`SetMetadata('isPublic', true)`), set directly so observability does not depend on auth:
 * Kubernetes probes and Prometheus scrapes carry no tokens.
 */
export const PublicRoute = () => SetMetadata('isPublic', true);
