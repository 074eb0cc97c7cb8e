import { FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, ProductCard, useDocumentTitle } from '../components/bits';
import { api } from '../lib/api';
import {
  filtersFromSearch,
  filtersToApiQuery,
  filtersToSearch,
  pageCount,
  PAGE_SIZE,
  ProductFilters,
  Sort,
  SORTS,
  updateFilters,
} from '../lib/filters';
import type { Category, Page, Product } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function Products() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const key = filtersToSearch(filters).toString();
  const categories = useApi((signal) => api.get<Category[]>('/categories', undefined, signal), []);
  const products = useApi(
    (signal) => api.get<Page<Product>>('/products', filtersToApiQuery(filtersFromSearch(key)), signal),
    [key],
  );
  const categoryName = categories.data?.find((c) => c.slug === filters.category)?.name;
  useDocumentTitle(filters.q ? `Search: ${filters.q}` : (categoryName ?? 'All products'));

  const [min, setMin] = useState(filters.minPrice?.toString() ?? '');
  const [max, setMax] = useState(filters.maxPrice?.toString() ?? '');
  const [q, setQ] = useState(filters.q);
  useEffect(() => {
    setMin(filters.minPrice?.toString() ?? '');
    setMax(filters.maxPrice?.toString() ?? '');
    setQ(filters.q);
  }, [filters.minPrice, filters.maxPrice, filters.q]);

  function apply(change: Partial<ProductFilters>) {
    setParams(filtersToSearch(updateFilters(filters, change)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const toTaka = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? null : Math.max(0, Math.floor(Number(v))));
    let minPrice = toTaka(min);
    let maxPrice = toTaka(max);
    if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) [minPrice, maxPrice] = [maxPrice, minPrice];
    apply({ q: q.trim(), minPrice, maxPrice });
  }

  const total = products.data?.total ?? 0;
  const pages = pageCount(total, PAGE_SIZE);
  const heading = filters.q ? `Results for “${filters.q}”` : (categoryName ?? 'All products');

  return (
    <div className="catalog">
      <aside className="filters" aria-labelledby="filters-title">
        <h2 id="filters-title" className="h3">
          Filter products
        </h2>
        <form onSubmit={submit} className="stack">
          <div className="field">
            <label htmlFor="f-q">Keyword</label>
            <input id="f-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-category">Category</label>
            <select id="f-category" value={filters.category} onChange={(e) => apply({ category: e.target.value })}>
              <option value="">All categories</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.id} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="price-range">
            <legend>Price (৳)</legend>
            <div className="field">
              <label htmlFor="f-min">Min price</label>
              <input id="f-min" type="number" inputMode="numeric" min={0} value={min} onChange={(e) => setMin(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="f-max">Max price</label>
              <input id="f-max" type="number" inputMode="numeric" min={0} value={max} onChange={(e) => setMax(e.target.value)} />
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="f-sort">Sort by</label>
            <select id="f-sort" value={filters.sort} onChange={(e) => apply({ sort: e.target.value as Sort })}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="row">
            <button type="submit">Apply filters</button>
            {key && (
              <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
                Clear
              </button>
            )}
          </div>
        </form>
      </aside>

      <section className="results" aria-labelledby="results-title">
        <h1 id="results-title">{heading}</h1>
        <p className="muted" role="status">
          {products.loading ? 'Loading…' : `${total} ${total === 1 ? 'product' : 'products'}`}
        </p>
        <ErrorBox message={products.error} onRetry={products.reload} />
        {!products.loading && products.data && products.data.items.length === 0 && (
          <p className="empty">No products match these filters. Try a different keyword or price range.</p>
        )}
        <ul className="product-grid" aria-busy={products.loading}>
          {(products.data?.items ?? []).map((product) => (
            <ProductCard key={product.id} product={product} />
          ))}
        </ul>
        <Pager
          page={filters.page}
          pages={pages}
          href={(page) => `/products?${filtersToSearch(updateFilters(filters, { page }))}`}
        />
      </section>
    </div>
  );
}
