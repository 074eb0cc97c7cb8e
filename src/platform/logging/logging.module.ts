import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { IncomingMessage } from 'node:http';

import { appConfig, AppConfig } from 'src/platform/config/namespaces';

const UNLOGGED = /^\/(health\/|metrics)/;
const FLUSH_EVERY_MS = 1000;

/**
 * stdout, written in 4 KiB batches instead of one write per line (a syscall per request measured several percent
 * of the CPU), flushed at least every second so a line is searchable within seconds, and on exit.
 */
function bufferedStdout(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  process.once('exit', () => destination.flushSync());
  return destination;
}

type LoggedRequest = IncomingMessage & { user?: { id: string } };

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: AppConfig) => ({
        // Nest 11's path syntax for "every route" (nestjs-pino's default '*' triggers a conversion warning).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: [
          {
            level: app.logLevel,
            base: { service: 'dhakacart-api', version: app.version },
            // Fastify already chose the id (honouring X-Request-Id); reuse it so logs and error bodies agree.
            genReqId: (req: IncomingMessage) => req.id ?? 'unknown',
            // Middleware sees a mount-relative req.url; originalUrl is the path the client asked for.
            autoLogging: {
              ignore: (req: IncomingMessage & { originalUrl?: string }) =>
                UNLOGGED.test(req.originalUrl ?? req.url ?? ''),
            },
            customProps: (req: IncomingMessage) => ({ userId: (req as LoggedRequest).user?.id }),
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // Request lines carry no headers or bodies (see the serializers); these exact paths catch secrets passed
            // to a logger by mistake. Exact paths, because wildcard redaction costs on every line.
            redact: {
              paths: [
                'password',
                'refreshToken',
                'accessToken',
                'token',
                'authorization',
                'cookie',
                'err.config.headers',
              ],
              censor: '[REDACTED]',
            },
          },
          bufferedStdout(),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
