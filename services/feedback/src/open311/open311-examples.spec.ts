import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { asXmlText, sparkFromXml, XML_DECLARATION } from '../../test/open311/spark-xml';
import { expectShape, georeport } from '../../test/open311/georeport-v2.shapes';

/**
 * The shapes our responses are checked against (test/open311/georeport-v2.shapes.ts), checked
 * in turn against the example documents of the spec, Helsinki and 6Aika (copied from the
 * team's formats/open311 into test/open311/examples).
 *
 * Every example is checked. Most are valid as they are. The older ones number their ids
 * (`"service_request_id": 638344`, `"key": 123`, `"zipcode": 94122`, a numeric token), and
 * Helsinki's documentation prints lat/long as strings; schema-validation types ids as strings
 * and coordinates as numbers (so do we). Those examples are first shown to fail as printed,
 * then checked after `fromLegacy` (numeric ids → strings, numeric strings in lat/long →
 * numbers), which changes the types of exactly those fields and nothing else.
 */
const EXAMPLES = path.join(__dirname, '../../test/open311/examples');
const example = (name: string): unknown => JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8'));
const exampleText = (name: string): string => readFileSync(path.join(EXAMPLES, name), 'utf8');

const ID_FIELDS = new Set(['service_request_id', 'token', 'address_id', 'zipcode', 'key']);
function fromLegacy(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fromLegacy(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromLegacy(v, k)]));
  if (ID_FIELDS.has(key) && typeof value === 'number') return String(value);
  if ((key === 'lat' || key === 'long') && typeof value === 'string' && value !== '') return Number(value);
  return value;
}

describe('Open311 shapes against the published examples', () => {
  it.each([
    ['services.json', georeport.services],
    ['services_helsinki_fi.json', georeport.services],
    ['discovery.json', georeport.discovery],
    ['error_403.json', georeport.errors],
    ['helsinki_error_403.json', georeport.errors],
    ['helsinki_post_response.json', georeport.postResponse],
    ['post_response_token.json', georeport.postResponse],
  ] as [string, z.ZodType][])('%s is valid as printed', (name, schema) => {
    expectShape(schema, example(name));
  });

  it('helsinki_extended_attributes_full.json has valid extended_attributes', () => {
    expectShape(georeport.extendedAttributes, (example('helsinki_extended_attributes_full.json') as { extended_attributes: unknown }).extended_attributes);
  });

  it.each([
    ['requests.json', georeport.requests],
    ['post_response.json', georeport.postResponse],
    ['token_lookup_response.json', georeport.tokenResponse],
    ['service_definition.json', georeport.serviceDefinition],
    ['helsinki_requests_list_no_extensions.json', georeport.requests],
    ['helsinki_request_extensions.json', georeport.requests],
    ['helsinki_taskful_request_6aika_fixture.json', georeport.request],
  ] as [string, z.ZodType][])('%s (legacy types) fails as printed and fits once its ids are strings and coordinates numbers', (name, schema) => {
    expect(schema.safeParse(example(name)).success).toBe(false);
    expectShape(schema, fromLegacy(example(name)));
  });

  it('every example file is covered above', () => {
    const covered = [
      'services.json', 'services_helsinki_fi.json', 'discovery.json', 'error_403.json', 'helsinki_error_403.json',
      'helsinki_post_response.json', 'post_response_token.json', 'helsinki_extended_attributes_full.json', 'requests.json',
      'post_response.json', 'token_lookup_response.json', 'service_definition.json', 'helsinki_requests_list_no_extensions.json',
      'helsinki_request_extensions.json', 'helsinki_taskful_request_6aika_fixture.json',
      'services.xml', 'requests.xml', 'service_definition.xml', 'error_403.xml',
    ];
    expect(readdirSync(EXAMPLES).filter((f) => /\.(json|xml)$/.test(f)).sort()).toEqual(covered.sort());
  });

  // The XML examples hold the first item of their JSON twins; comparing them checks the
  // Spark mapping the tests use on our own XML.
  it.each([
    ['services.xml', 'services.json', 'services', (json: unknown[]) => json.slice(0, 1)],
    ['requests.xml', 'requests.json', 'service_requests', (json: unknown[]) => json.slice(0, 1)],
    ['service_definition.xml', 'service_definition.json', 'service_definition', (json: unknown) => json],
    ['error_403.xml', 'error_403.json', 'errors', (json: unknown) => json],
  ] as const)('%s says what %s says', (xmlName, jsonName, root, pick) => {
    const xml = exampleText(xmlName);
    expect(xml.startsWith(XML_DECLARATION)).toBe(true);
    const parsed = sparkFromXml(xml);
    expect(parsed.root).toBe(root);
    expect(parsed.value).toEqual(asXmlText((pick as (j: never) => unknown)(example(jsonName) as never)));
  });
});
