import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';

interface BufferedField {
  type: 'field';
  fieldname: string;
  value: string;
  mimetype?: string;
  encoding?: string;
  fieldnameTruncated: boolean;
  valueTruncated: boolean;
}

interface BufferedFile {
  type: 'file';
  fieldname: string;
  filename: string;
  mimetype: string;
  encoding?: string;
  bytes: Buffer;
}

type BufferedPart = BufferedField | BufferedFile;

type MultipartRequest = Omit<FastifyRequest, 'parts'> & { isMultipart?: () => boolean; parts: () => AsyncIterable<any> };

/** What the body said, for comparing two requests that use the same key. */
export interface ReadBody {
  fingerprint: string;
  /** The form's text fields (multipart) or the parsed body, to find an API key in. */
  fields: Record<string, unknown>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Fingerprints the request body. Parsed bodies (JSON, urlencoded) hash as their JSON, so a
 * retry that re-serialises the same object matches. A multipart body cannot be hashed raw:
 * a client that retries builds it again with a new random boundary. So its parts are read
 * here — field names and values, file names, types and bytes — and handed to the route's
 * own reader unchanged (see replayParts): the body is read once, as the route would have.
 */
export async function readBodyForFingerprint(request: FastifyRequest): Promise<ReadBody | undefined> {
  const multipart = request as unknown as MultipartRequest;
  if (!multipart.isMultipart?.()) {
    const body = request.body ?? null;
    return {
      fingerprint: sha256(JSON.stringify(body)),
      fields: body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
    };
  }
  const parts: BufferedPart[] = [];
  try {
    for await (const part of multipart.parts()) {
      if (part.type === 'file') {
        parts.push({ type: 'file', fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, encoding: part.encoding, bytes: await part.toBuffer() });
      } else {
        parts.push({
          type: 'field',
          fieldname: part.fieldname,
          value: String(part.value),
          mimetype: part.mimetype,
          encoding: part.encoding,
          fieldnameTruncated: Boolean(part.fieldnameTruncated),
          valueTruncated: Boolean(part.valueTruncated),
        });
      }
    }
  } catch (error) {
    // The route's reader meets the same failure and answers it as it always does (400/413).
    replayParts(multipart, parts, error);
    return undefined;
  }
  replayParts(multipart, parts);
  const hash = createHash('sha256');
  const fields: Record<string, unknown> = Object.create(null);
  for (const part of parts) {
    if (part.type === 'field') {
      hash.update(`field\0${part.fieldname}\0${part.value}\0`);
      fields[part.fieldname] ??= part.value;
    } else {
      hash.update(`file\0${part.fieldname}\0${part.filename}\0${part.mimetype}\0${sha256(part.bytes)}\0`);
    }
  }
  return { fingerprint: hash.digest('hex'), fields: { ...fields } };
}

/**
 * Lets the route read the parts already read, through the same `request.parts()` it uses,
 * ending with `error` if reading failed part-way.
 */
function replayParts(request: MultipartRequest, parts: BufferedPart[], error?: unknown): void {
  request.parts = async function* () {
    for (const part of parts) {
      if (part.type === 'field') yield part;
      else yield { ...part, file: Readable.from(part.bytes), toBuffer: async () => part.bytes };
    }
    if (error !== undefined) throw error;
  };
}
