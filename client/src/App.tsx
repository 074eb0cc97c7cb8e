import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';

import { Layout } from './components/Layout';
import { useDocumentTitle } from './components/bits';
import { isAdmin, Loading, RequireAuth, signInPath, useAuth } from './lib/auth';
import CartPage from './pages/CartPage';
import Checkout from './pages/Checkout';
import Home from './pages/Home';
import NotFound from './pages/NotFound';
import OrderDetail from './pages/OrderDetail';
import OrderPlaced from './pages/OrderPlaced';
import Orders from './pages/Orders';
import ProductPage from './pages/ProductPage';
import Products from './pages/Products';
import Register from './pages/Register';
import SignIn from './pages/SignIn';

// The admin area is its own chunk, fetched only when an admin opens it.
const AdminApp = lazy(() => import('./admin/AdminApp'));

export function NotAuthorised() {
  useDocumentTitle('Not authorised');
  return (
    <section aria-labelledby="denied-title" className="denied">
      <h1 id="denied-title">Not authorised</h1>
      <p>Your account does not have access to the admin area.</p>
      <Link to="/">Back to the shop</Link>
    </section>
  );
}

/** Only users holding an admin permission get the admin chunk; customers are refused before it loads. */
function AdminGate() {
  const { user, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={signInPath(location)} replace />;
  if (!isAdmin(user)) return <NotAuthorised />;
  return (
    <Suspense fallback={<Loading label="Loading admin…" />}>
      <AdminApp />
    </Suspense>
  );
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="products" element={<Products />} />
        <Route path="products/:slug" element={<ProductPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route
          path="checkout"
          element={
            <RequireAuth>
              <Checkout />
            </RequireAuth>
          }
        />
        <Route
          path="orders/:id/placed"
          element={
            <RequireAuth>
              <OrderPlaced />
            </RequireAuth>
          }
        />
        <Route
          path="account/orders"
          element={
            <RequireAuth>
              <Orders />
            </RequireAuth>
          }
        />
        <Route
          path="account/orders/:id"
          element={
            <RequireAuth>
              <OrderDetail />
            </RequireAuth>
          }
        />
        <Route path="account" element={<Navigate to="/account/orders" replace />} />
        <Route path="signin" element={<SignIn />} />
        <Route path="register" element={<Register />} />
        <Route path="admin/*" element={<AdminGate />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
