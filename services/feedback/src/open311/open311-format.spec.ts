import { asXmlText, sparkFromXml, XML_DECLARATION } from '../../test/open311/spark-xml';
import { errorFormatOf, renderErrors, renderOpen311, renderRequests, renderServiceDefinition } from './open311-format';
import type { Open311Request } from './open311-documents';

const request: Open311Request = {
  service_request_id: '0b8f5a1e-3c1d-4d8e-9a55-6f1f6f0f9f01',
  status: 'open',
  status_notes: 'Kiitos & tervetuloa <b>takaisin</b>',
  service_name: 'Katuvaurio',
  service_code: '171',
  description: 'Rivi yksi\nRivi kaksi "lainaus"',
  agency_responsible: 'Kaupunkiympäristön toimiala',
  service_notice: '',
  requested_datetime: '2025-05-01T10:00:00Z',
  updated_datetime: '2025-05-01T10:00:00Z',
  expected_datetime: '2025-05-06T10:00:00Z',
  address: '',
  lat: 60.1841,
  long: 24.9494,
  media_url: 'http://feedback.test/feedback/photos/1',
  extended_attributes: { title: 'Kuoppa', detailed_status: 'RECEIVED', media_urls: ['http://feedback.test/feedback/photos/1', 'http://feedback.test/feedback/photos/2'] },
};

describe('Open311 rendering', () => {
  it('writes JSON as the plain array, with its content type', () => {
    const rendered = renderRequests('json', [request]);
    expect(rendered.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(rendered.body)).toEqual([request]);
  });

  it('writes XML with the declaration, the spec root and repeated elements for lists', () => {
    const rendered = renderRequests('xml', [request, { ...request, extended_attributes: undefined }]);
    expect(rendered.contentType).toBe('text/xml; charset=utf-8');
    expect(rendered.body.startsWith(`${XML_DECLARATION}\n<service_requests>`)).toBe(true);
    expect(rendered.body).toContain('<media_urls>\n');
    expect(rendered.body.match(/<media_url>/g)).toHaveLength(1 + 2 + 1); // media_url and two media_urls, then media_url
    const parsed = sparkFromXml(rendered.body);
    expect(parsed.root).toBe('service_requests');
    expect(parsed.value).toEqual(asXmlText([request, { ...request, extended_attributes: undefined }].map((r) => JSON.parse(JSON.stringify(r)))));
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    const rendered = renderRequests('xml', [{ ...request, description: 'a\u0000b\u0007c\u001Fd \uD800 e' }]);
    expect(rendered.body).toContain('Kiitos &amp; tervetuloa &lt;b&gt;takaisin&lt;/b&gt;');
    expect(rendered.body).toContain('<description>abcd  e</description>');
  });

  it('writes an empty list and an empty attribute list as empty containers', () => {
    expect(renderRequests('xml', []).body).toBe(`${XML_DECLARATION}\n<service_requests></service_requests>\n`);
    const definition = renderServiceDefinition('xml', { service_code: '171', attributes: [] });
    expect(sparkFromXml(definition.body)).toEqual({ root: 'service_definition', value: { service_code: '171', attributes: [] } });
  });

  it('writes errors as <errors><error><code/><description/></error></errors>', () => {
    const xml = renderErrors('xml', [{ code: 403, description: 'api_key is required' }]).body;
    expect(xml).toContain('<errors>\n  <error>\n    <code>403</code>\n    <description>api_key is required</description>\n  </error>\n</errors>');
  });

  it('refuses a list it has no XML element for, rather than inventing one', () => {
    expect(() => renderOpen311('xml', 'things', [1])).toThrow(/things/);
  });

  it.each([
    ['/open311/v2/requests.xml', undefined, 'xml'],
    ['/open311/v2/requests/abc.XML?x=1', undefined, 'xml'],
    ['/open311/v2/services.json', 'text/xml', 'json'],
    ['/open311/v2/services.csv', undefined, 'json'],
    ['/open311/v2/services.csv', 'text/xml', 'xml'],
    ['/open311/v2/whatever', 'application/json, text/xml', 'json'],
  ])('answers errors for %s (Accept %s) in %s', (url, accept, format) => {
    expect(errorFormatOf(url, accept)).toBe(format);
  });
});
