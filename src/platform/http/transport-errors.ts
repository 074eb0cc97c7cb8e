import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { ErrorBody } from './domain-error.filter';

interface ParserFailure {
  statusCode: number;
  code: string;
  message: string;
}

/** Node's HTTP parser and its request time-out: what the client did wrong, as our status, code and message. */
export function parserFailure(error: NodeJS.ErrnoException, requestTimeoutMs: number): ParserFailure {
  switch (error.code ?? '') {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        statusCode: 408,
        code: 'REQUEST_TIMEOUT',
        message: `The request was not received in full within ${requestTimeoutMs} ms`,
      };
    case 'HPE_HEADER_OVERFLOW':
      return { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request line and headers are too large' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Chunk extensions are too large' };
    default:
      return { statusCode: 400, code: 'MALFORMED_REQUEST', message: 'The request is not valid HTTP/1.1' };
  }
}

/** A complete HTTP/1.1 response with the error body and the security headers, closing the connection. */
export function rawErrorResponse(body: ErrorBody, headers: Record<string, string>): string {
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
    'cache-control: no-store',
    `x-request-id: ${body.requestId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${json}`;
}

type InFlight = ServerResponse & { req?: IncomingMessage & { id?: string } };

/**
 * Fastify's `clientErrorHandler`: Node's HTTP layer calls it for what never becomes a request (malformed HTTP,
 * headers over the limit) and for a request not received within the request time-out. Answers with the one error
 * body and the security headers, as every other response, then closes the connection. As Node itself does, it
 * writes nothing when a response is already under way (its bytes would corrupt the stream).
 */
export function createClientErrorHandler(
  headers: Record<string, string>,
  requestTimeoutMs: number,
): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = (socket as Socket & { _httpMessage?: InFlight })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const requestId = inFlight?.req?.id ?? randomUUID();
      socket.end(rawErrorResponse({ ...parserFailure(error, requestTimeoutMs), requestId }, headers));
      socket.destroySoon();
      // A client that stops reading must not keep the socket open.
      setTimeout(() => socket.destroy(), 1000).unref();
    } else {
      socket.destroy();
    }
  };
}

const FRAMEWORK_FAILURES: Record<string, ParserFailure> = {
  FST_ERR_BAD_URL: { statusCode: 400, code: 'MALFORMED_URL', message: 'The URL is not valid (bad percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, code: 'URI_TOO_LONG', message: 'A path segment of the URL is too long' },
};

/**
 * Fastify's `frameworkErrors`: errors found while routing, before any hook runs (a URL that cannot be decoded, an
 * over-long path parameter). Same body and headers as every other error.
 */
export function createFrameworkErrorHandler(
  headers: Record<string, string>,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const failure = FRAMEWORK_FAILURES[error.code] ?? {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    };
    const body: ErrorBody = { ...failure, requestId: String(request.id) };
    void reply.code(failure.statusCode).headers(headers).header('x-request-id', body.requestId).send(body);
  };
}
