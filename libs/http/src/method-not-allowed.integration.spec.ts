import { Body, Controller, Delete, Get, Module, Param, Post, Put } from '@nestjs/common';
import type request from 'supertest';
import { z } from 'zod';
import { HttpSpecApp, silentLoggerProviders, startHttpSpecApp } from '../test/http-spec-app';
import { parseWithSchema } from './problem';

// As the services validate a personal-data subject or an external id: up to 255 characters.
const personalDataPath = z.object({ subject: z.string().min(1).max(255) });

@Controller('sample')
class SampleController {
  @Get('requests')
  list() {
    return [];
  }

  @Post('requests')
  create(@Body() body: unknown) {
    return { created: body };
  }

  @Get('requests/:id')
  one(@Param('id') id: string) {
    return { id };
  }

  @Put('requests/:id')
  replace(@Param('id') id: string) {
    return { id };
  }

  @Delete('requests/:id/comments/:comment')
  removeComment(@Param('comment') comment: string) {
    return { comment };
  }

  @Get('admin/personal-data/:subject')
  personalData(@Param('subject') value: string) {
    return parseWithSchema(personalDataPath, { subject: value });
  }
}

@Module({
  controllers: [SampleController],
  providers: silentLoggerProviders,
})
class SampleModule {}

describe('the shared HTTP layer routing', () => {
  let spec: HttpSpecApp;
  const http = () => spec.http();

  beforeAll(async () => {
    spec = await startHttpSpecApp(SampleModule);
  });
  afterAll(() => spec?.close());

  function expectProblem(res: request.Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toEqual(expect.objectContaining({ type: 'about:blank', status }));
  }

  describe('a method the path does not have', () => {
    it('is a 405 problem naming the methods the path has, in Allow', async () => {
      const res = await http().delete('/sample/requests');
      expectProblem(res, 405);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      expect(res.body).toEqual(
        expect.objectContaining({ title: 'Method not allowed', instance: '/sample/requests', errors: [{ field: '(method)', message: expect.stringContaining('DELETE') }] }),
      );
    });

    it('matches parametric paths as the router does, query string and all', async () => {
      const put = await http().post('/sample/requests/abc?x=1').send({});
      expectProblem(put, 405);
      expect(put.headers.allow).toBe('GET, HEAD, PUT');
      const nested = await http().get('/sample/requests/abc/comments/7');
      expectProblem(nested, 405);
      expect(nested.headers.allow).toBe('DELETE');
      // A path that only has GET answers PATCH and OPTIONS alike: no route, the path exists.
      for (const method of ['patch', 'options'] as const) {
        const res = await http()[method]('/sample/admin/personal-data/someone');
        expectProblem(res, 405);
        expect(res.headers.allow).toBe('GET, HEAD');
      }
    });

    it('is a 405 before the body is read: a body that does not parse does not change it', async () => {
      const res = await http().patch('/sample/requests/abc').set('content-type', 'application/json').send('{"broken"');
      expectProblem(res, 405);
      expect(res.headers.allow).toBe('GET, HEAD, PUT');
    });

    it('keeps the security headers of every answer', async () => {
      const res = await http().put('/sample/requests');
      expect(res.status).toBe(405);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  it('answers a path that exists for no method 404, with no Allow', async () => {
    for (const method of ['get', 'delete', 'options'] as const) {
      const res = await http()[method]('/sample/nothing-here');
      expectProblem(res, 404);
      expect(res.headers.allow).toBeUndefined();
    }
    // A method no route has at all, on a path that exists for others, is still a wrong method.
    const res = await http().patch('/sample/requests');
    expectProblem(res, 405);
    // The router's answer for a parameter over its limit is no route of the path: PROPFIND
    // (no route has it) does not list the methods whose parametric routes would refuse it.
    const refused = await http().propfind(`/sample/admin/personal-data/${'a'.repeat(600)}`);
    expectProblem(refused, 404);
    expect(refused.headers.allow).toBeUndefined();
  });

  it('leaves HEAD on a GET route and the right methods alone', async () => {
    const head = await http().head('/sample/requests/abc');
    expect(head.status).toBe(200);
    expect(head.headers.allow).toBeUndefined();
    await http().get('/sample/requests/abc').expect(200, { id: 'abc' });
    await http().put('/sample/requests/abc').expect(200, { id: 'abc' });
    await http().post('/sample/requests').send({ a: 1 }).expect(201, { created: { a: 1 } });
  });

  it('keeps a bad percent-encoding a 400 about the address, whatever the method', async () => {
    const res = await http().delete('/sample/requests/%E0%A4%A');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '(url)' })]);
  });

  describe('a long path parameter', () => {
    it('reaches the route at 255 characters, also when each is percent-encoded, and validation has the last word', async () => {
      const longest = 'ä'.repeat(255);
      const ok = await http().get(`/sample/admin/personal-data/${encodeURIComponent(longest)}`).expect(200);
      expect(ok.body).toEqual({ subject: longest });
      const tooLong = await http().get(`/sample/admin/personal-data/${'a'.repeat(256)}`);
      expectProblem(tooLong, 400);
      expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'subject' })]);
    });

    it('over the router limit is a 414 problem about the address', async () => {
      const res = await http().get(`/sample/admin/personal-data/${'a'.repeat(513)}`);
      expectProblem(res, 414);
      expect(res.body).toEqual(expect.objectContaining({ title: 'Address too long', errors: [{ field: '(url)', message: expect.stringContaining('512') }] }));
    });
  });
});
