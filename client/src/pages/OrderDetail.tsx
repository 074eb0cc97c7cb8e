import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';

import { ErrorBox, Price, useDocumentTitle } from '../components/bits';
import { api, errorMessage } from '../lib/api';
import { Order, PAYMENT_LABELS } from '../lib/types';
import { useApi } from '../lib/useApi';
import { formatDate, StatusPill } from './Orders';

export default function OrderDetail() {
  const { id = '' } = useParams();
  const order = useApi((signal) => api.get<Order>(`/orders/${id}`, undefined, signal), [id]);
  const [busy, setBusy] = useState<'pay' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useDocumentTitle(order.data ? `Order ${order.data.number}` : 'Order');

  async function act(action: 'pay' | 'cancel') {
    setConfirming(false);
    setBusy(action);
    setError(null);
    setNotice(null);
    try {
      const updated = await api.post<Order>(`/orders/${id}/${action}`, action === 'pay' ? { outcome: 'success' } : undefined);
      order.setData(updated);
      setNotice(action === 'pay' ? 'Payment received. Thank you!' : 'Order cancelled.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (order.loading && !order.data) return <p role="status">Loading order…</p>;
  if (!order.data) {
    return (
      <section>
        <h1>Order not found</h1>
        <ErrorBox message={order.error} />
        <Link to="/account/orders">Back to my orders</Link>
      </section>
    );
  }
  const o = order.data;

  return (
    <section className="order-detail" aria-labelledby="order-title">
      <p>
        <Link to="/account/orders">← My orders</Link>
      </p>
      <h1 id="order-title">Order {o.number}</h1>
      <p>
        Status: <StatusPill status={o.status} /> <span className="muted">· placed {formatDate(o.createdAt)}</span>
      </p>
      <div role="status" aria-live="polite">
        {notice && <p className="success">{notice}</p>}
      </div>
      <ErrorBox message={error} />
      {o.status === 'pending_payment' && !confirming && (
        <div className="row">
          {/* Cash on delivery is paid to the courier; the shop never takes it online. */}
          {o.paymentMethod !== 'cod' && (
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void act('pay')}>
              {`Pay now with ${PAYMENT_LABELS[o.paymentMethod]}`}
            </button>
          )}
          <button type="button" className="secondary danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
            Cancel order
          </button>
        </div>
      )}
      {o.status === 'pending_payment' && confirming && (
        <div className="confirm-box" role="group" aria-labelledby="confirm-cancel">
          <p id="confirm-cancel">Cancel this order? Its items go back on sale.</p>
          <div className="row">
            <button type="button" className="danger-solid" autoFocus onClick={() => void act('cancel')}>
              Yes, cancel order
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep order
            </button>
          </div>
        </div>
      )}
      <table className="table">
        <caption className="visually-hidden">Items in this order</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {o.items.map((item) => (
            <tr key={item.productId}>
              <td>{item.name}</td>
              <td>{item.quantity}</td>
              <td className="num">
                <Price paisa={item.unitPrice} />
              </td>
              <td className="num">
                <Price paisa={item.lineTotal} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className="num">
              <Price paisa={o.subtotal} />
            </td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Shipping
            </th>
            <td className="num">
              <Price paisa={o.shippingFee} />
            </td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num">
              <strong>
                <Price paisa={o.total} />
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <h2 className="h3">Delivery</h2>
      <p>
        {o.shippingAddress.name} · {o.shippingAddress.phone}
        <br />
        {o.shippingAddress.line1}, {o.shippingAddress.city} {o.shippingAddress.postalCode ?? ''}
      </p>
      <p>Payment: {PAYMENT_LABELS[o.paymentMethod]}</p>
    </section>
  );
}
