import { DomainError } from 'src/platform/http/domain-error';

export class OutOfStockError extends DomainError {
  readonly code = 'OUT_OF_STOCK';
  readonly kind = 'conflict';
  constructor(products: Array<{ productId: string; name?: string; available: number }>) {
    const names = products.map((p) => p.name ?? p.productId).join(', ');
    super(`Not enough stock for: ${names}`, { products });
  }
}

export class QuantityLimitError extends DomainError {
  readonly code = 'QUANTITY_LIMIT_EXCEEDED';
  readonly kind = 'invalid';
  constructor(max: number) {
    super(`A cart line may hold at most ${max} units`);
  }
}

export class ProductUnavailableError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('Product not found');
  }
}

export class CartFullError extends DomainError {
  readonly code = 'CART_FULL';
  readonly kind = 'conflict';
  constructor(max: number) {
    super(`A cart may hold at most ${max} different products`);
  }
}
