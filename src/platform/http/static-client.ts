import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const NOT_SPA = /^\/(api|health|metrics)(\/|$)/;

/**
 * Serves the built React app: hashed assets cached for a year, index.html never cached, and index.html for any
 * other GET (client-side routes). API, health and metrics paths keep their JSON 404s, and a path segment longer than
 * the router takes gets `tooLong` (414: the router falls back to this catch-all instead of saying so itself).
 */
export function serveClient(
  fastify: FastifyInstance,
  dir: string,
  tooLong: (request: FastifyRequest, reply: FastifyReply) => void,
  maxSegmentLength: number,
): boolean {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return false;
  void fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const policy = path.startsWith(join(root, 'assets'))
        ? 'public, max-age=31536000, immutable'
        : path === join(root, 'index.html')
          ? 'no-cache'
          : 'public, max-age=300';
      void reply.header('cache-control', policy);
    },
  });
  const sendIndex = (reply: import('fastify').FastifyReply): void => {
    void reply.sendFile('index.html', root);
  };
  fastify.get('/', (_request, reply) => sendIndex(reply));
  fastify.get('/*', (request, reply) => {
    if (NOT_SPA.test(request.url) || request.url.startsWith('/assets/')) {
      const segments = request.url.split('?')[0].split('/');
      if (segments.some((s) => s.length > maxSegmentLength)) return tooLong(request, reply);
      return reply.callNotFound();
    }
    sendIndex(reply);
  });
  return true;
}
