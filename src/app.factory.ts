import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';

import { readEnv } from 'src/platform/config/namespaces';
import { buildOpenApi, OPENAPI_PATH } from 'src/platform/http/openapi';
import { applySecurityHeaders } from 'src/platform/http/security-headers';
import { serveClient } from 'src/platform/http/static-client';
import { instrumentHttp } from 'src/platform/metrics/http-metrics';

export const API_PREFIX = 'api/v1';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honour a sane incoming X-Request-Id, otherwise mint one; stored on the raw request for the request logger. */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

export function createAdapter(): FastifyAdapter {
  const env = readEnv();
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestTimeout: env.REQUEST_TIMEOUT_MS,
    connectionTimeout: env.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
    // Only the hops we run (Traefik) may set the client address; a client's own X-Forwarded-For is ignored.
    trustProxy: env.TRUST_PROXY_HOPS > 0 ? env.TRUST_PROXY_HOPS : false,
    genReqId: requestIdFor,
    logger: false,
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  applySecurityHeaders(fastify);
  instrumentHttp(fastify);
  serveClient(fastify, env.CLIENT_DIST_DIR);
  return adapter;
}

/** Applies what must be identical in production and in tests: prefix, shutdown hooks, logger. */
export async function configureApp(
  app: NestFastifyApplication,
  options: { shutdownHooks?: boolean } = {},
): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  const origins = readEnv()
    .CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  app.enableCors({
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApi(app, readEnv().APP_VERSION), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
  });
  // Tests boot many apps in one process and close them explicitly; production exits 0 after the drain.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function createApp(root: Type<unknown>): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(root, createAdapter(), { bufferLogs: true });
  return configureApp(app);
}

export type AppContext = INestApplicationContext;
