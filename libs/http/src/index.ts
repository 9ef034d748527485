export { ValidationProblem, StaleVersionProblem, parseWithSchema, type FieldProblem, type ProblemDetails } from './problem';
export { ProblemDetailsFilter } from './problem-details.filter';
export { schemaValidationPipe } from './schema-validation.pipe';
export { createFastifyAdapter, configureHttpApp, startHttpApp, type HttpAppOptions } from './http-app';
