import { XMLBuilder } from 'fast-xml-parser';
import type {
  Open311Discovery,
  Open311ErrorEntry,
  Open311PostResult,
  Open311Request,
  Open311Service,
  Open311ServiceDefinition,
  Open311TokenResult,
} from './open311-documents';

/** The suffix of every Open311 resource (`services.json`, `requests/{id}.xml`). */
export type Open311Format = 'json' | 'xml';

export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export interface Rendered {
  contentType: string;
  body: string;
}

export function parseOpen311Format(suffix: string | undefined): Open311Format | undefined {
  const lower = suffix?.toLowerCase();
  return lower === 'json' || lower === 'xml' ? lower : undefined;
}

/**
 * The format an error is written in. The URL's suffix decides when it is one we speak;
 * otherwise (`services.csv`, an unknown path) the Accept header, and JSON when it says
 * nothing, since a client that asked for neither understands neither anyway.
 */
export function errorFormatOf(url: string | undefined, accept: string | undefined): Open311Format {
  const path = (url ?? '').split('?')[0];
  const suffix = parseOpen311Format(/\.([a-z0-9]+)$/i.exec(path)?.[1]);
  if (suffix) return suffix;
  return /\b(text|application)\/xml\b/i.test(accept ?? '') && !/application\/json/i.test(accept ?? '') ? 'xml' : 'json';
}

/**
 * The Spark convention the spec bases JSON on: an XML container of repeated elements is a
 * JSON array. These are the containers Open311 defines and the element each repeats.
 * `media_urls` (Helsinki's extension, a JSON array of URLs) follows the same rule, so in
 * XML it is `<media_urls><media_url>…</media_url>…</media_urls>`, like `formats/format`
 * in discovery, and converts back to the same JSON array.
 */
const CHILD_ELEMENT: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  media_urls: 'media_url',
};

// Characters XML 1.0 cannot carry even escaped (most C0 controls, lone surrogates, U+FFFE/F).
// A description pasted with a stray control character must not make the whole list unparseable.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function toXmlTree(value: unknown, container: string): unknown {
  if (Array.isArray(value)) {
    const child = CHILD_ELEMENT[container];
    if (!child) throw new Error(`Open311 XML: no element defined for items of ${container}`);
    return { [child]: value.map((item) => toXmlTree(item, child)) };
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toXmlTree(item, key);
    }
    return out;
  }
  return String(value).replace(NOT_XML_CHAR, '');
}

const xmlBuilder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/** One document in the requested format; `root` is its XML root element. */
export function renderOpen311(format: Open311Format, root: string, document: unknown): Rendered {
  if (format === 'json') return { contentType: OPEN311_CONTENT_TYPES.json, body: JSON.stringify(document) };
  const tree = { [root]: toXmlTree(document, root) };
  return { contentType: OPEN311_CONTENT_TYPES.xml, body: `<?xml version="1.0" encoding="utf-8"?>\n${xmlBuilder.build(tree)}` };
}

export const renderDiscovery = (format: Open311Format, discovery: Open311Discovery) => renderOpen311(format, 'discovery', discovery);
export const renderServices = (format: Open311Format, services: Open311Service[]) => renderOpen311(format, 'services', services);
export const renderServiceDefinition = (format: Open311Format, definition: Open311ServiceDefinition) =>
  renderOpen311(format, 'service_definition', definition);
export const renderRequests = (format: Open311Format, requests: Open311Request[]) => renderOpen311(format, 'service_requests', requests);
export const renderPostResults = (format: Open311Format, results: Open311PostResult[]) => renderOpen311(format, 'service_requests', results);
export const renderTokens = (format: Open311Format, tokens: Open311TokenResult[]) => renderOpen311(format, 'service_requests', tokens);
export const renderErrors = (format: Open311Format, errors: Open311ErrorEntry[]) => renderOpen311(format, 'errors', errors);
