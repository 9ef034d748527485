import { BadRequestException, InternalServerErrorException, NotFoundException, PayloadTooLargeException, UnauthorizedException } from '@nestjs/common';
import { ValidationProblem } from '@vaikuta/http';
import { Open311Error } from './open311-error';
import { open311Answer } from './open311-error.filter';

describe('Open311 error answers', () => {
  it('passes Open311 errors through as they are', () => {
    expect(open311Answer(Open311Error.forbidden('api_key is required'))).toEqual({
      status: 403,
      errors: [{ code: 403, description: 'api_key is required' }],
    });
  });

  it('keeps the spec statuses (400, 403, 404) and the specific one in code', () => {
    expect(open311Answer(new UnauthorizedException('bad token'))).toEqual({ status: 403, errors: [{ code: 401, description: 'bad token' }] });
    expect(open311Answer(new NotFoundException('gone'))).toEqual({ status: 404, errors: [{ code: 404, description: 'gone' }] });
    expect(open311Answer(new PayloadTooLargeException('big'))).toEqual({ status: 400, errors: [{ code: 413, description: 'big' }] });
    expect(open311Answer(new BadRequestException('no'))).toEqual({ status: 400, errors: [{ code: 400, description: 'no' }] });
  });

  it('gives each field of a validation problem its own entry', () => {
    const problem = new ValidationProblem([
      { field: 'media[0]', message: 'Only JPEG, PNG and WebP photos are accepted' },
      { field: 'lat', message: 'The location is outside the city' },
    ]);
    expect(open311Answer(problem).errors).toEqual([
      { code: 400, description: 'media[0]: Only JPEG, PNG and WebP photos are accepted' },
      { code: 400, description: 'lat: The location is outside the city' },
    ]);
  });

  it('answers an oversize multipart stream as a 400 with code 413', () => {
    expect(open311Answer(Object.assign(new Error('too big'), { code: 'FST_REQ_FILE_TOO_LARGE' }))).toEqual({
      status: 400,
      errors: [{ code: 413, description: 'The request or one of its files is too large.' }],
    });
  });

  it('says nothing of the internals of a server error', () => {
    for (const error of [new Error('relation "feedback_requests" does not exist'), new InternalServerErrorException('SELECT secret'), 'boom']) {
      const answer = open311Answer(error);
      expect(answer.status).toBe(500);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors[0].code).toBe(500);
      expect(answer.errors[0].description).toMatch(/^Something went wrong on our side\./);
      expect(answer.errors[0].description).not.toMatch(/relation|SELECT|boom/);
    }
  });
});
