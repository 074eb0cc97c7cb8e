import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, Price, ScrollTable, useDocumentTitle } from '../components/bits';
import { api, errorMessage } from '../lib/api';
import { can, useAuth } from '../lib/auth';
import { AdminOrder, NEXT_STATUSES, Order, ORDER_STATUSES, OrderStatus, Page, PAYMENT_LABELS, STATUS_LABELS } from '../lib/types';
import { useApi } from '../lib/useApi';
import { formatDate, StatusPill } from '../pages/Orders';

const LIMIT = 25;

export function OrdersAdmin() {
  useDocumentTitle('Admin · Orders');
  const [params, setParams] = useSearchParams();
  const status = (ORDER_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? params.get('status')! : '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useApi(
    (signal) => api.get<Page<Order>>('/admin/orders', { status: status || undefined, page, limit: LIMIT }, signal),
    [status, page],
  );
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / LIMIT)) : 1;

  return (
    <section aria-labelledby="ao-title">
      <h1 id="ao-title">Orders</h1>
      <div className="field inline">
        <label htmlFor="ao-status">Status</label>
        <select id="ao-status" value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
          <option value="">All statuses</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <ErrorBox message={list.error} onRetry={list.reload} />
      <p className="muted" role="status">
        {list.loading ? 'Loading…' : `${list.data?.total ?? 0} orders`}
      </p>
      <ScrollTable label="Orders">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/admin/orders/${o.id}`}>{o.number}</Link>
                </td>
                <td>{formatDate(o.createdAt)}</td>
                <td>{o.shippingAddress?.name}</td>
                <td>
                  <StatusPill status={o.status} />
                </td>
                <td className="num">
                  <Price paisa={o.total} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager
        page={page}
        pages={pages}
        href={(n) => `/admin/orders?${new URLSearchParams({ ...(status ? { status } : {}), page: String(n) })}`}
      />
    </section>
  );
}

export function OrderAdminDetail() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const order = useApi((signal) => api.get<AdminOrder>(`/admin/orders/${id}`, undefined, signal), [id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(order.data ? `Admin · ${order.data.number}` : 'Admin · Order');

  async function move(to: OrderStatus) {
    setBusy(true);
    setError(null);
    try {
      order.setData(await api.patch<AdminOrder>(`/admin/orders/${id}/status`, { status: to }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (order.loading && !order.data) return <p role="status">Loading order…</p>;
  if (!order.data) return <ErrorBox message={order.error ?? 'Order not found.'} />;
  const o = order.data;
  const next = NEXT_STATUSES[o.status] ?? [];

  return (
    <section aria-labelledby="aod-title" className="stack">
      <p>
        <Link to="/admin/orders">← Orders</Link>
      </p>
      <h1 id="aod-title">Order {o.number}</h1>
      <p>
        <StatusPill status={o.status} /> · <Price paisa={o.total} /> · {PAYMENT_LABELS[o.paymentMethod]} · placed{' '}
        {formatDate(o.createdAt)}
      </p>
      <ErrorBox message={error} />
      {can(user, 'orders:manage') && next.length > 0 && (
        <div className="row" role="group" aria-label="Change status">
          {next.map((to) => (
            <button key={to} type="button" className={to === 'cancelled' ? 'secondary danger' : 'primary'} disabled={busy} onClick={() => void move(to)}>
              Mark as {STATUS_LABELS[to].toLowerCase()}
            </button>
          ))}
        </div>
      )}
      <h2 className="h3">Items</h2>
      <ul>
        {o.items.map((item) => (
          <li key={item.productId}>
            {item.quantity} × {item.name} ({item.sku}) · <Price paisa={item.lineTotal} />
          </li>
        ))}
      </ul>
      <h2 className="h3">Ship to</h2>
      <p>
        {o.shippingAddress.name} · {o.shippingAddress.phone} · {o.shippingAddress.line1}, {o.shippingAddress.city}
      </p>
      <h2 className="h3">Status history</h2>
      <ol className="history">
        {o.history.map((h, i) => (
          <li key={i}>
            <strong>{STATUS_LABELS[h.to as OrderStatus] ?? h.to}</strong>
            {h.from ? ` (from ${STATUS_LABELS[h.from as OrderStatus] ?? h.from})` : ''} · {formatDate(h.at)} · by {h.actor}
            {h.note ? ` · ${h.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
