import { Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';

import { ValidationFailedError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A path id must be a UUID: a malformed one is a 400, a well-formed unknown one a 404 from the service. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailedError('id must be a UUID'),
});

@Injectable()
export class IdOrSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID.test(value) || (value.length <= 200 && SLUG.test(value))) return value;
    throw new ValidationFailedError('must be a product id (UUID) or slug');
  }
}
