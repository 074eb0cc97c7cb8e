import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, Price, ScrollTable, useDocumentTitle } from '../components/bits';
import { api, errorMessage } from '../lib/api';
import { can, useAuth } from '../lib/auth';
import { paisaToInput, parseBdtToPaisa } from '../lib/money';
import type { AdminProduct, Category, Page } from '../lib/types';
import { useApi } from '../lib/useApi';

const LIMIT = 25;

export function ProductsAdmin() {
  useDocumentTitle('Admin · Products');
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(q);
  const list = useApi((signal) => api.get<Page<AdminProduct>>('/admin/products', { q, page, limit: LIMIT }, signal), [q, page]);
  const [error, setError] = useState<string | null>(null);

  async function toggle(product: AdminProduct) {
    setError(null);
    try {
      if (product.isActive) await api.del(`/admin/products/${product.id}`);
      else await api.patch(`/admin/products/${product.id}`, { isActive: true });
      list.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(search.trim() ? { q: search.trim() } : {});
  }

  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / LIMIT)) : 1;
  return (
    <section aria-labelledby="ap-title">
      <div className="section-head">
        <h1 id="ap-title">Products</h1>
        {can(user, 'catalog:write') && (
          <Link className="button" to="/admin/products/new">
            New product
          </Link>
        )}
      </div>
      <form role="search" onSubmit={submit} className="row">
        <label htmlFor="ap-q" className="visually-hidden">
          Search products by name or SKU
        </label>
        <input id="ap-q" type="search" placeholder="Search by name or SKU" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorBox message={list.error ?? error} onRetry={list.reload} />
      <p className="muted" role="status">
        {list.loading ? 'Loading…' : `${list.data?.total ?? 0} products`}
      </p>
      <ScrollTable label="Products">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                On hand
              </th>
              <th scope="col" className="num">
                Reserved
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((p) => (
              <tr key={p.id} className={p.isActive ? undefined : 'inactive'}>
                <td>
                  <Link to={`/admin/products/${p.id}`}>{p.name}</Link>
                  <span className="muted block small">{p.sku}</span>
                </td>
                <td>{p.category?.name}</td>
                <td className="num">
                  <Price paisa={p.price} />
                </td>
                <td className="num">{p.stockOnHand}</td>
                <td className="num">{p.stockAllocated}</td>
                <td>{p.isActive ? 'Active' : 'Inactive'}</td>
                <td className="actions">
                  <Link to={`/admin/products/${p.id}`} aria-label={`Edit ${p.name}`}>
                    Edit
                  </Link>
                  {can(user, 'catalog:write') && (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`${p.isActive ? 'Deactivate' : 'Activate'} ${p.name}`}
                      onClick={() => void toggle(p)}
                    >
                      {p.isActive ? 'Deactivate' : 'Activate'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager page={page} pages={pages} href={(n) => `/admin/products?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`} />
    </section>
  );
}

interface ProductForm {
  sku: string;
  name: string;
  description: string;
  price: string;
  categorySlug: string;
  stock: string;
  imageUrl: string;
}

const EMPTY: ProductForm = { sku: '', name: '', description: '', price: '', categorySlug: '', stock: '0', imageUrl: '' };

export function validateProductForm(form: ProductForm, creating: boolean): Partial<Record<keyof ProductForm, string>> {
  const errors: Partial<Record<keyof ProductForm, string>> = {};
  if (creating && !/^[A-Za-z0-9-]{2,40}$/.test(form.sku.trim())) errors.sku = 'SKU: 2-40 letters, digits or dashes.';
  if (form.name.trim().length < 2) errors.name = 'Enter a product name.';
  if (!form.description.trim()) errors.description = 'Enter a description.';
  const price = parseBdtToPaisa(form.price);
  if (price === null || price <= 0) errors.price = 'Enter a price in taka, e.g. 1299.00.';
  if (!form.categorySlug) errors.categorySlug = 'Choose a category.';
  if (creating && !/^\d+$/.test(form.stock.trim())) errors.stock = 'Stock is a whole number.';
  return errors;
}

export function ProductEdit() {
  const { id } = useParams();
  const creating = !id;
  useDocumentTitle(creating ? 'Admin · New product' : 'Admin · Edit product');
  const navigate = useNavigate();
  const { user } = useAuth();
  const categories = useApi((signal) => api.get<Category[]>('/categories', undefined, signal), []);
  const product = useApi(
    (signal) => (id ? api.get<AdminProduct>(`/admin/products/${id}`, undefined, signal) : Promise.resolve(null)),
    [id],
  );
  const [form, setForm] = useState<ProductForm>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof ProductForm, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [onHand, setOnHand] = useState('');

  useEffect(() => {
    const p = product.data;
    if (!p) return;
    setForm({
      sku: p.sku,
      name: p.name,
      description: p.description,
      price: paisaToInput(p.price),
      categorySlug: p.category?.slug ?? '',
      stock: String(p.stockOnHand),
      imageUrl: p.imageUrl ?? '',
    });
    setOnHand(String(p.stockOnHand));
  }, [product.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = validateProductForm(form, creating);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const common = {
      name: form.name.trim(),
      description: form.description.trim(),
      price: parseBdtToPaisa(form.price)!,
      categorySlug: form.categorySlug,
      ...(form.imageUrl.trim() ? { imageUrl: form.imageUrl.trim() } : {}),
    };
    try {
      if (creating) {
        const created = await api.post<AdminProduct>('/admin/products', {
          ...common,
          sku: form.sku.trim(),
          stock: Number(form.stock),
        });
        navigate(`/admin/products/${created.id}`, { replace: true, state: { created: true } });
      } else {
        const updated = await api.patch<AdminProduct>(`/admin/products/${id}`, common);
        product.setData(updated);
        setNotice('Product saved.');
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function saveStock(event: FormEvent) {
    event.preventDefault();
    if (!/^\d+$/.test(onHand.trim())) {
      setError('Units on hand is a whole number.');
      return;
    }
    setError(null);
    setNotice(null);
    try {
      const updated = await api.put<AdminProduct>(`/admin/products/${id}/stock`, { onHand: Number(onHand) });
      product.setData(updated);
      setNotice(`Stock set to ${updated.stockOnHand}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function setActive(active: boolean) {
    setError(null);
    try {
      const updated = active
        ? await api.patch<AdminProduct>(`/admin/products/${id}`, { isActive: true })
        : await api.del<AdminProduct>(`/admin/products/${id}`);
      product.setData(updated);
      setNotice(active ? 'Product is on sale again.' : 'Product deactivated: it is hidden from the shop.');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (!creating && product.loading && !product.data) return <p role="status">Loading product…</p>;
  if (!creating && !product.data) return <ErrorBox message={product.error ?? 'Product not found.'} />;

  const input = (key: keyof ProductForm, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`p-${key}`}>{label}</label>
      <input
        id={`p-${key}`}
        value={form[key]}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `p-${key}-error` : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        {...props}
      />
      {errors[key] && (
        <p className="field-error" id={`p-${key}-error`}>
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <section aria-labelledby="pe-title" className="stack">
      <p>
        <Link to="/admin/products">← Products</Link>
      </p>
      <h1 id="pe-title">{creating ? 'New product' : form.name || 'Edit product'}</h1>
      {product.data && (
        <p>
          {product.data.isActive ? 'Active' : 'Inactive'} · on hand {product.data.stockOnHand} · reserved{' '}
          {product.data.stockAllocated} · <Link to={`/products/${product.data.slug}`}>View in shop</Link>
        </p>
      )}
      <div role="status" aria-live="polite">
        {notice && <p className="success">{notice}</p>}
      </div>
      <ErrorBox message={error} />
      {can(user, 'catalog:write') && (
        <form onSubmit={save} className="stack admin-form" noValidate>
          {creating && input('sku', 'SKU', { autoComplete: 'off' })}
          {input('name', 'Product name')}
          <div className="field">
            <label htmlFor="p-description">Description</label>
            <textarea
              id="p-description"
              rows={3}
              value={form.description}
              aria-invalid={errors.description ? true : undefined}
              onChange={(e) => setForm({ ...form, description: e.target.value })}
            />
            {errors.description && <p className="field-error">{errors.description}</p>}
          </div>
          {input('price', 'Price (৳)', { inputMode: 'decimal' })}
          <div className="field">
            <label htmlFor="p-categorySlug">Category</label>
            <select
              id="p-categorySlug"
              value={form.categorySlug}
              aria-invalid={errors.categorySlug ? true : undefined}
              onChange={(e) => setForm({ ...form, categorySlug: e.target.value })}
            >
              <option value="">Choose…</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.id} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
            {errors.categorySlug && <p className="field-error">{errors.categorySlug}</p>}
          </div>
          {creating && input('stock', 'Initial stock', { inputMode: 'numeric' })}
          {input('imageUrl', 'Image URL (optional)', { type: 'url' })}
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {creating ? 'Create product' : 'Save changes'}
            </button>
            {!creating && product.data && (
              <button type="button" className="secondary" onClick={() => void setActive(!product.data!.isActive)}>
                {product.data.isActive ? 'Deactivate' : 'Activate'}
              </button>
            )}
          </div>
        </form>
      )}
      {!creating && can(user, 'inventory:write') && (
        <form onSubmit={saveStock} className="row admin-form">
          <div className="field">
            <label htmlFor="p-onhand">Units on hand</label>
            <input id="p-onhand" inputMode="numeric" value={onHand} onChange={(e) => setOnHand(e.target.value)} />
          </div>
          <button type="submit">Set stock</button>
        </form>
      )}
    </section>
  );
}
