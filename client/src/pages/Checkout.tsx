import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';

import { ErrorBox, Price, useDocumentTitle } from '../components/bits';
import { api, ApiError, errorMessage } from '../lib/api';
import { useCartState } from '../lib/cartStore';
import {
  EMPTY_SHIPPING,
  PAYMENT_OPTIONS,
  ShippingErrors,
  ShippingForm,
  toShippingAddress,
  validateShipping,
} from '../lib/checkout';
import { shippingFee } from '../lib/money';
import { CheckoutAttempt } from '../lib/idempotency';
import { cartStore } from '../lib/store';
import type { Order, PaymentMethod } from '../lib/types';

const FIELDS: Array<{ key: keyof ShippingForm; label: string; type?: string; autoComplete: string; optional?: boolean }> = [
  { key: 'name', label: 'Name', autoComplete: 'name' },
  { key: 'phone', label: 'Phone', type: 'tel', autoComplete: 'tel' },
  { key: 'line1', label: 'Address', autoComplete: 'street-address' },
  { key: 'city', label: 'City', autoComplete: 'address-level2' },
  { key: 'postalCode', label: 'Postal code', autoComplete: 'postal-code', optional: true },
];

export default function Checkout() {
  useDocumentTitle('Checkout');
  const navigate = useNavigate();
  const state = useCartState(cartStore);
  const [form, setForm] = useState<ShippingForm>(EMPTY_SHIPPING);
  const [payment, setPayment] = useState<PaymentMethod>('cod');
  const [errors, setErrors] = useState<ShippingErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One idempotency key per checkout attempt, stable across retries of the same request.
  const attempt = useRef(new CheckoutAttempt());
  const inFlight = useRef(false);

  useEffect(() => {
    void cartStore.load();
  }, []);

  const cart = state.cart;
  const shipping = shippingFee(form.city, cart?.subtotal ?? 0);

  async function placeOrder(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return; // a second click while the first request is on its way does nothing
    const found = validateShipping(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document.getElementById(`ship-${first}`)?.focus();
      return;
    }
    const body = { shippingAddress: toShippingAddress(form), paymentMethod: payment };
    const key = attempt.current.keyFor(body);
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    try {
      const order = await api.post<Order>('/orders', body, { 'Idempotency-Key': key });
      attempt.current.complete();
      cartStore.reset({ items: [], subtotal: 0, currency: 'BDT' });
      navigate(`/orders/${order.id}/placed`, { replace: true, state: { order } });
    } catch (error) {
      setSubmitError(
        error instanceof ApiError && error.code === 'OUT_OF_STOCK'
          ? `${error.message}. Please update your cart.`
          : errorMessage(error),
      );
      if (error instanceof ApiError && error.code === 'OUT_OF_STOCK') void cartStore.load();
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  if (cart && cart.items.length === 0) {
    return (
      <section>
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <Link to="/products">Browse products</Link>
      </section>
    );
  }

  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <div className="checkout-layout">
        <form noValidate onSubmit={placeOrder} className="stack" aria-describedby="checkout-note">
          <fieldset className="stack">
            <legend>Shipping address</legend>
            {FIELDS.map((field) => {
              const error = errors[field.key];
              const id = `ship-${field.key}`;
              return (
                <div className="field" key={field.key}>
                  <label htmlFor={id}>
                    {field.label}
                    {field.optional && <span className="muted"> (optional)</span>}
                  </label>
                  <input
                    id={id}
                    name={field.key}
                    type={field.type ?? 'text'}
                    autoComplete={field.autoComplete}
                    required={!field.optional}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    value={form[field.key]}
                    onChange={(e) => setForm({ ...form, [field.key]: e.target.value })}
                  />
                  {error && (
                    <p className="field-error" id={`${id}-error`}>
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
          <fieldset className="stack payment-options">
            <legend>Payment method</legend>
            {PAYMENT_OPTIONS.map((option) => (
              <label key={option.value} className="radio-card">
                <input
                  type="radio"
                  name="payment"
                  value={option.value}
                  checked={payment === option.value}
                  onChange={() => setPayment(option.value)}
                />
                <span>
                  <strong>{option.label}</strong>
                  <span className="muted block">{option.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <ErrorBox message={submitError} />
          <p id="checkout-note" className="muted">
            Payments are simulated. You can pay a pending order from your order page.
          </p>
          <button type="submit" className="primary large" disabled={submitting || !cart} aria-busy={submitting}>
            Place order
          </button>
          <p role="status" aria-live="polite" className="muted">
            {submitting ? 'Placing your order…' : ''}
          </p>
        </form>
        <aside className="order-summary" aria-labelledby="summary-title">
          <h2 id="summary-title" className="h3">
            Order summary
          </h2>
          {!cart && <p role="status">Loading…</p>}
          <ul className="summary-lines">
            {(cart?.items ?? []).map((item) => (
              <li key={item.productId}>
                <span>
                  {item.quantity} × {item.name}
                </span>
                <Price paisa={item.lineTotal} />
              </li>
            ))}
          </ul>
          <p className="summary-row">
            <span>Subtotal</span> <Price paisa={cart?.subtotal ?? 0} />
          </p>
          <p className="summary-row">
            <span>Shipping{form.city.trim() ? '' : ' (estimate)'}</span> <Price paisa={shipping} />
          </p>
          <p className="summary-total">
            <span>Total</span> <Price paisa={(cart?.subtotal ?? 0) + shipping} />
          </p>
          <p className="muted">Shipping is ৳60 in Dhaka and ৳120 elsewhere, free from ৳5,000.</p>
        </aside>
      </div>
    </section>
  );
}
