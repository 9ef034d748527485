import { Body, Controller, Module, Post } from '@nestjs/common';
import { z } from 'zod';
import { HttpSpecApp, silentLoggerProviders, startHttpSpecApp } from '../test/http-spec-app';

const optionsOnly = z.object({ lang: z.enum(['fi', 'sv', 'en']).default('fi') });
const needsFields = z.object({ title: z.string().min(1), version: z.number().int() });

@Controller('sample')
class SampleController {
  @Post('token')
  token(@Body({ schema: optionsOnly }) body: z.infer<typeof optionsOnly>) {
    return { lang: body.lang };
  }

  @Post('things')
  thing(@Body({ schema: needsFields }) body: z.infer<typeof needsFields>) {
    return body;
  }

  @Post('named')
  named(@Body('note', { schema: z.string().optional() }) note: string | undefined) {
    return { note: note ?? null };
  }
}

@Module({
  controllers: [SampleController],
  providers: silentLoggerProviders,
})
class SampleModule {}

describe('the shared body validation', () => {
  let spec: HttpSpecApp;
  const http = () => spec.http();

  beforeAll(async () => {
    spec = await startHttpSpecApp(SampleModule);
  });

  afterAll(() => spec?.close());

  it('takes a request without a body as an empty object when every field is optional', async () => {
    const res = await http().post('/sample/token').expect(201);
    expect(res.body).toEqual({ lang: 'fi' });
  });

  it('names each missing field when an action without a body needs fields', async () => {
    const res = await http().post('/sample/things').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'version']);
  });

  it('still refuses a body that is not an object', async () => {
    const res = await http().post('/sample/token').set('content-type', 'application/json').send('[]').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '(body)' })]);
  });

  it('leaves an absent named part of the body to its own schema', async () => {
    const res = await http().post('/sample/named').set('content-type', 'application/json').send('{}').expect(201);
    expect(res.body).toEqual({ note: null });
  });
});
