import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { DataSource, EntityManager, Repository } from 'typeorm';

import { Permission } from 'src/platform/auth/permission';
import { isRole, permissionsFor, Role } from 'src/platform/auth/roles';
import { SessionRegistry, SessionState } from 'src/platform/auth/session-registry';
import { authConfig, AuthConfig } from 'src/platform/config/namespaces';
import { escapeLike, inTransaction, isUniqueViolation, Page, updateReturning } from 'src/platform/database/sql';
import { DomainEvents } from 'src/platform/events/domain-events';
import { ForbiddenError, NotFoundError } from 'src/platform/http/domain-error';

import { LOGINS } from './auth.metrics';
import {
  AccountDisabledError,
  EmailTakenError,
  InvalidCredentialsError,
  LastAdminError,
  InvalidRefreshTokenError,
  RefreshTokenReusedError,
  UnknownRoleError,
} from './auth.errors';
import { LoginDto, RegisterDto } from './dto/auth.dto';
import { AuthResponse, MeResponse, TokenPairResponse, UserResponse } from './dto/auth.response';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { LoginThrottle } from './login-throttle';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function toUserResponse(user: User): UserResponse {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, disabled: user.disabledAt !== null };
}

// Every change that could take the admin role away from someone takes this lock first, so "is there another
// active admin?" is answered by a statement that sees every such change committed before it.
const ADMIN_CHANGE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('dhakacart:admin-membership'))`;

type TxOptions = { manager?: EntityManager };
type ActorOptions = TxOptions & { actorId?: string };

/** Users, credentials and tokens. Other modules use it through this service only. */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly jwt: JwtService,
    private readonly events: DomainEvents,
    private readonly sessions: SessionRegistry,
    private readonly throttle: LoginThrottle,
    @InjectMetric(LOGINS) private readonly logins: Counter<'result'>,
  ) {}

  onModuleInit(): void {
    this.sessions.useLoader((userId) => this.sessionStateOf(userId));
  }

  async register(dto: RegisterDto): Promise<AuthResponse> {
    const passwordHash = await hashPassword(dto.password);
    let user: User;
    try {
      user = await this.users.save(this.users.create({ email: dto.email, name: dto.name, passwordHash, roles: [Role.Customer] }));
    } catch (err) {
      if (isUniqueViolation(err, 'app_user_email_key')) throw new EmailTakenError();
      throw err;
    }
    this.events.emit('auth.user_registered', { userId: user.id });
    return this.signedIn(user);
  }

  async login(dto: LoginDto): Promise<AuthResponse> {
    const user = await this.users.findOne({ where: { email: dto.email } });
    const trusted = this.throttle.isTrustedDevice(dto.email, user?.tokenVersion, dto.deviceToken);
    await this.throttle.admit(dto.email, trusted);
    const valid = user ? await verifyPassword(user.passwordHash, dto.password) : await burnPasswordCheck(dto.password);
    this.logins.inc({ result: valid && user ? 'success' : 'failure' });
    if (!valid || !user) {
      if (trusted) await this.throttle.recordTrustedFailure(dto.email);
      throw new InvalidCredentialsError();
    }
    if (user.disabledAt) throw new AccountDisabledError();
    await this.throttle.recordSuccess(dto.email);
    return this.signedIn(user);
  }

  /**
   * Rotates a refresh token: the presented token is spent with a conditional update, so two concurrent uses
   * cannot both succeed; presenting a spent token revokes its whole family (a stolen token was replayed).
   */
  async refresh(presented: string): Promise<TokenPairResponse> {
    const parsed = this.parseRefreshToken(presented);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [owner]: Array<{ user_id: string }> = await manager.query(
        `SELECT user_id FROM refresh_token WHERE id = $1 AND token_hash = $2`,
        [parsed.id, parsed.hash],
      );
      if (!owner) return null;
      // The user row first (shared), as endSessions takes it (exclusive) before revoking: a refresh racing a role
      // change or "sign out everywhere" either finishes before it (and its new token is revoked with the others)
      // or starts after it (and finds its token revoked). Same order, so the two cannot deadlock.
      const user = await manager.getRepository(User).findOne({ where: { id: owner.user_id }, lock: { mode: 'pessimistic_read' } });
      if (!user || user.disabledAt) return null;
      const rows = await updateReturning<{ family_id: string }>(
        manager,
        `UPDATE refresh_token SET used_at = now()
          WHERE id = $1 AND token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING family_id`,
        [parsed.id, parsed.hash],
      );
      return rows.length === 1 ? this.issueTokens(user, rows[0].family_id, manager) : 'spent';
    });
    if (outcome && outcome !== 'spent') return outcome;
    const token = outcome === 'spent' ? await this.refreshTokens.findOne({ where: { id: parsed.id, tokenHash: parsed.hash } }) : null;
    if (token?.usedAt && !token.revokedAt) {
      await this.dataSource.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
        token.familyId,
      ]);
      this.logger.warn({ userId: token.userId, familyId: token.familyId }, 'Refresh token reuse detected; family revoked');
      throw new RefreshTokenReusedError();
    }
    throw new InvalidRefreshTokenError();
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored: logout is idempotent. */
  async logout(presented: string): Promise<void> {
    const parsed = this.parseRefreshToken(presented);
    await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_token WHERE id = $1 AND token_hash = $2)`,
      [parsed.id, parsed.hash],
    );
  }

  async me(userId: string): Promise<MeResponse> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user) throw new NotFoundError('User');
    return { ...toUserResponse(user), permissions: permissionsFor(user.roles) };
  }

  /** Where to reach a customer (for notifications); null when the user no longer exists. */
  async findContact(userId: string): Promise<{ email: string; name: string } | null> {
    const user = await this.users.findOne({ where: { id: userId }, select: { email: true, name: true } });
    return user ? { email: user.email, name: user.name } : null;
  }

  async searchUsers(query: { q?: string; page: number; limit: number }): Promise<Page<UserResponse>> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id');
    if (query.q) {
      qb.where('(u.email ILIKE :q OR u.name ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    }
    const [rows, total] = await qb
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
    return { items: rows.map(toUserResponse), total, page: query.page, limit: query.limit };
  }

  /**
   * Replaces a user's roles inside the caller's transaction; returns the roles before and after. The user's token
   * version moves on and every refresh token is revoked: they sign in again with the new roles. With actorId, the
   * actor must still hold users:manage when the change commits. Never leaves the shop without an active admin.
   * Call sessionsChanged() after the commit.
   */
  async setRoles(
    userId: string,
    roles: string[],
    options: ActorOptions = {},
  ): Promise<{ before: string[]; after: string[]; user: UserResponse }> {
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length > 0) throw new UnknownRoleError(`Unknown roles: ${unknown.join(', ')}`);
    return inTransaction(this.dataSource, options, async (manager) => {
      const user = await this.lockForAdminChange(manager, userId, options.actorId);
      const before = [...user.roles];
      const after = [...new Set(roles)].sort();
      if (before.includes(Role.Admin) && !after.includes(Role.Admin) && !user.disabledAt) {
        await this.assertAnotherActiveAdmin(manager, userId);
      }
      const changed = await this.endSessions(manager, userId, { roles: after });
      return { before, after, user: toUserResponse(changed) };
    });
  }

  /** Disables (or re-enables) an account in the caller's transaction: a disabled user's sessions end at once. */
  async setDisabled(userId: string, disabled: boolean, options: ActorOptions = {}): Promise<{ before: boolean; user: UserResponse }> {
    return inTransaction(this.dataSource, options, async (manager) => {
      const user = await this.lockForAdminChange(manager, userId, options.actorId);
      const before = user.disabledAt !== null;
      if (disabled && !before && user.roles.includes(Role.Admin)) await this.assertAnotherActiveAdmin(manager, userId);
      const changed = await this.endSessions(manager, userId, { disabled });
      return { before, user: toUserResponse(changed) };
    });
  }

  /** "Sign out everywhere": every refresh token is revoked and every staff access token stops working at once. */
  async logoutEverywhere(userId: string): Promise<void> {
    await this.dataSource.transaction((manager) => this.endSessions(manager, userId, {}));
    await this.sessionsChanged(userId);
  }

  /** Tells every replica that a user's roles, status or token version changed (after the commit). */
  sessionsChanged(userId: string): Promise<void> {
    return this.sessions.changed(userId);
  }

  /** Creates the admin account, or resets its password and role, from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async ensureAdmin(email: string, password: string): Promise<UserResponse> {
    const passwordHash = await hashPassword(password);
    const normalised = email.trim().toLowerCase();
    await this.dataSource.query(
      `INSERT INTO app_user (email, password_hash, name, roles) VALUES ($1, $2, 'Administrator', '{admin}')
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, disabled_at = NULL,
         token_version = app_user.token_version + 1,
         roles = (SELECT array_agg(DISTINCT r ORDER BY r) FROM unnest(app_user.roles || '{admin}'::text[]) r)`,
      [normalised, passwordHash],
    );
    const user = await this.users.findOneOrFail({ where: { email: normalised } });
    // A reset password ends the sessions opened with the old one.
    await this.dataSource.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
    await this.sessionsChanged(user.id);
    return toUserResponse(user);
  }

  private async signedIn(user: User): Promise<AuthResponse> {
    const tokens = await this.issueTokens(user, randomUUID());
    return { user: toUserResponse(user), ...tokens, deviceToken: this.throttle.issueDeviceToken(user.email, user.tokenVersion) };
  }

  private async issueTokens(user: User, familyId: string, manager?: EntityManager): Promise<TokenPairResponse> {
    const secret = randomBytes(32).toString('base64url');
    const repo = manager ? manager.getRepository(RefreshToken) : this.refreshTokens;
    const token = await repo.save(
      repo.create({
        userId: user.id,
        familyId,
        tokenHash: sha256(secret),
        expiresAt: new Date(Date.now() + this.config.refreshTtlSeconds * 1000),
        usedAt: null,
        revokedAt: null,
      }),
    );
    const accessToken = await this.jwt.signAsync({ sub: user.id, roles: user.roles, typ: 'access', ver: user.tokenVersion });
    return { accessToken, refreshToken: `${token.id}.${secret}`, expiresIn: this.config.accessTtlSeconds };
  }

  private async sessionStateOf(userId: string): Promise<SessionState | null> {
    const user = await this.users.findOne({
      where: { id: userId },
      select: { id: true, roles: true, tokenVersion: true, disabledAt: true },
    });
    return user ? { tokenVersion: user.tokenVersion, roles: user.roles, disabled: user.disabledAt !== null } : null;
  }

  /** Takes the admin-membership lock, checks the actor may still manage users, and locks the target user row. */
  private async lockForAdminChange(manager: EntityManager, userId: string, actorId?: string): Promise<User> {
    await manager.query(ADMIN_CHANGE_LOCK);
    if (actorId) {
      const actor = await manager.getRepository(User).findOne({ where: { id: actorId } });
      if (!actor || actor.disabledAt || !permissionsFor(actor.roles).includes(Permission.UsersManage)) {
        throw new ForbiddenError();
      }
    }
    const user = await manager.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError('User');
    return user;
  }

  private async assertAnotherActiveAdmin(manager: EntityManager, exceptUserId: string): Promise<void> {
    const [{ admins }]: Array<{ admins: number }> = await manager.query(
      `SELECT count(*)::int AS admins FROM app_user WHERE 'admin' = ANY(roles) AND disabled_at IS NULL AND id <> $1`,
      [exceptUserId],
    );
    if (admins === 0) throw new LastAdminError();
  }

  /** Applies the change, moves the token version on and revokes every refresh token of the user. */
  private async endSessions(
    manager: EntityManager,
    userId: string,
    change: { roles?: string[]; disabled?: boolean },
  ): Promise<User> {
    const rows = await updateReturning<{ id: string }>(
      manager,
      `UPDATE app_user SET token_version = token_version + 1, updated_at = now(),
              roles = COALESCE($2::text[], roles),
              disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3 THEN COALESCE(disabled_at, now()) ELSE NULL END
        WHERE id = $1 RETURNING id`,
      [userId, change.roles ?? null, change.disabled ?? null],
    );
    if (rows.length === 0) throw new NotFoundError('User');
    await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    return manager.getRepository(User).findOneOrFail({ where: { id: userId } });
  }

  private parseRefreshToken(presented: string): { id: string; hash: string } {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) throw new InvalidRefreshTokenError();
    return { id: match[1], hash: sha256(match[2]) };
  }
}
