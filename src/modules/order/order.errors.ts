import { DomainError } from 'src/platform/http/domain-error';

export class CartEmptyError extends DomainError {
  readonly code = 'CART_EMPTY';
  readonly kind = 'invalid';
  constructor() {
    super('Your cart is empty');
  }
}

export class IdempotencyKeyRequiredError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REQUIRED';
  readonly kind = 'invalid';
  constructor() {
    super('The Idempotency-Key header (1-128 characters) is required to place an order');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';
  constructor() {
    super('This Idempotency-Key was already used with a different request');
  }
}

export class InvalidStateTransitionError extends DomainError {
  readonly code = 'INVALID_STATE_TRANSITION';
  readonly kind = 'conflict';
  constructor(from: string, to: string, reason?: string) {
    super(reason ?? `An order cannot move from ${from} to ${to}`, { from, to });
  }
}

export class PaymentFailedError extends DomainError {
  readonly code = 'PAYMENT_FAILED';
  readonly kind = 'payment_failed';
  constructor() {
    super('The payment was declined; the order is still awaiting payment');
  }
}

export class PaymentSimulatorDisabledError extends DomainError {
  readonly code = 'PAYMENT_SIMULATOR_DISABLED';
  readonly kind = 'not_found';
  constructor() {
    super('There is no payment simulator here; online orders are paid through the payment provider');
  }
}

export class NotPayableOnlineError extends DomainError {
  readonly code = 'NOT_PAYABLE_ONLINE';
  readonly kind = 'conflict';
  constructor() {
    super('A cash-on-delivery order is paid to the courier on delivery, not online');
  }
}

export class TooManyOpenOrdersError extends DomainError {
  readonly code = 'TOO_MANY_OPEN_ORDERS';
  readonly kind = 'conflict';
  constructor(max: number) {
    super(`You already have ${max} orders awaiting payment or confirmation; pay or cancel one first`, { max });
  }
}

export class PerCustomerLimitError extends DomainError {
  readonly code = 'PER_CUSTOMER_LIMIT';
  readonly kind = 'conflict';
  constructor(products: Array<{ productId: string; allowed: number }>, max: number) {
    super(`At most ${max} units of a product per customer while your orders are open`, { products, max });
  }
}
