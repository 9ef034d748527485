/**
 * Who reads an error the portal itself answers (before, or instead of, a service): an API
 * client under /api/ reads problem+json like every service's, an Open311 client under
 * /open311/ reads Open311's `[{code, description}]` (or `<errors>`), and a person gets a page.
 */
export type ErrorAudience = 'api' | 'open311' | 'page';

export function errorAudienceOf(url: string | undefined): ErrorAudience {
  const path = url ?? '/';
  if (path.startsWith('/open311/')) return 'open311';
  if (path.startsWith('/api/') || path === '/api') return 'api';
  return 'page';
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Open311's error document, in the format the URL's suffix (or else the Accept header) asks for. */
export function open311ErrorBody(url: string | undefined, accept: string | undefined, code: number, description: string): { contentType: string; body: string } {
  const suffix = /\.(json|xml)(?:\?|$)/i.exec(url ?? '')?.[1]?.toLowerCase();
  const xml = suffix ? suffix === 'xml' : /\b(text|application)\/xml\b/i.test(accept ?? '') && !/application\/json/i.test(accept ?? '');
  if (!xml) return { contentType: 'application/json; charset=utf-8', body: JSON.stringify([{ code, description }]) };
  const text = description.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
  return {
    contentType: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>${code}</code>\n    <description>${text}</description>\n  </error>\n</errors>\n`,
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** A whole HTTP response for a client error the HTTP parser raised, in the audience's format. */
export function rawClientErrorResponse(url: string | undefined, status: number, detail: string): string {
  const title = TITLES[status] ?? 'Bad Request';
  const audience = errorAudienceOf(url);
  let contentType: string;
  let body: string;
  if (audience === 'open311') {
    ({ contentType, body } = open311ErrorBody(url, undefined, status, detail));
  } else if (audience === 'api') {
    contentType = 'application/problem+json; charset=utf-8';
    body = JSON.stringify({ type: 'about:blank', title, status, detail, errors: [{ field: status === 431 ? '(headers)' : '(request)', message: detail }] });
  } else {
    // No language, session or layout yet: a short page in the three languages.
    contentType = 'text/html; charset=utf-8';
    body =
      `<!doctype html><html lang="fi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${status} – Vaikuta</title><h1>${status}</h1>` +
      `<p>Pyyntö oli liian suuri tai virheellinen. <a href="/">Etusivulle</a></p>` +
      `<p lang="sv">Begäran var för stor eller felaktig. <a href="/">Till startsidan</a></p>` +
      `<p lang="en">The request was too large or malformed. <a href="/">Home</a></p></html>`;
  }
  return `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`;
}
