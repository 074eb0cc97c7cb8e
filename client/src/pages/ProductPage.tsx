import { FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';

import { ErrorBox, Price, ProductImage, QuantityPicker, StockBadge, useDocumentTitle } from '../components/bits';
import { api } from '../lib/api';
import { signInPath, useAuth } from '../lib/auth';
import { quantityOf, useCartState } from '../lib/cartStore';
import { cartStore } from '../lib/store';
import type { Product } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function ProductPage() {
  const { slug = '' } = useParams();
  const { user, ready } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const product = useApi((signal) => api.get<Product>(`/products/${encodeURIComponent(slug)}`, undefined, signal), [slug]);
  const cart = useCartState(cartStore);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(product.data?.name ?? 'Product');

  if (product.loading && !product.data) return <p role="status">Loading product…</p>;
  if (product.error || !product.data) {
    return (
      <div>
        <h1>Product not found</h1>
        <ErrorBox message={product.error} />
        <Link to="/products">Back to all products</Link>
      </div>
    );
  }
  const p = product.data;
  const inCart = quantityOf(cart.cart, p.id);
  const canBuy = Math.max(0, p.stock - inCart);

  async function addToCart(event: FormEvent) {
    event.preventDefault();
    if (!user) {
      navigate(signInPath(location));
      return;
    }
    setBusy(true);
    setAdded(null);
    setError(null);
    const ok = await cartStore.add(p.id, quantity);
    setBusy(false);
    if (ok) {
      setAdded(`Added ${quantity} × ${p.name} to your cart.`);
      setQuantity(1);
    } else {
      setError(cartStore.getState().error);
      product.reload();
    }
  }

  return (
    <article className="product-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/products">Products</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/products?category=${encodeURIComponent(p.category.slug)}`}>{p.category.name}</Link>
      </nav>
      <div className="product-layout">
        <ProductImage product={p} large />
        <div className="product-info">
          <h1>{p.name}</h1>
          <p className="muted">SKU {p.sku}</p>
          <p className="product-price">
            <Price paisa={p.price} />
          </p>
          <p>
            <StockBadge stock={p.stock} />
          </p>
          <p>{p.description}</p>
          <form onSubmit={addToCart} className="buy-box">
            {p.stock > 0 && (
              <QuantityPicker id="qty" label="Quantity" value={quantity} max={Math.max(1, canBuy)} onChange={setQuantity} disabled={busy} />
            )}
            {/* Until the session is known a signed-in customer would look signed out and be sent to sign in. */}
            <button type="submit" className="primary" disabled={p.stock <= 0 || busy || !ready} aria-busy={busy || !ready}>
              Add to cart
            </button>
          </form>
          {inCart > 0 && (
            <p className="muted">
              You have {inCart} in your cart.{' '}
            </p>
          )}
          <div role="status" aria-live="polite">
            {added && (
              <p className="success">
                {added} <Link to="/cart">View cart</Link>
              </p>
            )}
          </div>
          <ErrorBox message={error} />
        </div>
      </div>
    </article>
  );
}
