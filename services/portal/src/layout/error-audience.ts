import { open311Status, renderProblemJson, type PathErrorFormat, type RenderedError } from '@vaikuta/http';

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

/**
 * Open311's error answer, as the feedback service gives it: the status Open311 clients know
 * (400 for most client errors, with the real one as the `code`: 413, 431) and the document
 * in the format the URL's suffix (or else the Accept header) asks for.
 */
export function open311ErrorBody(url: string | undefined, accept: string | undefined, code: number, description: string): RenderedError {
  const status = open311Status(code);
  const suffix = /\.(json|xml)(?:\?|$)/i.exec(url ?? '')?.[1]?.toLowerCase();
  const xml = suffix ? suffix === 'xml' : /\b(text|application)\/xml\b/i.test(accept ?? '') && !/application\/json/i.test(accept ?? '');
  if (!xml) return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify([{ code, description }]) };
  const text = description.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
  return {
    status,
    contentType: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>${code}</code>\n    <description>${text}</description>\n  </error>\n</errors>\n`,
  };
}

/**
 * Errors the HTTP parser raises before there is a request (431 headers too large, 400
 * malformed HTTP, 408), which libs/http's client error handler writes: in the format of
 * whoever the request line says asked. A request line the parser never got to reads as a page.
 */
export const portalPreRoutingErrors: PathErrorFormat = {
  prefix: '',
  render(problem, url, accept) {
    const audience = errorAudienceOf(url);
    if (audience === 'open311') return open311ErrorBody(url, accept, problem.status, problem.detail);
    if (audience === 'api') return renderProblemJson(problem);
    // No language, session or layout yet: a short page in the three languages.
    return {
      status: problem.status,
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="fi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${problem.status} – Vaikuta</title><h1>${problem.status}</h1>` +
        `<p>Pyyntö oli liian suuri tai virheellinen. <a href="/">Etusivulle</a></p>` +
        `<p lang="sv">Begäran var för stor eller felaktig. <a href="/">Till startsidan</a></p>` +
        `<p lang="en">The request was too large or malformed. <a href="/">Home</a></p></html>`,
    };
  },
};
