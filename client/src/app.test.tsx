import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { cartStore } from './lib/store';
import { admin, cart, customer, installFakeApi, product, signedIn } from './test/fakeApi';
import { currentLocation, renderApp } from './test/renderApp';

beforeEach(() => {
  cartStore.reset();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, limit: 24 });

describe('product page', () => {
  it('shows the BDT price, stock state, a quantity picker and "Add to cart"', async () => {
    installFakeApi(({ path }) => (path === `/products/${product.slug}` ? { body: product } : undefined));
    renderApp(`/products/${product.slug}`);
    expect(await screen.findByRole('heading', { level: 1, name: product.name })).toBeInTheDocument();
    expect(screen.getByText('৳1,299.00')).toBeInTheDocument();
    expect(screen.getByText('Only 3 left')).toBeInTheDocument();
    expect(screen.getByLabelText('Quantity')).toHaveValue(1);
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
  });

  it('disables buying when out of stock', async () => {
    installFakeApi(({ path }) => (path.startsWith('/products/') ? { body: { ...product, stock: 0 } } : undefined));
    renderApp(`/products/${product.slug}`);
    expect(await screen.findByText('Out of stock')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeDisabled();
  });

  it('sends a signed-out visitor to sign in and back', async () => {
    installFakeApi(({ path }) => (path.startsWith('/products/') ? { body: { ...product, stock: 50 } } : undefined));
    renderApp(`/products/${product.slug}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Add to cart' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(currentLocation).toBe(`/signin?redirect=${encodeURIComponent(`/products/${product.slug}`)}`);
  });

  it('should not send a signed-in customer to sign in when "Add to cart" is pressed while the session is checked', async () => {
    signedIn();
    let answerMe!: () => void;
    const meAnswered = new Promise<void>((r) => (answerMe = r));
    installFakeApi(({ method, path }) => {
      if (path === '/auth/me') return meAnswered.then(() => ({ body: customer }));
      if (path === '/cart' && method === 'GET') return { body: { items: [], subtotal: 0, currency: 'BDT' } };
      if (path === '/cart/items' && method === 'POST') return { status: 201, body: cart };
      if (path.startsWith('/products/')) return { body: { ...product, stock: 50 } };
      return undefined;
    });
    renderApp(`/products/${product.slug}`);
    await screen.findByRole('heading', { level: 1, name: product.name });
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeDisabled();
    answerMe();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add to cart' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByText(/Added 1 × Walton Pro 12 Phone/)).toBeInTheDocument();
    expect(currentLocation).toBe(`/products/${product.slug}`);
  });

  it('adds the chosen quantity for a signed-in customer', async () => {
    signedIn();
    const { requests } = installFakeApi(({ method, path, body }) => {
      if (path === '/auth/me') return { body: customer };
      if (path === '/cart' && method === 'GET') return { body: { items: [], subtotal: 0, currency: 'BDT' } };
      if (path === '/cart/items' && method === 'POST') {
        const quantity = (body as { quantity: number }).quantity;
        return { status: 201, body: { ...cart, items: [{ ...cart.items[0], quantity }] } };
      }
      if (path.startsWith('/products/')) return { body: { ...product, stock: 50 } };
      return undefined;
    });
    renderApp(`/products/${product.slug}`);
    await screen.findByRole('button', { name: 'Sign out' });
    await userEvent.click(await screen.findByRole('button', { name: 'Increase quantity' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByText(/Added 2 × Walton Pro 12 Phone/)).toBeInTheDocument();
    expect(requests.find((r) => r.path === '/cart/items')?.body).toEqual({ productId: 'p1', quantity: 2 });
    expect(screen.getByRole('link', { name: 'Cart, 2 items' })).toBeInTheDocument();
  });
});

describe('product grid', () => {
  it('reads filters from the URL, asks the API in paisa, and writes changes back to the URL', async () => {
    const { requests } = installFakeApi(({ path }) => {
      if (path === '/categories') return { body: [product.category, { id: 'c2', slug: 'laptops', name: 'Laptops' }] };
      if (path === '/products') return { body: { ...page([product]), total: 60 } };
      return undefined;
    });
    renderApp('/products?q=walton&min=1000&sort=price_asc');
    expect(await screen.findByRole('link', { name: /Walton Pro 12 Phone/ })).toBeInTheDocument();
    const listCall = requests.find((r) => r.path === '/products');
    expect(listCall).toBeDefined();
    const fetched = String(vi.mocked(fetch).mock.calls.find(([u]) => String(u).startsWith('/api/v1/products?'))?.[0]);
    expect(fetched).toContain('q=walton');
    expect(fetched).toContain('minPrice=100000');
    expect(fetched).toContain('sort=price_asc');
    await screen.findByRole('option', { name: 'Laptops' });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'laptops' } });
    await waitFor(() => expect(currentLocation).toBe('/products?q=walton&category=laptops&min=1000&sort=price_asc'));
    await userEvent.click(screen.getByRole('link', { name: 'Next →' }));
    await waitFor(() => expect(currentLocation).toContain('page=2'));
  });
});

describe('cart', () => {
  it('shows the API message when stock runs out and keeps the line', async () => {
    signedIn();
    installFakeApi(({ method, path }) => {
      if (path === '/auth/me') return { body: customer };
      if (path === '/cart' && method === 'GET') return { body: cart };
      if (method === 'PUT') return { status: 409, body: { statusCode: 409, code: 'OUT_OF_STOCK', message: 'Not enough stock for: Walton Pro 12 Phone' } };
      return undefined;
    });
    renderApp('/cart');
    await screen.findByRole('button', { name: 'Checkout' });
    expect(screen.getByText('Subtotal (1 item):', { exact: false })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Increase quantity for walton pro 12 phone' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not enough stock for: Walton Pro 12 Phone');
  });
});

describe('checkout', () => {
  function checkoutApi(onOrder: (headers: Record<string, string>) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>) {
    signedIn();
    return installFakeApi(({ method, path, headers }) => {
      if (path === '/auth/me') return { body: customer };
      if (path === '/cart' && method === 'GET') return { body: cart };
      if (path === '/orders' && method === 'POST') return onOrder(headers);
      if (path === '/orders/o1') return { body: order };
      return undefined;
    });
  }
  const order = {
    id: 'o1',
    number: 'DC-100001',
    status: 'pending_payment',
    items: [],
    subtotal: 129900,
    shippingFee: 6000,
    total: 135900,
    currency: 'BDT',
    paymentMethod: 'cod',
    shippingAddress: { name: 'Rahim', phone: '01712345678', line1: 'Road 5', city: 'Dhaka' },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };

  async function fill() {
    await screen.findByText('1 × Walton Pro 12 Phone');
    await userEvent.type(screen.getByLabelText('Name'), 'Rahim Uddin');
    await userEvent.type(screen.getByLabelText('Phone'), '01712345678');
    await userEvent.type(screen.getByLabelText('Address'), 'House 12, Road 5');
    await userEvent.type(screen.getByLabelText('City'), 'Dhaka');
    await userEvent.click(screen.getByLabelText(/bKash/));
  }

  it('validates the shipping form before sending anything', async () => {
    const { requests } = checkoutApi(() => ({ status: 201, body: order }));
    renderApp('/checkout');
    await screen.findByText('1 × Walton Pro 12 Phone');
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(screen.getByText('Enter the name of the person receiving the order.')).toBeInTheDocument();
    expect(screen.getByLabelText('Phone')).toHaveAttribute('aria-invalid', 'true');
    expect(requests.some((r) => r.path === '/orders')).toBe(false);
  });

  it('a double click places one order with one idempotency key, then confirms', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { requests } = checkoutApi(async () => {
      await gate;
      return { status: 201, body: order };
    });
    renderApp('/checkout');
    await fill();
    const button = screen.getByRole('button', { name: 'Place order' });
    act(() => {
      fireEvent.click(button);
      fireEvent.click(button);
    });
    await waitFor(() => expect(button).toBeDisabled());
    fireEvent.click(button);
    release();
    expect(await screen.findByRole('heading', { name: 'Order placed' })).toBeInTheDocument();
    expect(await screen.findByText('DC-100001')).toBeInTheDocument();
    const posts = requests.filter((r) => r.path === '/orders' && r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers['Idempotency-Key']).toMatch(/.+/);
    expect(posts[0].body).toEqual({
      shippingAddress: { name: 'Rahim Uddin', phone: '01712345678', line1: 'House 12, Road 5', city: 'Dhaka' },
      paymentMethod: 'bkash',
    });
  });

  it('a retry after a failure reuses the same idempotency key', async () => {
    let calls = 0;
    const { requests } = checkoutApi(() =>
      ++calls === 1
        ? { status: 503, body: { statusCode: 503, code: 'UNAVAILABLE', message: 'Service temporarily unavailable' } }
        : { status: 201, body: order },
    );
    renderApp('/checkout');
    await fill();
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Service temporarily unavailable')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await screen.findByRole('heading', { name: 'Order placed' });
    const keys = requests.filter((r) => r.path === '/orders').map((r) => r.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });
});

describe('session and access', () => {
  it('an expired session goes to sign in, then back to the page', async () => {
    signedIn();
    let sessionDead = false;
    installFakeApi(({ path, body, headers }) => {
      if (path === '/auth/refresh') return { status: 401, body: { statusCode: 401, code: 'INVALID_REFRESH_TOKEN', message: 'Invalid refresh token' } };
      if (path === '/auth/login') {
        sessionDead = false;
        return { body: { accessToken: 'fresh', refreshToken: 'r2', expiresIn: 900, user: customer } };
      }
      if (sessionDead || (headers.Authorization !== 'Bearer good' && headers.Authorization !== 'Bearer fresh')) {
        return { status: 401, body: { statusCode: 401, code: 'UNAUTHORIZED', message: 'Unauthorized' } };
      }
      if (path === '/auth/me') return { body: customer };
      if (path === '/cart') return { body: cart };
      if (path === '/orders') return { body: page([]) };
      void body;
      return undefined;
    });
    renderApp('/account/orders?page=1');
    await screen.findByText(/You have no orders yet/);
    sessionDead = true;
    await userEvent.click(screen.getByRole('link', { name: /^Cart,/ }));
    await screen.findByText('Your session has expired. Please sign in again to continue.');
    expect(currentLocation).toBe('/signin?redirect=%2Fcart&expired=1');
    await userEvent.type(screen.getByLabelText('Email'), customer.email);
    await userEvent.type(screen.getByLabelText('Password'), 'Customer-pass-123');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Your cart' });
    expect(currentLocation).toBe('/cart');
  });

  it('a customer sees "Not authorised" at /admin, no admin link, and no admin API call', async () => {
    signedIn();
    const { requests } = installFakeApi(({ path }) => {
      if (path === '/auth/me') return { body: customer };
      if (path === '/cart') return { body: cart };
      return undefined;
    });
    renderApp('/admin/products');
    expect(await screen.findByRole('heading', { name: 'Not authorised' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.path.startsWith('/admin'))).toBe(false);
  });

  it('an admin gets the lazily loaded admin area with the health banner', async () => {
    signedIn();
    installFakeApi(({ path }) => {
      if (path === '/auth/me') return { body: admin };
      if (path === '/cart') return { body: cart };
      if (path === '/admin/products') return { body: page([{ ...product, stockOnHand: 5, stockAllocated: 2, isActive: true }]) };
      if (path === '/health/ready') return { status: 503, body: { status: 'error', error: { redis: { status: 'down', message: 'timeout' } } } };
      return undefined;
    });
    renderApp('/admin');
    expect(await screen.findByRole('heading', { name: 'Products', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Admin' })).toBeInTheDocument();
    expect(await screen.findByText(/System status: degraded \(redis: timeout\)/)).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Walton Pro 12 Phone' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deactivate Walton Pro 12 Phone' })).toBeInTheDocument();
  });
});
