import { DEFAULT_FILTERS, filtersFromSearch, filtersToApiQuery, filtersToSearch, pageCount, updateFilters } from './filters';

describe('URL <-> filters', () => {
  it('reads every filter from the URL', () => {
    expect(filtersFromSearch('?q=samsung&category=smartphones&min=1000&max=50000&sort=price_asc&page=3')).toEqual({
      q: 'samsung',
      category: 'smartphones',
      minPrice: 1000,
      maxPrice: 50000,
      sort: 'price_asc',
      page: 3,
    });
  });

  it('falls back to defaults for missing or invalid values', () => {
    expect(filtersFromSearch('')).toEqual(DEFAULT_FILTERS);
    expect(filtersFromSearch('?sort=cheapest&page=-2&min=abc&max=-5')).toEqual(DEFAULT_FILTERS);
    expect(filtersFromSearch('?page=2.5').page).toBe(1);
  });

  it('writes only non-default filters, so links are short', () => {
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
    expect(filtersToSearch({ ...DEFAULT_FILTERS, q: 'tv', page: 2 }).toString()).toBe('q=tv&page=2');
    expect(filtersToSearch({ ...DEFAULT_FILTERS, minPrice: 0 }).toString()).toBe('min=0');
  });

  it('round-trips URL -> filters -> URL', () => {
    const url = 'q=walton+fridge&category=home-appliances&min=20000&max=90000&sort=name&page=2';
    expect(filtersToSearch(filtersFromSearch(url)).toString()).toBe(url);
  });

  it('maps taka in the URL to paisa for the API', () => {
    expect(filtersToApiQuery({ ...DEFAULT_FILTERS, minPrice: 1000, maxPrice: 1299, category: 'audio' }, 24)).toEqual({
      q: undefined,
      category: 'audio',
      minPrice: 100000,
      maxPrice: 129900,
      sort: 'newest',
      page: 1,
      limit: 24,
    });
  });

  it('resets to page 1 when a filter changes, but not when the page changes', () => {
    const onPage3 = { ...DEFAULT_FILTERS, page: 3 };
    expect(updateFilters(onPage3, { category: 'laptops' }).page).toBe(1);
    expect(updateFilters(onPage3, { page: 4 }).page).toBe(4);
  });

  it('counts pages', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(24)).toBe(1);
    expect(pageCount(25)).toBe(2);
    expect(pageCount(300, 24)).toBe(13);
  });
});
