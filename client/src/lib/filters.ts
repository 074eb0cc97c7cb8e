import type { Query } from './api';

export const SORTS = [
  { value: 'newest', label: 'Newest' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'name', label: 'Name' },
] as const;
export type Sort = (typeof SORTS)[number]['value'];

/** What the product grid shows. Prices are whole taka here (what people type and share); the API wants paisa. */
export interface ProductFilters {
  q: string;
  category: string;
  minPrice: number | null;
  maxPrice: number | null;
  sort: Sort;
  page: number;
}

export const DEFAULT_FILTERS: ProductFilters = {
  q: '',
  category: '',
  minPrice: null,
  maxPrice: null,
  sort: 'newest',
  page: 1,
};

export const PAGE_SIZE = 24;

function taka(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/** URL (?q=&category=&min=&max=&sort=&page=) -> filters; anything invalid falls back to its default. */
export function filtersFromSearch(search: URLSearchParams | string): ProductFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').trim(),
    category: (params.get('category') ?? '').trim(),
    minPrice: taka(params.get('min')),
    maxPrice: taka(params.get('max')),
    sort: SORTS.some((s) => s.value === sort) ? (sort as Sort) : DEFAULT_FILTERS.sort,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Filters -> URL search params, leaving defaults out so links stay short and stable. */
export function filtersToSearch(filters: ProductFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.category) params.set('category', filters.category);
  if (filters.minPrice !== null) params.set('min', String(filters.minPrice));
  if (filters.maxPrice !== null) params.set('max', String(filters.maxPrice));
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** Filters -> GET /api/v1/products query (prices in paisa). */
export function filtersToApiQuery(filters: ProductFilters, limit = PAGE_SIZE): Query {
  return {
    q: filters.q || undefined,
    category: filters.category || undefined,
    minPrice: filters.minPrice === null ? undefined : filters.minPrice * 100,
    maxPrice: filters.maxPrice === null ? undefined : filters.maxPrice * 100,
    sort: filters.sort,
    page: filters.page,
    limit,
  };
}

/** A change to anything but the page sends the customer back to page 1. */
export function updateFilters(current: ProductFilters, change: Partial<ProductFilters>): ProductFilters {
  const next = { ...current, ...change };
  if (!('page' in change)) next.page = 1;
  return next;
}

export function pageCount(total: number, limit = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / limit));
}
