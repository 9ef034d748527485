import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { frameworkClientError } from './framework-errors';
import { ValidationProblem } from './problem';

/**
 * What reading a multipart body failed with, as the client's error: size limits are 413,
 * anything else the parser threw (no boundary, a truncated or malformed body: busboy raises
 * plain Errors for those) is a 400 about the body. Reading a request stream can fail only
 * because of what the client sent.
 */
export function multipartProblem(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const known = frameworkClientError(error);
  if (known) return new ValidationProblem(known.errors, known.detail, known.status);
  return new ValidationProblem([{ field: '(body)', message: 'The multipart form is malformed or incomplete' }], undefined, HttpStatus.BAD_REQUEST);
}

export interface MultipartFile {
  field: string;
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string | string[]>;
  files: MultipartFile[];
}

export function isMultipart(request: FastifyRequest): boolean {
  return (request as unknown as { isMultipart?: () => boolean }).isMultipart?.() ?? false;
}

/**
 * Reads a multipart request into plain fields (a repeated one as an array) and file
 * buffers. @fastify/multipart enforces size and count limits while streaming; every
 * failure of the stream is a client error (multipartProblem).
 */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const fields: Record<string, string | string[]> = Object.create(null);
  const files: MultipartFile[] = [];
  try {
    for await (const part of (request as unknown as { parts(): AsyncIterable<any> }).parts()) {
      if (part.type === 'file') {
        files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, bytes: await part.toBuffer() });
      } else {
        const existing = fields[part.fieldname];
        const value = String(part.value);
        fields[part.fieldname] = existing === undefined ? value : ([] as string[]).concat(existing, value);
      }
    }
  } catch (error) {
    throw multipartProblem(error);
  }
  return { fields: { ...fields }, files };
}
