import { StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationProblem } from './problem';

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p))).join('.') || '(body)';
}

/**
 * Nest 12 validates `@Body({ schema })`, `@Query({ schema })` etc. against any Standard
 * Schema (we use zod). This pipe turns the issues into a problem naming each field.
 */
export function schemaValidationPipe(): StandardSchemaValidationPipe {
  return new StandardSchemaValidationPipe({
    exceptionFactory: (issues) => new ValidationProblem(issues.map((i) => ({ field: pathOf(i), message: i.message }))),
  });
}
