import { AppModule } from './app.module';
import { createApp } from './app.factory';
import { readEnv } from './platform/config/namespaces';

async function bootstrap(): Promise<void> {
  const app = await createApp(AppModule);
  await app.listen({ port: readEnv().PORT, host: '0.0.0.0' });
}

void bootstrap();
