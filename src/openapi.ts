import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { AppModule } from './app.module';
import { API_PREFIX } from './app.factory';
import { buildOpenApi } from './platform/http/openapi';

// `npm run openapi`: writes the OpenAPI document without starting the app (preview mode: no database, no Redis).
async function writeOpenApi(): Promise<void> {
  const out = process.argv[2] ?? 'docs/openapi.json';
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  const document = buildOpenApi(app, process.env.npm_package_version ?? 'dev');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${out} (${Object.keys(document.paths).length} paths)\n`);
  await app.close();
}

void writeOpenApi();
