export { registerFuzzTarget, registeredFuzzTargets, type FuzzTarget, type FuzzApp, type FuzzRoute, type ErrorFormat } from './fuzz-target';
export { fuzzApp, serverErrorsOf, type FuzzReport, type FuzzFailure, type FuzzOptions } from './fuzz-runner';
export { fuzzRegisteredTargets } from './fuzz-suite';
export { routesOfOpenApi, type OpenApiDocument } from './openapi-routes';
export { badRequests, badString, badValue, percentEncode, wtf8, type RawRequest } from './bad-requests';
export { sendRaw, type RawResponse } from './raw-http';
export { problemWithAnswer } from './response-check';
export { wrongMethodProbes, problemWithWrongMethodAnswer, type WrongMethodProbe } from './wrong-methods';
