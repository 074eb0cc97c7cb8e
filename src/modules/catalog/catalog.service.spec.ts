import { buildCatalog } from 'src/seed';

import { slugify } from './catalog.service';

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
