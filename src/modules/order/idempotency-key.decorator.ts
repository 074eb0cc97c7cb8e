import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { ValidationFailedError } from 'src/platform/http/domain-error';

import { IdempotencyKeyRequiredError } from './order.errors';

const KEY = /^[\x21-\x7e]{1,128}$/;

export function parseIdempotencyKey(value: unknown): string {
  if (value === undefined || value === '') throw new IdempotencyKeyRequiredError();
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new ValidationFailedError('Idempotency-Key must be 1-128 visible ASCII characters');
  }
  return value;
}

/** The validated Idempotency-Key header of a checkout request. */
export const IdempotencyKeyHeader = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  parseIdempotencyKey(ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']),
);
