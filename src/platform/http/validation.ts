import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';

import { assertNoControlCharacters } from './control-characters';
import { ValidationFailedError } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? text.replace(error.property, path) : `${path}: ${text}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Nest's ValidationPipe plus the one rule on control characters (control-characters.ts), checked before anything
 * else: on the raw value (strictly for path parameters and plain strings; for DTOs with line breaks left to the
 * second look), then on the DTO instance, with its @MultilineText() markers, before class-validator runs. Custom
 * parameter decorators (the current user, the idempotency key) are left alone.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const isDto = metadata.metatype !== undefined && this.toValidate(metadata);
      assertNoControlCharacters(value, metadata.data ?? metadata.type, isDto);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }

  protected override validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    assertNoControlCharacters(object, 'body');
    return super.validate(object, validatorOptions);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors).join('; ') || 'Invalid request'),
  });
}
