import { HttpException, HttpStatus } from '@nestjs/common';

/** One invalid field: `field` is a dotted path into the request (`contact.email`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every service answers errors. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  correlationId?: string;
}

/** Thrown when input fails validation; the filter renders it with the offending fields. */
export class ValidationProblem extends HttpException {
  constructor(
    readonly errors: FieldProblem[],
    detail = errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super({ title: 'Invalid request', detail, errors }, status);
  }

  static field(field: string, message: string, status?: number): ValidationProblem {
    return new ValidationProblem([{ field, message }], undefined, status);
  }
}

/** A stale edit: the record changed since the caller read it. */
export class StaleVersionProblem extends HttpException {
  constructor(current: number) {
    super(
      {
        title: 'The record has changed',
        detail: `Someone else changed this record (now version ${current}). Reload it and try again.`,
        currentVersion: current,
      },
      HttpStatus.CONFLICT,
    );
  }
}

/** Parses input that did not come through a decorated parameter (multipart forms, Open311). */
export function parseWithSchema<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(
    result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
  );
}
