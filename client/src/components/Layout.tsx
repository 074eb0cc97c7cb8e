import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';

import { isAdmin, useAuth } from '../lib/auth';
import { Icon } from './icons';
import { itemCount, useCartState } from '../lib/cartStore';
import { cartStore } from '../lib/store';

function HeaderSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const initial = location.pathname === '/products' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const params = new URLSearchParams();
    if (q.trim()) params.set('q', q.trim());
    navigate(`/products${params.size ? `?${params}` : ''}`);
  }

  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        Search products
      </label>
      <input
        id="site-search"
        type="search"
        placeholder="Search phones, laptops, TVs…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
      />
      <button type="submit">Search</button>
    </form>
  );
}

export function Layout() {
  const { user, signOut } = useAuth();
  const { cart } = useCartState(cartStore);
  const count = itemCount(cart);
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // Move focus to the page on navigation so keyboard and screen-reader users start at the new content.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-row container">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              DC
            </span>
            <span className="brand-name">DhakaCart</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/products">Products</NavLink>
            {isAdmin(user) && <NavLink to="/admin">Admin</NavLink>}
            {user ? (
              <>
                <NavLink to="/account/orders">My orders</NavLink>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    void signOut().then(() => navigate('/'));
                  }}
                >
                  Sign out
                </button>
              </>
            ) : (
              <NavLink to={`/signin?redirect=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</NavLink>
            )}
            <NavLink to="/cart" className="cart-link" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
              <Icon name="cart" size={22} /> <span className="cart-word">Cart</span> <span className="badge" aria-hidden="true">{count}</span>
            </NavLink>
          </nav>
        </div>
        <div className="container">
          <HeaderSearch />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="container">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>DhakaCart · Electronics delivered across Bangladesh · Prices in BDT incl. VAT</p>
        </div>
      </footer>
    </>
  );
}
