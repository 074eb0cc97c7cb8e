import { Injectable, OnModuleInit } from '@nestjs/common';

import { InvalidationBus } from 'src/platform/redis/invalidation-bus';

/** What the database says of a user right now, as far as request authorisation cares. */
export interface SessionState {
  /** Bumped on every role change, disable and "sign out everywhere": older access tokens no longer count. */
  tokenVersion: number;
  roles: string[];
  disabled: boolean;
}

export type SessionLoader = (userId: string) => Promise<SessionState | null>;

export const SESSION_CHANGED_CHANNEL = 'dhakacart:auth:session-changed';
// Bus messages make a change visible on every replica within milliseconds; the TTL bounds staleness when Redis is
// away. Staff are few, so a read per staff member per replica every few seconds costs nothing.
const CACHE_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

interface Entry {
  state: SessionState | null;
  expiresAt: number;
}

/**
 * The current session state of users, for the guard to check staff tokens against: the platform never reads the
 * users table, so the auth module registers the loader at boot.
 */
@Injectable()
export class SessionRegistry implements OnModuleInit {
  private loader?: SessionLoader;
  private readonly entries = new Map<string, Entry>();
  // Moves on with every invalidation: a load that started before one must not store what it read.
  private generation = 0;

  constructor(private readonly bus: InvalidationBus) {}

  onModuleInit(): void {
    this.bus.subscribe(SESSION_CHANGED_CHANNEL, (userId) => this.forget(userId));
  }

  useLoader(loader: SessionLoader): void {
    this.loader = loader;
  }

  /** The user's state (null: no such user), from a short-lived cache. */
  async current(userId: string): Promise<SessionState | null> {
    const hit = this.entries.get(userId);
    if (hit && hit.expiresAt > Date.now()) return hit.state;
    if (!this.loader) throw new Error('SessionRegistry has no loader: the auth module did not register one');
    const generation = this.generation;
    const state = await this.loader(userId);
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(userId, { state, expiresAt: Date.now() + CACHE_TTL_MS });
    }
    return state;
  }

  /** Call after the commit that changed a user's roles, status or token version: every replica forgets it. */
  async changed(userId: string): Promise<void> {
    this.forget(userId);
    await this.bus.publish(SESSION_CHANGED_CHANNEL, userId);
  }

  private forget(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
  }
}
