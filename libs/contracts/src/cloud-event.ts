import { z } from 'zod';

/**
 * CloudEvents 1.0 structured JSON envelope, plus the `correlationid` extension that
 * carries one resident's action from the HTTP request through every event it causes.
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
  data: z.unknown(),
});

export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventEnvelope>, 'data'> & { data: T };
