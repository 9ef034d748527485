import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationProblem } from './problem';
import { isUuid } from './text';

/**
 * Checks that a path or query parameter is a UUID and names it when it is not
 * (`errors: [{field: "id", …}]`), unlike Nest's ParseUUIDPipe. Any version: PostgreSQL's
 * uuid type reads them all, and what matters is that nothing else reaches a uuid column.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value;
    throw ValidationProblem.field(metadata.data ?? metadata.type, 'Must be an id (a UUID)');
  }
}

const uuidPipe = new UuidPipe();

/** `@UuidParam('id') id: string`: the path parameter, checked to be a UUID. */
export const UuidParam = (name: string): ParameterDecorator => Param(name, uuidPipe);
