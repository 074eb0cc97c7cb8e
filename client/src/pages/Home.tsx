import { Link } from 'react-router-dom';

import { ErrorBox, ProductCard, useDocumentTitle } from '../components/bits';
import { Icon } from '../components/icons';
import { api } from '../lib/api';
import type { Category, Page, Product } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function Home() {
  useDocumentTitle('');
  const categories = useApi((signal) => api.get<Category[]>('/categories', undefined, signal), []);
  const featured = useApi(
    (signal) => api.get<Page<Product>>('/products', { sort: 'newest', limit: 8 }, signal),
    [],
  );

  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Electronics, delivered across Bangladesh</h1>
        <p>Phones, laptops, TVs and more from trusted brands. Cash on delivery, card or bKash.</p>
        <Link className="button" to="/products">
          Shop all products
        </Link>
      </section>

      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Shop by category</h2>
        <ErrorBox message={categories.error} onRetry={categories.reload} />
        <ul className="category-grid">
          {(categories.data ?? []).map((category) => (
            <li key={category.id}>
              <Link to={`/products?category=${encodeURIComponent(category.slug)}`} className="category-tile">
                <Icon name={category.slug} size={28} className="category-icon" />
                <span>{category.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="featured-title">
        <div className="section-head">
          <h2 id="featured-title">Featured products</h2>
          <Link to="/products">See all</Link>
        </div>
        <ErrorBox message={featured.error} onRetry={featured.reload} />
        {featured.loading && !featured.data && <p role="status">Loading products…</p>}
        <ul className="product-grid">
          {(featured.data?.items ?? []).map((product) => (
            <ProductCard key={product.id} product={product} />
          ))}
        </ul>
      </section>
    </>
  );
}
