import { HttpException } from '@nestjs/common';
import type { FieldProblem } from '@vaikuta/http';
import type { Open311ErrorEntry } from './open311-documents';

/**
 * An error in Open311's own terms: the HTTP status the spec prescribes (404 not found,
 * 403 api_key, 400 anything else) and the list of `{code, description}` it answers with.
 */
export class Open311Error extends HttpException {
  constructor(
    status: 400 | 403 | 404,
    readonly errors: Open311ErrorEntry[],
  ) {
    super({ errors }, status);
  }

  static notFound(description: string): Open311Error {
    return new Open311Error(404, [{ code: 404, description }]);
  }

  /**
   * A method the resource does not have; the caller sets Allow (RFC 9110 §15.5.6). A 400 with
   * the real status as the code, as Open311 clients know it (open311Status in libs/http).
   */
  static methodNotAllowed(method: string, allow: string[]): Open311Error {
    return new Open311Error(400, [{ code: 405, description: `This resource does not answer ${method}; it answers ${allow.join(', ')}` }]);
  }

  static forbidden(description: string): Open311Error {
    return new Open311Error(403, [{ code: 403, description }]);
  }

  /**
   * One entry per invalid parameter, each description starting with the parameter's name.
   * `code` may be more specific than the status (413 for a photo too large), as the spec allows.
   */
  static invalid(problems: FieldProblem[], code = 400): Open311Error {
    return new Open311Error(
      400,
      problems.map((p) => ({ code, description: `${p.field}: ${p.message}` })),
    );
  }

  static field(field: string, message: string): Open311Error {
    return Open311Error.invalid([{ field, message }]);
  }
}

/** Zod issues as field problems, each path turned into the Open311 parameter it came from. */
export function fieldProblemsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  rename: (field: string) => string = (f) => f,
): FieldProblem[] {
  return issues.map((i) => ({ field: rename(i.path.map(String).join('.') || '(request)'), message: i.message }));
}
