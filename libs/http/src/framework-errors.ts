import { HttpStatus } from '@nestjs/common';
import type { FieldProblem } from './problem';
import { MAX_PATH_PARAM_LENGTH } from './path-param-limit';

/** A client error raised by Fastify or one of its plugins, in the terms of a problem. */
export interface FrameworkClientError {
  status: number;
  detail: string;
  errors: FieldProblem[];
}

const TOO_LARGE = /TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/;

// What each of Fastify's (and @fastify/multipart's) error codes is about, for `errors[].field`.
const FIELD_OF_CODE: Record<string, string> = {
  FST_ERR_BAD_URL: '(url)',
  FST_ERR_MAX_PARAM_LENGTH: '(url)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'content-type',
};

// A request that is not multipart where multipart is expected is a wrong media type, not 406.
const STATUS_OF_CODE: Record<string, number> = {
  FST_INVALID_MULTIPART_CONTENT_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  FST_INVALID_JSON_FIELD_ERROR: HttpStatus.BAD_REQUEST,
};

/**
 * Errors Fastify raises before (or while) a handler reads the request: a malformed URL,
 * a parameter over maxParamLength (414), a body over the limit, JSON that does not parse,
 * a Content-Type without a parser, limits of a multipart stream. Undefined for anything
 * else, which is then a server error.
 */
export function frameworkClientError(error: unknown): FrameworkClientError | undefined {
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  let status = STATUS_OF_CODE[code] ?? (typeof e?.statusCode === 'number' ? e.statusCode : undefined);
  if (TOO_LARGE.test(code)) status = HttpStatus.PAYLOAD_TOO_LARGE;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const detail =
    status === HttpStatus.PAYLOAD_TOO_LARGE
      ? 'The request or one of its files is too large.'
      : status === HttpStatus.URI_TOO_LONG
        ? `A part of the address is longer than ${MAX_PATH_PARAM_LENGTH} characters.`
        : code === 'FST_ERR_BAD_URL'
          ? 'The address is not valid percent-encoded UTF-8.'
          : typeof e?.message === 'string'
          ? e.message
          : 'Invalid request';
  return { status, detail, errors: [{ field: FIELD_OF_CODE[code] ?? '(body)', message: detail }] };
}
