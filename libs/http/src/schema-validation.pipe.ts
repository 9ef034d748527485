import { type ArgumentMetadata, StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationProblem } from './problem';

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p))).join('.') || '(body)';
}

/**
 * A request without a body is judged as an empty JSON object: an action whose fields are all
 * optional (`POST /premises/calendar-token`) then works without one, as clients expect, and an
 * action that needs fields names each missing field rather than answering
 * "(body): expected object, received undefined". Only the whole body (`@Body()`); a named
 * part (`@Body('x')`) that is absent stays undefined for its own schema to judge.
 */
class ProblemSchemaValidationPipe extends StandardSchemaValidationPipe {
  override transform<T>(value: T, metadata: ArgumentMetadata): Promise<T> {
    const wholeBodyMissing = metadata.type === 'body' && metadata.data === undefined && value === undefined;
    return super.transform((wholeBodyMissing ? {} : value) as T, metadata);
  }
}

/**
 * Nest 12 validates `@Body({ schema })`, `@Query({ schema })` etc. against any Standard
 * Schema (we use zod). This pipe turns the issues into a problem naming each field.
 */
export function schemaValidationPipe(): StandardSchemaValidationPipe {
  return new ProblemSchemaValidationPipe({
    exceptionFactory: (issues) => new ValidationProblem(issues.map((i) => ({ field: pathOf(i), message: i.message }))),
  });
}
