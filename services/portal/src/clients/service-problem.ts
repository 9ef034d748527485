/** One invalid field as the services report it (RFC 9457 `errors` extension). */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemBody {
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
  correlationId?: string;
  currentVersion?: number;
}

/** A service answered with an error (or did not answer at all: status 503). */
export class ServiceProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
    readonly service: string,
  ) {
    super(`${service} answered ${status}: ${problem.detail ?? problem.title ?? ''}`);
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }

  static unreachable(service: string, cause: unknown): ServiceProblem {
    const error = new ServiceProblem(503, { title: 'Service unavailable', detail: `${service} did not answer` }, service);
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}
