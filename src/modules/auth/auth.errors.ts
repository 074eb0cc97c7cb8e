import { DomainError } from 'src/platform/http/domain-error';

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  readonly kind = 'conflict';
  constructor() {
    super('An account with this email already exists');
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly kind = 'unauthorized';
  constructor() {
    super('Email or password is incorrect');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';
  readonly kind = 'unauthorized';
  constructor() {
    super('Refresh token is invalid, expired or revoked');
  }
}

export class RefreshTokenReusedError extends DomainError {
  readonly code = 'REFRESH_TOKEN_REUSED';
  readonly kind = 'unauthorized';
  constructor() {
    super('Refresh token was already used; every session of this login was revoked');
  }
}

export class UnknownRoleError extends DomainError {
  readonly code = 'UNKNOWN_ROLE';
  readonly kind = 'invalid';
}

export class AccountDisabledError extends DomainError {
  readonly code = 'ACCOUNT_DISABLED';
  readonly kind = 'forbidden';
  constructor() {
    super('This account is disabled; contact DhakaCart support');
  }
}

export class LastAdminError extends DomainError {
  readonly code = 'LAST_ADMIN';
  readonly kind = 'conflict';
  constructor() {
    super('This would leave the shop without an active admin; make another admin first');
  }
}

export class LoginDelayedError extends DomainError {
  readonly code = 'LOGIN_DELAYED';
  readonly kind = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins for this account; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
