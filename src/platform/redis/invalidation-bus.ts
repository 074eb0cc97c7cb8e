import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

import { RedisBreaker } from './redis-breaker';
import { REDIS_CLIENT } from './redis.tokens';

type Handler = (message: string) => void;

/**
 * Redis pub/sub between replicas, for messages that are hints rather than data (cache invalidation): a lost
 * message costs at most one cache TTL of staleness, so publishing goes through the breaker and never fails.
 * Pub/sub ignores Redis' numbered databases, so channels carry the database number: shops sharing one Redis
 * server on different databases (staging beside production, parallel test runs) never clear each other's caches.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly handlers = new Map<string, Set<Handler>>();
  private subscriber?: Redis;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly breaker: RedisBreaker,
  ) {}

  onModuleInit(): void {
    this.subscriber = this.redis.duplicate({ autoResubscribe: false });
    this.subscriber.on('error', () => undefined);
    // Subscribe on every (re)connection: after a Redis restart the channels must be joined again.
    this.subscriber.on('ready', () => void this.joinChannels());
    this.subscriber.on('message', (scoped: string, message: string) => {
      for (const handler of this.handlers.get(this.unscoped(scoped)) ?? []) handler(message);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  subscribe(channel: string, handler: Handler): void {
    const set = this.handlers.get(channel) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(channel, set);
    if (this.subscriber?.status === 'ready') void this.joinChannels();
  }

  publish(channel: string, message: string): Promise<number> {
    return this.breaker.run((redis) => redis.publish(this.scoped(channel), message), 0);
  }

  private scoped(channel: string): string {
    return `${channel}@db${this.redis.options.db ?? 0}`;
  }

  private unscoped(scoped: string): string {
    return scoped.slice(0, scoped.lastIndexOf('@db'));
  }

  private async joinChannels(): Promise<void> {
    const channels = [...this.handlers.keys()].map((channel) => this.scoped(channel));
    if (channels.length === 0 || !this.subscriber) return;
    try {
      await this.subscriber.subscribe(...channels);
    } catch (err) {
      this.logger.warn({ err }, 'Could not subscribe to invalidation channels; caches rely on their TTL');
    }
  }
}
