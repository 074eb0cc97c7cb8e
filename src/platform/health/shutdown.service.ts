import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import { appConfig, AppConfig } from 'src/platform/config/namespaces';

/**
 * On SIGTERM readiness turns 503 at once while the app keeps serving for the drain period, so a proxy that
 * refreshes its backends every few seconds stops sending traffic before the listener closes.
 * Nest then closes the HTTP server (waiting for in-flight requests) and only afterwards the pools.
 */
@Injectable()
export class ShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownService.name);
  private shuttingDown = false;

  constructor(@Inject(appConfig.KEY) private readonly app: AppConfig) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    this.logger.log(`Received ${signal ?? 'shutdown'}; draining for ${this.app.shutdownDrainMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, this.app.shutdownDrainMs));
    this.logger.log('Drain period over; closing the HTTP server');
  }
}
