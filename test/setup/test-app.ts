import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { AppModule } from 'src/app.module';
import { configureApp, createAdapter } from 'src/app.factory';
import { resetEnvCache } from 'src/platform/config/namespaces';

import { freshDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest agent bound to the app's real listening socket. */
  http: supertest.Agent;
  baseUrl: string;
  db: DataSource;
  close(): Promise<void>;
}

/** Redis database index for this jest worker, so parallel files never share keys. */
export function workerRedisUrl(): string {
  const index = Number(process.env.JEST_WORKER_ID ?? '1') % 16;
  return `${process.env.TEST_REDIS_URL}/${index}`;
}

/**
 * Boots the real AppModule, configured exactly as in production, on a fresh database cloned from the
 * migrated template and a flushed Redis database, listening on an ephemeral port. With shareWith, a second
 * instance joins the same database and Redis, as another replica would.
 */
export async function bootApp(
  env: Record<string, string> = {},
  options: { shareWith?: TestApp } = {},
): Promise<TestApp> {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  if (!options.shareWith) {
    process.env.DATABASE_URL = await freshDatabase();
    process.env.REDIS_URL = workerRedisUrl();
  }
  Object.assign(process.env, env);
  resetEnvCache();
  if (!options.shareWith) {
    const redis = new Redis(process.env.REDIS_URL!);
    await redis.flushdb();
    await redis.quit();
  }

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), { bufferLogs: true });
  await configureApp(app, { shutdownHooks: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    http: supertest.agent(baseUrl),
    baseUrl,
    db: app.get<DataSource>(getDataSourceToken()),
    close: async () => {
      await app.close();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetEnvCache();
    },
  };
}

/** Two instances of the app on one database and one Redis, as two replicas behind Traefik. */
export async function bootReplicas(env: Record<string, string> = {}): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const a = await bootApp(env);
  const b = await bootApp(env, { shareWith: a });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}
