import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';

import { isDatabaseUnavailable } from 'src/platform/database/unavailable';

import { DomainError, DomainErrorKind } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
  details?: Record<string, unknown>;
}

export function statusForKind(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthorized':
      return HttpStatus.UNAUTHORIZED;
    case 'payment_failed':
      return HttpStatus.PAYMENT_REQUIRED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'unprocessable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

const CODE_FOR_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Framework and parser errors (Fastify's FST_* errors carry a statusCode) that are the client's fault. */
interface ClientErrorLike {
  statusCode?: number;
  message?: string;
  code?: string;
}

/**
 * PostgreSQL errors (SQLSTATE class 22, data exception) that only input can cause: text PostgreSQL cannot store (a
 * NUL byte), a value that is not of its column's type, too long or out of range. The validation pipe rejects such
 * input first; this is the last line, so that a field it misses is a 400, never a 500. Logged as a warning: each
 * one names a validation rule to add.
 */
const INPUT_SQLSTATES: Record<string, { code: string; message: string }> = {
  '22021': { code: 'INVALID_CHARACTERS', message: 'The request contains characters that cannot be stored' },
  '22P05': { code: 'INVALID_CHARACTERS', message: 'The request contains characters that cannot be stored' },
  '22P02': { code: 'INVALID_INPUT', message: 'A value in the request does not have the expected format' },
  '22001': { code: 'VALUE_TOO_LONG', message: 'A value in the request is too long' },
  '22003': { code: 'VALUE_OUT_OF_RANGE', message: 'A number in the request is out of range' },
};

/** The SQLSTATE of a PostgreSQL error TypeORM wrapped, when it is one of the input-caused ones above. */
export function inputSqlState(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const state = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof state === 'string' && state in INPUT_SQLSTATES ? state : undefined;
}

/**
 * How long a client should wait before retrying when the database is unavailable: a restart or a failover takes
 * seconds to tens of seconds, and a client retrying every 2 s gets through within about 2 s of its return.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Turns any error into the one error body. Expected errors keep their code; anything else is a logged 500. */
export function toErrorBody(error: unknown, requestId: string): ErrorBody {
  const sqlState = inputSqlState(error);
  if (sqlState) return { statusCode: 400, ...INPUT_SQLSTATES[sqlState], requestId };
  if (isDatabaseUnavailable(error)) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The shop cannot reach its database at the moment; please try again in a few seconds',
      requestId,
      details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    };
  }
  if (error instanceof DomainError) {
    return {
      statusCode: statusForKind(error.kind),
      code: error.code,
      message: error.message,
      requestId,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const raw =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : error.message;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    return { statusCode, code: CODE_FOR_STATUS[statusCode] ?? `HTTP_${statusCode}`, message, requestId };
  }
  const candidate = error as ClientErrorLike | null;
  const status = candidate?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      statusCode: status,
      code: CODE_FOR_STATUS[status] ?? `HTTP_${status}`,
      message: candidate?.message ?? 'Bad request',
      requestId,
    };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', requestId };
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorBody(exception, String(request.id));
    // A readiness probe answering "not ready" (503 NOT_READY) is the probe's normal answer, read by Swarm and
    // Prometheus, not a failed request: it is not logged (probes come every few seconds, and are not access-logged).
    if (body.code === 'DATABASE_UNAVAILABLE') {
      // Expected while there is no primary (a failover): one line per request, without the stack.
      this.logger.warn(
        { requestId: request.id, reason: (exception as Error).message },
        'Database unavailable',
      );
    } else if (body.statusCode >= 500 && body.code !== 'NOT_READY') {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    } else if (inputSqlState(exception)) {
      this.logger.warn(
        { err: exception, requestId: request.id },
        'Input rejected by PostgreSQL, not by validation',
      );
    }
    const retryAfter = body.details?.retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && typeof retryAfter === 'number') {
      void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(body.statusCode).send(body);
  }
}
