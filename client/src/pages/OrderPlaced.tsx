import { Link, useLocation, useParams } from 'react-router-dom';

import { ErrorBox, Price, useDocumentTitle } from '../components/bits';
import { api } from '../lib/api';
import { Order, PAYMENT_LABELS, STATUS_LABELS } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function OrderPlaced() {
  useDocumentTitle('Order placed');
  const { id = '' } = useParams();
  const location = useLocation();
  const passed = (location.state as { order?: Order } | null)?.order;
  const loaded = useApi(
    (signal) => (passed && passed.id === id ? Promise.resolve(passed) : api.get<Order>(`/orders/${id}`, undefined, signal)),
    [id],
  );
  const order = loaded.data;

  return (
    <section className="confirmation" aria-labelledby="placed-title">
      <div className="confirmation-card">
        <p className="check" aria-hidden="true">
          ✓
        </p>
        <h1 id="placed-title">Order placed</h1>
        <ErrorBox message={loaded.error} />
        {order && (
          <>
            <p className="order-number">
              Order number <strong data-testid="order-number">{order.number}</strong>
            </p>
            <p>
              Total <Price paisa={order.total} /> · {PAYMENT_LABELS[order.paymentMethod]} · {STATUS_LABELS[order.status]}
            </p>
            <p className="muted">
              We will deliver to {order.shippingAddress.name}, {order.shippingAddress.line1}, {order.shippingAddress.city}.
            </p>
            <div className="row center">
              <Link className="button" to={`/account/orders/${order.id}`}>
                View order
              </Link>
              <Link className="button secondary" to="/products">
                Continue shopping
              </Link>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
