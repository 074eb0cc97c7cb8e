import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

import { DomainError, DomainErrorKind, ForbiddenError, ValidationFailedError } from './domain-error';
import { DomainErrorFilter, statusForKind, toErrorBody } from './domain-error.filter';

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
    const kinds: DomainErrorKind[] = [
      'invalid',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'unprocessable',
      'payment_failed',
      'rate_limited',
      'unavailable',
    ];
    const statuses = kinds.map(statusForKind);
    expect(new Set(statuses).size).toBe(kinds.length);
    expect(statuses.every((s) => (s >= 400 && s < 500) || s === 503)).toBe(true);
  });

  it('should reshape Nest and Fastify client errors and hide anything else behind a 500', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), 'r')).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
    });
    expect(toErrorBody(new BadRequestException(['a', 'b']), 'r')).toMatchObject({
      statusCode: 400,
      message: 'a; b',
    });
    expect(toErrorBody(Object.assign(new Error('too large'), { statusCode: 413 }), 'r')).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(toErrorBody(new Error('secret stack detail'), 'r')).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      requestId: 'r',
    });
    expect(toErrorBody(Object.assign(new Error('x'), { statusCode: 502 }), 'r').statusCode).toBe(500);
  });
});

describe('toErrorBody for PostgreSQL errors', () => {
  const pgError = (code: string): QueryFailedError =>
    new QueryFailedError('INSERT ...', [], Object.assign(new Error('pg says no'), { code }));

  it.each([
    ['22021', 'INVALID_CHARACTERS'],
    ['22P05', 'INVALID_CHARACTERS'],
    ['22P02', 'INVALID_INPUT'],
    ['22001', 'VALUE_TOO_LONG'],
    ['22003', 'VALUE_OUT_OF_RANGE'],
  ])('should answer 400 for SQLSTATE %s, which only input causes', (sqlState, code) => {
    expect(toErrorBody(pgError(sqlState), 'r')).toEqual({
      statusCode: 400,
      code,
      message: expect.any(String),
      requestId: 'r',
    });
  });

  it('should keep every other database error a 500 that says nothing of the query', () => {
    expect(toErrorBody(pgError('23505'), 'r')).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      requestId: 'r',
    });
    expect(toErrorBody(pgError('40P01'), 'r').statusCode).toBe(500);
  });

  const unavailableBody = {
    statusCode: 503,
    code: 'DATABASE_UNAVAILABLE',
    message: expect.any(String),
    requestId: 'r',
    details: { retryAfterSeconds: 2 },
  };

  it.each(['57P01', '57P03', '08006', '08001', '25006', '53300'])(
    'should answer 503 DATABASE_UNAVAILABLE for SQLSTATE %s (a failover, a restart, a demoted primary)',
    (sqlState) => {
      expect(toErrorBody(pgError(sqlState), 'r')).toEqual(unavailableBody);
    },
  );

  it.each([
    [
      'the pool cannot connect',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['no connection within the timeout', new Error('timeout exceeded when trying to connect')],
    ['HAProxy closes the connection', new Error('Connection terminated unexpectedly')],
    [
      'a query on a connection that dropped',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated due to connection timeout')),
    ],
  ])('should answer 503 DATABASE_UNAVAILABLE when %s', (_, error) => {
    expect(toErrorBody(error, 'r')).toEqual(unavailableBody);
  });
});

describe('DomainErrorFilter logging', () => {
  class NotReady extends DomainError {
    readonly code = 'NOT_READY';
    readonly kind = 'unavailable';
  }
  const host = (): ArgumentsHost => {
    const reply = { status: () => reply, send: () => reply, header: () => reply };
    return {
      switchToHttp: () => ({ getRequest: () => ({ id: 'r1' }), getResponse: () => reply }),
    } as unknown as ArgumentsHost;
  };

  it('should log a crash as an unhandled error but not a readiness probe answering not ready, nor a database outage', () => {
    const filter = new DomainErrorFilter();
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      filter.catch(new NotReady('Not ready'), host());
      expect(error).not.toHaveBeenCalled();
      filter.catch(new Error('Connection terminated unexpectedly'), host());
      expect(error).not.toHaveBeenCalled();
      filter.catch(new Error('boom'), host());
      expect(error).toHaveBeenCalledTimes(1);
    } finally {
      error.mockRestore();
    }
  });
});
