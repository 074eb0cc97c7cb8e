import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

import { DomainError } from './domain-error';

/** Deepest nesting of arrays and objects a request body may have; our deepest DTO (an order's address) needs 2. */
export const MAX_JSON_DEPTH = 32;

class JsonTooDeepError extends DomainError {
  readonly code = 'JSON_TOO_DEEP';
  readonly kind = 'invalid';
  constructor() {
    super(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

// A framework-style error (a statusCode, like Fastify's FST_ERR_CTP_INVALID_MEDIA_TYPE): 415 UNSUPPORTED_MEDIA_TYPE.
const unsupportedCharset = (charset: string): Error =>
  Object.assign(new Error(`JSON bodies must be UTF-8, not ${charset.slice(0, 40)}`), { statusCode: 415 });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * Whether the JSON text nests arrays and objects deeper than `max`. One pass over the bytes, before JSON.parse: a
 * body nested thousands of levels deep parses, but then overflows the stack of the recursive class-transformer and
 * class-validator walks (a 500). Brackets inside strings do not count; UTF-8 continuation bytes never equal them.
 */
export function jsonNestingExceeds(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}

function charsetOf(request: FastifyRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(request.headers['content-type'] ?? '');
  return match?.[1];
}

/**
 * The API takes JSON only: application/json (UTF-8, at most MAX_JSON_DEPTH deep), parsed by Fastify's own parser
 * (which refuses __proto__ and constructor keys). Registered instead of Nest's defaults, which also accept
 * url-encoded forms; Fastify's text/plain parser is removed too, so any other body is 415 UNSUPPORTED_MEDIA_TYPE.
 */
export function registerJsonBodyParser(adapter: FastifyAdapter, bodyLimit: number): void {
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('text/plain');
  adapter.useBodyParser('application/json', false, { bodyLimit }, (request, body, done) => {
    const charset = charsetOf(request);
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) return done(unsupportedCharset(charset));
    if (jsonNestingExceeds(body, MAX_JSON_DEPTH)) return done(new JsonTooDeepError());
    void parseJson(request, body.toString('utf8'), done);
  });
}
