import { buildCatalog } from 'src/seed';

import { listCacheKey, slugify } from './catalog.service';
import { ListProductsQueryDto } from './dto/catalog.dto';

describe('slugify', () => {
  it('should build a URL-safe slug that stays unique through the SKU', () => {
    expect(slugify('Walton Primo X5 (128GB) — Black!', 'PHN-0001')).toBe(
      'walton-primo-x5-128gb-black-phn-0001',
    );
    expect(slugify('৳৳৳', 'ACC-9')).toBe('acc-9');
  });
});

describe('seed catalog', () => {
  it('should be deterministic, integer-priced and uniquely keyed', () => {
    const first = buildCatalog(500);
    expect(buildCatalog(500)).toEqual(first);
    expect(new Set(first.map((p) => p.sku)).size).toBe(500);
    expect(new Set(first.map((p) => p.slug)).size).toBe(500);
    expect(first.every((p) => Number.isInteger(p.pricePaisa) && p.pricePaisa > 0)).toBe(true);
  });
});

describe('listCacheKey', () => {
  const query = (fields: Partial<ListProductsQueryDto>): ListProductsQueryDto =>
    Object.assign(new ListProductsQueryDto(), fields);

  it('should key a storefront query by its parsed fields, an ASCII search lower-cased', () => {
    expect(listCacheKey(query({}))).toBe('list:||newest|1|24');
    expect(listCacheKey(query({ q: 'Walton TV', category: 'tvs', sort: 'name', page: 3, limit: 8 }))).toBe(
      'list:walton tv|tvs|name|3|8',
    );
    expect(listCacheKey(query({ q: 'ফ্রিজ' }))).toBe('list:ফ্রিজ||newest|1|24');
  });

  it('should not cache an uncommon query', () => {
    expect(listCacheKey(query({ limit: 25 }))).toBeUndefined();
    expect(listCacheKey(query({ page: 51 }))).toBeUndefined();
    expect(listCacheKey(query({ minPrice: 100 }))).toBeUndefined();
    expect(listCacheKey(query({ maxPrice: 0 }))).toBeUndefined();
    expect(listCacheKey(query({ q: 'x'.repeat(41) }))).toBeUndefined();
  });
});
