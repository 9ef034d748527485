import { All, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@vaikuta/auth';
import { allowedMethods, CredentialFailures, Idempotent, IdempotentRequestId, RateLimitClass, RateLimits } from '@vaikuta/http';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { isMultipart, readMultipartForm } from '../photos/multipart-form';
import type { UploadedPhoto } from '../photos/photo-inspector';
import { Open311ApiKeysService } from './open311-api-keys.service';
import { Open311CatalogService } from './open311-catalog.service';
import { Open311Discovery } from './open311-documents';
import { Open311Error } from './open311-error';
import { Open311ErrorFilter } from './open311-error.filter';
import {
  Open311Format,
  Rendered,
  renderDiscovery,
  renderPostResults,
  renderRequests,
  renderServiceDefinition,
  renderServices,
  renderTokens,
} from './open311-format';
import { assertJurisdiction, Open311Params, open311Locale, paramOf, requireFormat } from './open311-params';
import { Open311RequestService } from './open311-request.service';
import { parseRequestsQuery } from './open311-requests.query';

/** When this endpoint's surface last changed; discovery's `changeset` (sortable, so clients can cache). */
export const OPEN311_CHANGESET = '2025-11-22T00:00:00Z';

function send(reply: FastifyReply, rendered: Rendered): string {
  reply.header('Content-Type', rendered.contentType);
  return rendered.body;
}

/** A form (urlencoded, multipart or, leniently, JSON) as text fields, the way Open311 defines them. */
function formOf(body: unknown): Open311Params {
  if (!body || typeof body !== 'object') return {};
  const form: Open311Params = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) form[name] = value.map(String);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') form[name] = String(value);
  }
  return form;
}

/**
 * Open311 GeoReport v2 with Helsinki's (CitySDK, 6Aika) extensions, at /open311/v2. Every
 * resource takes a `.json` or `.xml` suffix and every error is answered in Open311's own
 * format (see Open311ErrorFilter), not as problem+json.
 */
@ApiTags('open311')
@Controller('open311/v2')
@Public()
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
    private readonly catalog: Open311CatalogService,
    private readonly requests: Open311RequestService,
    private readonly keys: Open311ApiKeysService,
    private readonly keyFailures: CredentialFailures,
    private readonly limits: RateLimits,
  ) {}

  /** Every GET starts here: the format must be one we speak and the jurisdiction ours. */
  private begin(suffix: string, query: Open311Params): Open311Format {
    const format = requireFormat(suffix);
    assertJurisdiction(paramOf(query, 'jurisdiction_id'), this.config.jurisdiction);
    return format;
  }

  @Get('discovery.:format')
  @ApiOperation({ summary: 'Open311 service discovery' })
  discovery(@Param('format') suffix: string, @Query() query: Open311Params, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = this.begin(suffix, query);
    const discovery: Open311Discovery = {
      changeset: OPEN311_CHANGESET,
      contact: `Open311 GeoReport v2 endpoint of ${this.config.jurisdiction}; contact the city's feedback service for assistance.`,
      key_service: "API keys for posting requests are issued by the city's feedback service administrators.",
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${this.config.publicUrl}/open311/v2`,
          changeset: OPEN311_CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
    return send(reply, renderDiscovery(format, discovery));
  }

  @Get('services.:format')
  @ApiOperation({ summary: 'Open311 services (our active categories); `locale` fi, sv or en (default en)' })
  async services(@Param('format') suffix: string, @Query() query: Open311Params, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = this.begin(suffix, query);
    return send(reply, renderServices(format, await this.catalog.services(open311Locale(paramOf(query, 'locale')))));
  }

  @Get('services/:code.:format')
  @ApiOperation({ summary: 'Open311 service definition (no attributes)' })
  async serviceDefinition(
    @Param('code') code: string,
    @Param('format') suffix: string,
    @Query() query: Open311Params,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = this.begin(suffix, query);
    const definition = await this.catalog.definition(code);
    if (!definition) throw Open311Error.notFound(`service_code ${code} not found`);
    return send(reply, renderServiceDefinition(format, definition));
  }

  /**
   * Every service is realtime (POST answers with the service_request_id), so no token is ever
   * handed out. A client that asks anyway with a request id gets it back as its own token.
   */
  @Get('tokens/:token.:format')
  @ApiOperation({ summary: 'Open311 token look-up (ids are returned at once; a request id is its own token)' })
  async token(
    @Param('token') token: string,
    @Param('format') suffix: string,
    @Query() query: Open311Params,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = this.begin(suffix, query);
    if (!(await this.requests.exists(token))) throw Open311Error.notFound(`token ${token} not found`);
    return send(reply, renderTokens(format, [{ service_request_id: token, token }]));
  }

  @Get('requests.:format')
  @ApiOperation({
    summary: 'Published Open311 requests, newest first',
    description:
      'Filters: service_request_id, service_code, status, start_date/end_date (≤ 90 days, default the last 90), ' +
      'updated_after/updated_before, lat+long+radius (m), bbox=left,bottom,right,top, extensions=true, locale, ' +
      'page/page_size (default 50, at most 500). Paging in X-Result-Count, X-Page-Count, X-Page-Size, ' +
      'X-Next-Page-URL and X-Previous-Page-URL.',
  })
  async list(
    @Param('format') suffix: string,
    @Query() query: Open311Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = this.begin(suffix, query);
    const filter = parseRequestsQuery(query);
    const { requests, total } = await this.requests.list(filter);
    const pageCount = Math.max(1, Math.ceil(total / filter.pageSize));
    reply.header('X-Result-Count', String(total));
    reply.header('X-Page-Count', String(pageCount));
    reply.header('X-Page-Size', String(filter.pageSize));
    if (filter.page < pageCount) reply.header('X-Next-Page-URL', this.pageUrl(request, filter.page + 1));
    if (filter.page > 1) reply.header('X-Previous-Page-URL', this.pageUrl(request, Math.min(filter.page - 1, pageCount)));
    return send(reply, renderRequests(format, requests));
  }

  @Post('requests.:format')
  @HttpCode(201)
  @RateLimitClass('open311-write')
  // Keys are scoped by api_key: an app's retry meets its own first answer, never another app's.
  @Idempotent({ scopeField: 'api_key' })
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiOperation({ summary: 'Post an Open311 request (api_key required; photos as multipart media or media[])' })
  async create(
    @Param('format') suffix: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    const format = requireFormat(suffix);
    let form = formOf(request.body);
    let files: UploadedPhoto[] = [];
    if (isMultipart(request)) ({ fields: form, files } = await readMultipartForm(request));
    // The key is read from the form only, never from the query string: URLs end up in logs.
    const apiKey = typeof form.api_key === 'string' ? form.api_key.trim() : undefined;
    if (!apiKey) throw Open311Error.forbidden('api_key is required to post a request');
    // Guessing keys slows down, then locks the address (or the key tried) out with 429.
    await this.keyFailures.assertNotLockedOut(request, apiKey);
    const keyId = await this.keys.verify(apiKey);
    if (!keyId) {
      await this.keyFailures.failed(request, apiKey);
      throw Open311Error.forbidden('api_key is not valid (unknown or revoked)');
    }
    await this.limits.hitCaller('open311-write', request, `open311-key:${keyId}`);
    assertJurisdiction(paramOf(form, 'jurisdiction_id') ?? paramOf(request.query as Open311Params, 'jurisdiction_id'), this.config.jurisdiction);
    const result = await this.requests.submit(form, files, keyId, requestId);
    return send(reply, renderPostResults(format, [result]));
  }

  @Get('requests/:id.:format')
  @ApiOperation({ summary: 'One Open311 request by service_request_id, published or not (a one-element list)' })
  async one(
    @Param('id') id: string,
    @Param('format') suffix: string,
    @Query() query: Open311Params,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = this.begin(suffix, query);
    const extensions = ['true', 'all'].includes(paramOf(query, 'extensions') ?? '');
    const found = await this.requests.byId(id, open311Locale(paramOf(query, 'locale')), extensions);
    if (!found) throw Open311Error.notFound(`service_request_id ${id} not found`);
    return send(reply, renderRequests(format, [found]));
  }

  /**
   * Anything else under /open311/v2, said in Open311's format: a resource asked with a method it
   * does not have is a 405 with Allow (as every other route of the platform, libs/http), any other
   * path a resource we do not have.
   */
  @All('*')
  @ApiExcludeEndpoint()
  unknown(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    const allow = allowedMethods(request.server, request.url);
    if (allow.length > 0) {
      reply.header('Allow', allow.join(', '));
      throw Open311Error.methodNotAllowed(request.method, allow);
    }
    throw Open311Error.notFound(`No Open311 resource ${request.method} ${request.url.split('?')[0]}; see discovery.json`);
  }

  /** The same query with another page, absolute (config.publicUrl), for the X-*-Page-URL headers. */
  private pageUrl(request: FastifyRequest, page: number): string {
    const at = request.url.indexOf('?');
    const path = at < 0 ? request.url : request.url.slice(0, at);
    const query = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
    query.set('page', String(page));
    return `${this.config.publicUrl}${path}?${query}`;
  }
}
