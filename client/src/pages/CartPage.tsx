import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';

import { ErrorBox, Price, QuantityPicker, useDocumentTitle } from '../components/bits';
import { useAuth } from '../lib/auth';
import { itemCount, useCartState } from '../lib/cartStore';
import { cartStore } from '../lib/store';

export default function CartPage() {
  useDocumentTitle('Your cart');
  const { user, ready } = useAuth();
  const state = useCartState(cartStore);
  const navigate = useNavigate();

  useEffect(() => {
    if (user) void cartStore.load();
  }, [user]);

  if (!ready) return <p role="status">Loading…</p>;
  if (!user) {
    return (
      <section>
        <h1>Your cart</h1>
        <p>
          <Link to="/signin?redirect=%2Fcart">Sign in</Link> to see your cart and check out.
        </p>
      </section>
    );
  }

  const cart = state.cart;
  const items = cart?.items ?? [];
  const problems = items.filter((item) => item.quantity > item.available);

  return (
    <section className="cart-page" aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      <ErrorBox message={state.error} />
      {!cart && state.loading && <p role="status">Loading your cart…</p>}
      {cart && items.length === 0 && (
        <div className="empty">
          <p>Your cart is empty.</p>
          <Link className="button" to="/products">
            Browse products
          </Link>
        </div>
      )}
      {items.length > 0 && (
        <>
          <ul className="cart-lines">
            {items.map((item) => {
              const short = item.quantity > item.available;
              return (
                <li key={item.productId} className={short ? 'cart-line short' : 'cart-line'}>
                  <div className="cart-line-main">
                    <p className="cart-line-name">{item.name}</p>
                    <p className="muted">
                      <Price paisa={item.unitPrice} /> each
                    </p>
                    {short && (
                      <p className="warning" role="alert">
                        {item.available === 0
                          ? 'Out of stock: remove it to check out.'
                          : `Only ${item.available} left: lower the quantity to check out.`}
                      </p>
                    )}
                  </div>
                  <QuantityPicker
                    id={`qty-${item.productId}`}
                    label={`Quantity for ${item.name}`}
                    hideLabel
                    value={item.quantity}
                    max={Math.max(item.quantity, Math.min(99, item.available))}
                    disabled={state.pending === item.productId}
                    onChange={(quantity) => void cartStore.setQuantity(item.productId, quantity)}
                  />
                  <p className="cart-line-total">
                    <Price paisa={item.lineTotal} />
                  </p>
                  <button
                    type="button"
                    className="link-button danger"
                    aria-label={`Remove ${item.name}`}
                    disabled={state.pending === item.productId}
                    onClick={() => void cartStore.remove(item.productId)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="cart-summary">
            <p>
              Subtotal ({itemCount(cart)} {itemCount(cart) === 1 ? 'item' : 'items'}):{' '}
              <strong>
                <Price paisa={cart?.subtotal ?? 0} />
              </strong>
            </p>
            <p className="muted">Shipping is calculated at checkout.</p>
            <div className="row">
              <button type="button" className="secondary" onClick={() => void cartStore.clear()}>
                Empty cart
              </button>
              <button type="button" className="primary" disabled={problems.length > 0} onClick={() => navigate('/checkout')}>
                Checkout
              </button>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
