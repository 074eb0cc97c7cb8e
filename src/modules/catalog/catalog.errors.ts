import { DomainError } from 'src/platform/http/domain-error';

export class SkuTakenError extends DomainError {
  readonly code = 'SKU_TAKEN';
  readonly kind = 'conflict';
  constructor(sku: string) {
    super(`A product with SKU ${sku} already exists`);
  }
}

export class CategorySlugTakenError extends DomainError {
  readonly code = 'SLUG_TAKEN';
  readonly kind = 'conflict';
  constructor(slug: string) {
    super(`A category with slug ${slug} already exists`);
  }
}

export class UnknownCategoryError extends DomainError {
  readonly code = 'UNKNOWN_CATEGORY';
  readonly kind = 'invalid';
  constructor(slug: string) {
    super(`No category with slug ${slug}`);
  }
}

export class StockBelowReservedError extends DomainError {
  readonly code = 'STOCK_BELOW_RESERVED';
  readonly kind = 'conflict';
  constructor(reserved: number) {
    super(`On-hand stock cannot be set below the ${reserved} units reserved by open orders`);
  }
}
