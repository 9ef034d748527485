import type { FastifyRequest } from 'fastify';
import { multipartProblem } from '@vaikuta/http';
import { UploadedPhoto } from './photo-inspector';

export interface MultipartForm {
  fields: Record<string, string | string[]>;
  files: UploadedPhoto[];
}

/**
 * Reads a multipart request into plain fields and file buffers. Size and count limits
 * are enforced by @fastify/multipart while streaming, so an oversize file never fills memory.
 */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const fields: Record<string, string | string[]> = {};
  const files: UploadedPhoto[] = [];
  try {
    for await (const part of (request as unknown as { parts(): AsyncIterable<any> }).parts()) {
      if (part.type === 'file') {
        files.push({ field: part.fieldname, filename: part.filename, bytes: await part.toBuffer() });
      } else {
        const existing = fields[part.fieldname];
        const value = String(part.value);
        fields[part.fieldname] = existing === undefined ? value : ([] as string[]).concat(existing, value);
      }
    }
  } catch (error) {
    // No boundary, a truncated body, a limit: the client's error (400/413), never a 500.
    throw multipartProblem(error);
  }
  return { fields, files };
}

export function isMultipart(request: FastifyRequest): boolean {
  return (request as unknown as { isMultipart?: () => boolean }).isMultipart?.() ?? false;
}
