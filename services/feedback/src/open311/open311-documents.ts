/**
 * The documents Open311 GeoReport v2 answers with, in their JSON (Spark convention) shape.
 * open311-format.ts turns the same objects into XML, so the two formats cannot drift apart.
 */

export interface Open311ErrorEntry {
  /** An HTTP status or a more specific number (the spec allows either). */
  code: number;
  description: string;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** Always false: no category has extra attributes, so clients need not fetch definitions. */
  metadata: boolean;
  /** Always realtime: POST returns the service_request_id at once. */
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** Helsinki's extension, present only with `extensions=true`. */
export interface Open311ExtendedAttributes {
  title: string;
  detailed_status: string;
  media_urls: string[];
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  /**
   * Left out when there is none, as Helsinki does: an empty string is not a number (lat,
   * long) nor a URI (media_url), which the open311/schema-validation schemas ask for.
   */
  lat?: number;
  long?: number;
  /** The first photo; all of them are in extended_attributes.media_urls. */
  media_url?: string;
  extended_attributes?: Open311ExtendedAttributes;
}

export interface Open311PostResult {
  service_request_id: string;
  service_notice: string;
}

export interface Open311TokenResult {
  service_request_id: string;
  token: string;
}

export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }[];
}

/**
 * Open311 dates: W3C date-time with a zone. UTC with whole seconds: clients with fixed
 * formats cope, and a client paging with `updated_after=<last updated_datetime>` sees an
 * item twice at worst (filters are inclusive), never misses one.
 */
export function open311DateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
