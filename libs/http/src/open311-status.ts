/**
 * The HTTP status an Open311 GeoReport v2 client is answered with for an error of `status`.
 * Its clients know 404 (not found), 403 (api_key) and 400 (anything else, the real status
 * kept in the error's `code`: 413 for too large a body, 431 for too large headers). 401 (a
 * bad bearer token on these public routes) counts as an authentication failure: 403.
 * 409, 422 (Idempotency-Key) and 429 (limits, with Retry-After) keep theirs: a client must
 * tell "wait and retry" and "key reused" from a bad request, whatever the API. Server
 * errors keep theirs. Shared by the feedback service and the portal's proxy in front of it,
 * so an Open311 client reads the same status whichever of the two refused its request.
 */
export function open311Status(status: number): number {
  if (status >= 500) return status;
  if (status === 401 || status === 403) return 403;
  if (status === 404) return 404;
  if (status === 409 || status === 422 || status === 429) return status;
  return 400;
}
