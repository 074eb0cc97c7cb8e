import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';

import { apiDocsEnabled, assertHttpServerEnv, parseAddressList } from 'src/platform/config/env.schema';
import { readEnv } from 'src/platform/config/namespaces';
import { registerJsonBodyParser } from 'src/platform/http/json-body';
import { buildOpenApi, OPENAPI_PATH } from 'src/platform/http/openapi';
import { applySecurityHeaders, securityHeaders } from 'src/platform/http/security-headers';
import { serveClient } from 'src/platform/http/static-client';
import { createClientErrorHandler, createFrameworkErrorHandler } from 'src/platform/http/transport-errors';
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

// How often Node looks for requests past their time-out (its default, 30 s, let a slow client hold a connection up
// to 30 s beyond REQUEST_TIMEOUT_MS).
const CONNECTIONS_CHECKING_INTERVAL_MS = 500;
// Longer than the slugs and ids the routes take (IdOrSlugPipe allows 200), so that the pipe, not the router, decides.
const MAX_PARAM_LENGTH = 256;

export function createAdapter(): FastifyAdapter {
  const env = readEnv();
  assertHttpServerEnv(env);
  const headers = securityHeaders();
  const trustedProxies = parseAddressList(env.TRUSTED_PROXIES).entries;
  const frameworkErrors = createFrameworkErrorHandler(headers);
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestTimeout: env.REQUEST_TIMEOUT_MS,
    connectionTimeout: env.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 65_000,
    // Given to http.createServer: the whole request, headers included, must arrive within REQUEST_TIMEOUT_MS (Node's
    // headersTimeout defaults to 60 s whatever requestTimeout says), checked twice a second.
    http: {
      requestTimeout: env.REQUEST_TIMEOUT_MS,
      headersTimeout: env.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    forceCloseConnections: 'idle',
    // Only our proxies (Traefik, on the edge network's addresses) may set the client address; from any other address
    // X-Forwarded-For is ignored, so a client that reaches the port directly is one rate-limit bucket.
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    genReqId: requestIdFor,
    logger: false,
    return503OnClosing: false,
    // Errors before routing and from Node's HTTP parser get the same body and headers as every other error.
    frameworkErrors,
    clientErrorHandler: createClientErrorHandler(headers, env.REQUEST_TIMEOUT_MS),
  });
  registerJsonBodyParser(adapter, env.BODY_LIMIT_BYTES);
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  applySecurityHeaders(fastify, headers);
  instrumentHttp(fastify);
  // The client's catch-all route would take an API path whose parameter is too long for the router: 414 there too.
  serveClient(fastify, env.CLIENT_DIST_DIR, (request, reply) =>
    frameworkErrors(Object.assign(new Error('too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH' }), request, reply),
    MAX_PARAM_LENGTH,
  );
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
  // Off in production unless API_DOCS_ENABLED: the document maps every route and is no business of the public.
  if (apiDocsEnabled(readEnv())) {
    SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApi(app, readEnv().APP_VERSION), {
      jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    });
  }
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
