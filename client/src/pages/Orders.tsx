import { Link, useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, Price, useDocumentTitle } from '../components/bits';
import { api } from '../lib/api';
import { Order, Page, STATUS_LABELS } from '../lib/types';
import { useApi } from '../lib/useApi';

export function StatusPill({ status }: { status: string }) {
  return <span className={`pill status-${status}`}>{STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status}</span>;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export default function Orders() {
  useDocumentTitle('My orders');
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const orders = useApi((signal) => api.get<Page<Order>>('/orders', { page, limit: 20 }, signal), [page]);
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / 20)) : 1;

  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      <ErrorBox message={orders.error} onRetry={orders.reload} />
      {orders.loading && !orders.data && <p role="status">Loading your orders…</p>}
      {orders.data && orders.data.items.length === 0 && (
        <p className="empty">
          You have no orders yet. <Link to="/products">Start shopping</Link>
        </p>
      )}
      <ul className="order-list">
        {(orders.data?.items ?? []).map((order) => (
          <li key={order.id} className="order-row">
            <Link to={`/account/orders/${order.id}`} className="order-row-link">
              <span className="order-row-number">{order.number}</span>
              <span className="muted">{formatDate(order.createdAt)}</span>
            </Link>
            <StatusPill status={order.status} />
            <Price paisa={order.total} />
          </li>
        ))}
      </ul>
      <Pager page={page} pages={pages} href={(p) => `/account/orders?page=${p}`} />
    </section>
  );
}
