import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeedbackTestApp } from '../feedback-test-app';
import { asXmlText, sparkFromXml, XML_DECLARATION } from './spark-xml';

export const pixelPng = () => readFile(path.join(__dirname, '../fixtures/pixel.png'));

/** A key issued the way a city issues one: an admin through the admin API. */
export async function issueOpen311Key(t: FeedbackTestApp, label = 'test client'): Promise<{ id: string; apiKey: string }> {
  const admin = await t.token('admin');
  const res = await t.http().post('/feedback/admin/open311-keys').set('Authorization', `Bearer ${admin}`).send({ label }).expect(201);
  return res.body;
}

/** POSTs an Open311 request form-encoded; returns the response for the caller to check. */
export function postOpen311Form(t: FeedbackTestApp, fields: Record<string, string>, format = 'json') {
  return t.http().post(`/open311/v2/requests.${format}`).type('form').send(fields);
}

/** POSTs one that must be accepted, and returns its service_request_id. */
export async function submitOpen311(t: FeedbackTestApp, apiKey: string, fields: Record<string, string>): Promise<string> {
  const res = await postOpen311Form(t, { api_key: apiKey, ...fields });
  if (res.status !== 201) throw new Error(`POST requests.json answered ${res.status}: ${res.text}`);
  return res.body[0].service_request_id;
}

/**
 * GETs a resource as .json and as .xml with the same query, checks both content types and the
 * XML declaration, and that the XML says field by field what the JSON says (Spark convention).
 * Returns both for further checks.
 */
export async function getBothFormats(t: FeedbackTestApp, resource: string, query = '', status = 200) {
  const suffix = query ? `?${query}` : '';
  const json = await t.http().get(`/open311/v2/${resource}.json${suffix}`);
  const xml = await t.http().get(`/open311/v2/${resource}.xml${suffix}`);
  expect({ status: json.status, text: json.status === status ? 'ok' : json.text }).toEqual({ status, text: 'ok' });
  expect(xml.status).toBe(status);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(xml.text.startsWith(`${XML_DECLARATION}\n`)).toBe(true);
  const parsed = sparkFromXml(xml.text);
  expect(parsed.value).toEqual(asXmlText(json.body));
  return { json, xml, root: parsed.root, body: json.body };
}
