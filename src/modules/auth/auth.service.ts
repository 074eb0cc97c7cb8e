import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { DataSource, EntityManager, Repository } from 'typeorm';

import { isRole, permissionsFor, Role } from 'src/platform/auth/roles';
import { authConfig, AuthConfig } from 'src/platform/config/namespaces';
import { escapeLike, isUniqueViolation, Page, updateReturning } from 'src/platform/database/sql';
import { DomainEvents } from 'src/platform/events/domain-events';
import { NotFoundError } from 'src/platform/http/domain-error';

import { LOGINS } from './auth.metrics';
import {
  EmailTakenError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  RefreshTokenReusedError,
  UnknownRoleError,
} from './auth.errors';
import { LoginDto, RegisterDto } from './dto/auth.dto';
import { AuthResponse, MeResponse, TokenPairResponse, UserResponse } from './dto/auth.response';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function toUserResponse(user: User): UserResponse {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

/** Users, credentials and tokens. Other modules use it through this service only. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly jwt: JwtService,
    private readonly events: DomainEvents,
    @InjectMetric(LOGINS) private readonly logins: Counter<'result'>,
  ) {}

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
    return { user: toUserResponse(user), ...(await this.issueTokens(user, randomUUID())) };
  }

  async login(dto: LoginDto): Promise<AuthResponse> {
    const user = await this.users.findOne({ where: { email: dto.email } });
    const valid = user ? await verifyPassword(user.passwordHash, dto.password) : await burnPasswordCheck(dto.password);
    this.logins.inc({ result: valid && user ? 'success' : 'failure' });
    if (!valid || !user) throw new InvalidCredentialsError();
    return { user: toUserResponse(user), ...(await this.issueTokens(user, randomUUID())) };
  }

  /**
   * Rotates a refresh token: the presented token is spent with a conditional update, so two concurrent uses
   * cannot both succeed; presenting a spent token revokes its whole family (a stolen token was replayed).
   */
  async refresh(presented: string): Promise<TokenPairResponse> {
    const parsed = this.parseRefreshToken(presented);
    const rows = await updateReturning<{ user_id: string; family_id: string }>(
      this.dataSource,
      `UPDATE refresh_token SET used_at = now()
        WHERE id = $1 AND token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING user_id, family_id`,
      [parsed.id, parsed.hash],
    );
    if (rows.length === 1) {
      const user = await this.users.findOne({ where: { id: rows[0].user_id } });
      if (!user) throw new InvalidRefreshTokenError();
      return this.issueTokens(user, rows[0].family_id);
    }
    const token = await this.refreshTokens.findOne({ where: { id: parsed.id, tokenHash: parsed.hash } });
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

  /** Replaces a user's roles inside the caller's transaction; returns the roles before and after. */
  async setRoles(
    userId: string,
    roles: string[],
    options: { manager?: EntityManager } = {},
  ): Promise<{ before: string[]; after: string[]; user: UserResponse }> {
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length > 0) throw new UnknownRoleError(`Unknown roles: ${unknown.join(', ')}`);
    const repo = (options.manager ?? this.dataSource.manager).getRepository(User);
    const user = await repo.findOne({ where: { id: userId }, lock: options.manager ? { mode: 'pessimistic_write' } : undefined });
    if (!user) throw new NotFoundError('User');
    const before = [...user.roles];
    user.roles = [...new Set(roles)].sort();
    await repo.save(user);
    return { before, after: user.roles, user: toUserResponse(user) };
  }

  /** Creates the admin account, or resets its password and role, from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async ensureAdmin(email: string, password: string): Promise<UserResponse> {
    const passwordHash = await hashPassword(password);
    const normalised = email.trim().toLowerCase();
    await this.dataSource.query(
      `INSERT INTO app_user (email, password_hash, name, roles) VALUES ($1, $2, 'Administrator', '{admin}')
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash,
         roles = (SELECT array_agg(DISTINCT r ORDER BY r) FROM unnest(app_user.roles || '{admin}'::text[]) r)`,
      [normalised, passwordHash],
    );
    const user = await this.users.findOneOrFail({ where: { email: normalised } });
    return toUserResponse(user);
  }

  private async issueTokens(user: User, familyId: string): Promise<TokenPairResponse> {
    const secret = randomBytes(32).toString('base64url');
    const token = await this.refreshTokens.save(
      this.refreshTokens.create({
        userId: user.id,
        familyId,
        tokenHash: sha256(secret),
        expiresAt: new Date(Date.now() + this.config.refreshTtlSeconds * 1000),
        usedAt: null,
        revokedAt: null,
      }),
    );
    const accessToken = await this.jwt.signAsync({ sub: user.id, roles: user.roles, typ: 'access' });
    return { accessToken, refreshToken: `${token.id}.${secret}`, expiresIn: this.config.accessTtlSeconds };
  }

  private parseRefreshToken(presented: string): { id: string; hash: string } {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) throw new InvalidRefreshTokenError();
    return { id: match[1], hash: sha256(match[2]) };
  }
}
