import { z } from 'zod';

/**
 * The shapes of Open311 GeoReport v2 documents, written for our tests from the spec
 * (wiki.open311.org/GeoReport_v2), the open311/schema-validation JSON Schemas
 * (schema/georeport-v2/*.json) and Helsinki's extensions (dev.hel.fi/apis/open311), as
 * summarised in the team's notes (formats/open311/NOTES.md). They are independent of the
 * production code on purpose: the same rules are checked against the example documents
 * in ./examples, so a shape that is wrong shows up against someone else's data too.
 *
 * `georeport.*` follow the schemas: optional fields may be null, unknown fields are allowed
 * (extensions such as Helsinki's `zip_code`). `strict()` turns one into a check that also
 * refuses unknown fields: our responses must carry nothing that is not in the spec or in
 * Helsinki's extensions, which is also how personal data is kept out.
 */

/** W3C date-time with the zone the spec requires (Z or ±hh:mm). */
export const w3cDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'a W3C date-time with a zone');

const optionalText = z.string().nullable().optional();

export const serviceShape = {
  service_code: z.string(),
  service_name: z.string(),
  description: optionalText,
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: optionalText,
  group: optionalText,
};

export const attributeShape = {
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: optionalText,
  order: z.number().int().positive().nullable().optional(),
  description: optionalText,
  values: z.array(z.looseObject({ key: z.string(), name: z.string() })).optional(),
};

export const serviceDefinitionShape = {
  service_code: z.string(),
  attributes: z.array(z.looseObject(attributeShape)),
};

/** Helsinki's detailed_status values (a comma-separated list of them). */
export const DETAILED_STATUSES = [
  'RECEIVED',
  'IN_PROCESS',
  'PROCESSED',
  'ARCHIVED',
  'REJECTED',
  'PUBLIC_WORKS_NEW',
  'PUBLIC_WORKS_IN_PROGRESS',
  'PUBLIC_WORKS_COMPLETED',
  'PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER',
  'PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION',
  'PUBLIC_WORKS_INTERRUPTED',
];

export const extendedAttributesShape = {
  title: z.string().optional(),
  service_object_id: z.string().optional(),
  service_object_type: z.string().optional(),
  detailed_status: z
    .string()
    .refine((s) => s.split(',').every((part) => DETAILED_STATUSES.includes(part)), 'known detailed_status values, comma-separated')
    .optional(),
  media_urls: z.array(z.url()).optional(),
  tasks: z.array(z.looseObject({})).optional(),
};

export const requestShape = {
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: optionalText,
  service_name: optionalText,
  service_code: z.string(),
  // The spec says 4000 characters; Helsinki accepts 5000 and so do we.
  description: z.string().max(5000).nullable().optional(),
  agency_responsible: optionalText,
  service_notice: optionalText,
  requested_datetime: w3cDateTime,
  updated_datetime: w3cDateTime.nullable().optional(),
  expected_datetime: w3cDateTime.nullable().optional(),
  address: optionalText,
  address_id: optionalText,
  zipcode: optionalText,
  lat: z.number().min(-90).max(90).nullable().optional(),
  long: z.number().min(-180).max(180).nullable().optional(),
  media_url: z.url().nullable().optional(),
  extended_attributes: z.looseObject(extendedAttributesShape).optional(),
};

/** One entry of a POST response: a service_request_id, or a token for batch services. */
export const postResultShape = {
  service_request_id: z.string().optional(),
  token: z.string().optional(),
  service_notice: optionalText,
  account_id: optionalText,
};
const exactlyOneOfIdOrToken = (r: { service_request_id?: string; token?: string }) =>
  (r.service_request_id === undefined) !== (r.token === undefined);

export const tokenResultShape = { service_request_id: z.string(), token: z.string() };

export const errorShape = { code: z.number().int(), description: z.string().min(1) };

export const discoveryShape = {
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z
    .array(
      z.looseObject({
        specification: z.url(),
        url: z.url(),
        changeset: z.string(),
        type: z.enum(['production', 'test']),
        formats: z.array(z.enum(['text/xml', 'application/json'])).min(1),
      }),
    )
    .min(1),
};

export const georeport = {
  services: z.array(z.looseObject(serviceShape)),
  serviceDefinition: z.looseObject(serviceDefinitionShape),
  requests: z.array(z.looseObject(requestShape)),
  request: z.looseObject(requestShape),
  extendedAttributes: z.looseObject(extendedAttributesShape),
  postResponse: z.array(z.looseObject(postResultShape).refine(exactlyOneOfIdOrToken, 'service_request_id or token')).min(1),
  tokenResponse: z.array(z.looseObject(tokenResultShape)).min(1),
  errors: z.array(z.looseObject(errorShape)).min(1),
  discovery: z.looseObject(discoveryShape),
};

/** Our own responses: the same shapes, with nothing beyond them. */
export const ours = {
  services: z.array(z.strictObject(serviceShape)),
  serviceDefinition: z.strictObject({ ...serviceDefinitionShape, attributes: z.array(z.strictObject(attributeShape)) }),
  requests: z.array(z.strictObject({ ...requestShape, extended_attributes: z.strictObject(extendedAttributesShape).optional() })),
  postResponse: z.array(z.strictObject(postResultShape).refine(exactlyOneOfIdOrToken, 'service_request_id or token')).length(1),
  tokenResponse: z.array(z.strictObject(tokenResultShape)).length(1),
  errors: z.array(z.strictObject(errorShape)).min(1),
  discovery: z.strictObject({ ...discoveryShape, endpoints: z.array(z.strictObject(discoveryShape.endpoints.element.shape)).min(1) }),
};

/** Fails the test with zod's own account of what does not fit. */
export function expectShape<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Not a valid Open311 document:\n${z.prettifyError(result.error)}\n${JSON.stringify(value, null, 2).slice(0, 2000)}`);
  return result.data;
}
