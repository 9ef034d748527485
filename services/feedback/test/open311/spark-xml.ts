import { XMLParser } from 'fast-xml-parser';

/**
 * Compares an Open311 XML document with its JSON twin by the Spark convention the spec bases
 * JSON on: the root element is dropped, a container of repeated elements is an array, and
 * every value is text. Written for the tests, apart from the production renderer, so that
 * checking our XML against our JSON is not the renderer checking itself (it is also run on the
 * spec's own XML/JSON example pairs).
 */
const CONTAINERS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  media_urls: 'media_url',
};

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  // An element repeats when its parent is the container for it (`media_url` alone is a scalar).
  isArray: (name, jpath) => CONTAINERS[String(jpath).split('.').slice(-2)[0]] === name,
});

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

function unwrap(node: unknown, name: string): unknown {
  const child = CONTAINERS[name];
  if (child) {
    if (node === '' || node === undefined) return [];
    return ((node as Record<string, unknown[]>)[child] ?? []).map((item) => unwrap(item, child));
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, unwrap(value, key)]));
  }
  return node;
}

/** The XML document as the JSON it maps to, with every value as text, and its root element's name. */
export function sparkFromXml(xml: string): { root: string; value: unknown } {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const [root, ...more] = Object.keys(doc);
  if (!root || more.length) throw new Error(`Expected one root element, got ${Object.keys(doc).join(', ')}`);
  return { root, value: unwrap(doc[root], root) };
}

/** A JSON document with every value as XML carries it: text, null as empty. */
export function asXmlText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asXmlText);
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlText(v)]));
  return String(value).trim();
}
