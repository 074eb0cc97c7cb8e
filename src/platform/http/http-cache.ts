import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, Observable } from 'rxjs';

const SHARED_MAX_AGE = 'http:sharedMaxAge';

/**
 * Marks a public, user-independent GET as cacheable by a CDN for `seconds`; browsers revalidate with the ETag
 * (a 304 costs no body).
 */
export const SharedCache = (seconds: number): MethodDecorator & ClassDecorator =>
  SetMetadata(SHARED_MAX_AGE, seconds);

// Cached responses are the same objects for a while, so their ETag is computed once per object.
const etags = new WeakMap<object, string>();

const etagOfJson = (json: string): string => `W/"${createHash('sha1').update(json).digest('base64url')}"`;

export function etagOf(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const known = etags.get(body);
    if (known) return known;
  }
  const etag = etagOfJson(JSON.stringify(body));
  if (typeof body === 'object' && body !== null) etags.set(body, etag);
  return etag;
}

/** Records the ETag of a body whose JSON the caller already holds (a cache measuring an entry): one serialisation, not two. */
export function primeEtag(body: object, json: string): void {
  if (!etags.has(body)) etags.set(body, etagOfJson(json));
}

@Injectable()
export class HttpCacheInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const seconds = this.reflector.getAllAndOverride<number | undefined>(SHARED_MAX_AGE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (seconds === undefined) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = etagOf(body);
        void reply.header(
          'cache-control',
          `public, max-age=0, s-maxage=${seconds}, stale-while-revalidate=${seconds}`,
        );
        void reply.header('etag', etag);
        if (request.headers['if-none-match'] === etag) {
          void reply.status(304);
          return undefined;
        }
        return body;
      }),
    );
  }
}
