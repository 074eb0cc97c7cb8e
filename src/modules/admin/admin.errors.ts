import { DomainError } from 'src/platform/http/domain-error';

export class SelfDemotionError extends DomainError {
  readonly code = 'CANNOT_DEMOTE_SELF';
  readonly kind = 'conflict';
  constructor() {
    super('An admin cannot remove their own admin role; ask another admin');
  }
}

export class SelfDisableError extends DomainError {
  readonly code = 'CANNOT_DISABLE_SELF';
  readonly kind = 'conflict';
  constructor() {
    super('You cannot disable your own account; ask another admin');
  }
}
