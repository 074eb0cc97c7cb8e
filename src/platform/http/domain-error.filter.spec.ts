import { BadRequestException, NotFoundException } from '@nestjs/common';

import { DomainError, DomainErrorKind, ForbiddenError, ValidationFailedError } from './domain-error';
import { statusForKind, toErrorBody } from './domain-error.filter';

class Conflict extends DomainError {
  readonly code = 'THING_TAKEN';
  readonly kind = 'conflict';
}

describe('toErrorBody', () => {
  it('should map domain errors by kind and keep their code and details', () => {
    expect(toErrorBody(new Conflict('taken', { id: 1 }), 'r1')).toEqual({
      statusCode: 409,
      code: 'THING_TAKEN',
      message: 'taken',
      requestId: 'r1',
      details: { id: 1 },
    });
    expect(toErrorBody(new ValidationFailedError('bad'), 'r').statusCode).toBe(400);
    expect(toErrorBody(new ForbiddenError(), 'r').code).toBe('FORBIDDEN');
  });

  it('should give every kind a distinct 4xx or 503 status', () => {
    const kinds: DomainErrorKind[] = ['invalid', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'unprocessable', 'payment_failed', 'rate_limited', 'unavailable'];
    const statuses = kinds.map(statusForKind);
    expect(new Set(statuses).size).toBe(kinds.length);
    expect(statuses.every((s) => (s >= 400 && s < 500) || s === 503)).toBe(true);
  });

  it('should reshape Nest and Fastify client errors and hide anything else behind a 500', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), 'r')).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorBody(new BadRequestException(['a', 'b']), 'r')).toMatchObject({ statusCode: 400, message: 'a; b' });
    expect(toErrorBody(Object.assign(new Error('too large'), { statusCode: 413 }), 'r')).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toErrorBody(new Error('secret stack detail'), 'r')).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'r' });
    expect(toErrorBody(Object.assign(new Error('x'), { statusCode: 502 }), 'r').statusCode).toBe(500);
  });
});
