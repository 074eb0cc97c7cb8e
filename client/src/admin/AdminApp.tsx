import { NavLink, Route, Routes } from 'react-router-dom';

import { can, useAuth } from '../lib/auth';
import { AuditLog } from './AuditLog';
import { HealthBanner } from './HealthBanner';
import { OrderAdminDetail, OrdersAdmin } from './OrdersAdmin';
import { ProductEdit, ProductsAdmin } from './ProductsAdmin';
import { UsersAdmin } from './UsersAdmin';
import './admin.css';

export default function AdminApp() {
  const { user } = useAuth();
  const catalog = can(user, 'catalog:write') || can(user, 'inventory:write');
  return (
    <div className="admin">
      <HealthBanner />
      <nav aria-label="Admin" className="admin-nav">
        {catalog && <NavLink to="/admin/products">Products</NavLink>}
        {can(user, 'orders:read') && <NavLink to="/admin/orders">Orders</NavLink>}
        {can(user, 'users:read') && <NavLink to="/admin/users">Users</NavLink>}
        {can(user, 'audit:read') && <NavLink to="/admin/audit-log">Audit log</NavLink>}
      </nav>
      <Routes>
        <Route index element={catalog ? <ProductsAdmin /> : can(user, 'orders:read') ? <OrdersAdmin /> : <p>Choose a section.</p>} />
        <Route path="products" element={<ProductsAdmin />} />
        <Route path="products/new" element={<ProductEdit />} />
        <Route path="products/:id" element={<ProductEdit />} />
        <Route path="orders" element={<OrdersAdmin />} />
        <Route path="orders/:id" element={<OrderAdminDetail />} />
        <Route path="users" element={<UsersAdmin />} />
        <Route path="audit-log" element={<AuditLog />} />
      </Routes>
    </div>
  );
}
