import { z } from 'zod';

// W3C Trace Context, version 00: version-traceid-parentid-flags, lower-case hex.
const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/**
 * CloudEvents 1.0 structured JSON envelope, plus the `correlationid` extension that
 * carries one resident's action from the HTTP request through every event it causes, and
 * the Distributed Tracing extension's `traceparent`/`tracestate` (docs/adr/0017): the trace
 * context the event was written in, so its relaying and handling join the same trace.
 */
export const cloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^fi\.vaikuta\.[a-z_]+(\.[a-z_]+)+\.v\d+$/, 'type must look like fi.vaikuta.<service>.<event>.v<N>'),
  subject: z.string().min(1).optional(),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
  correlationid: z.string().min(1).optional(),
  // A malformed trace context is dropped, never a reason to refuse (and park) the event.
  traceparent: z.string().regex(TRACEPARENT).optional().catch(undefined),
  tracestate: z.string().max(512).optional().catch(undefined),
  data: z.unknown(),
});

export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventEnvelope>, 'data'> & { data: T };
