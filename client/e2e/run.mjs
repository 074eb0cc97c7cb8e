// End-to-end tests against the real app (E2E_BASE_URL), driven by playwright-core and the system Chromium.
// Each test is independent and gets its own browser context; failures save a screenshot.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium as playwright } from 'playwright-core';

import { checkBundle } from '../scripts/check-bundle.mjs';

const BASE = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? 'admin@dhakacart.local';
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'Admin-pass-123';
const RUN = Date.now().toString(36);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const TIMEOUT = 15_000;
let userSeq = 0;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

async function http(path, { method = 'GET', body, token, headers = {} } = {}) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Auth routes are rate limited per IP. Should the suite ever exceed the limit, wait until the window the
    // server names in Retry-After has passed, and say so: the run is then slower, not silently different.
    if (response.status === 429 && attempt < 2) {
      const seconds = Number(response.headers.get('retry-after')) || 60;
      console.log(`    ${method} ${path}: rate limited (429), waiting ${seconds} s for the window to reopen (Retry-After)`);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      continue;
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }
}

function newEmail(tag) {
  userSeq += 1;
  return `e2e-${tag}-${RUN}-${userSeq}@example.com`;
}

async function registerViaApi(tag) {
  const email = newEmail(tag);
  const password = 'Customer-pass-123';
  const res = await http('/api/v1/auth/register', { method: 'POST', body: { email, password, name: `E2E ${tag}` } });
  assert(res.status === 201, `register ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

async function adminTokens() {
  const res = await http('/api/v1/auth/login', { method: 'POST', body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  assert(res.status === 200, `admin login: ${res.status}`);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** A product with enough stock, different for each caller so tests do not compete for units. */
let productCursor = 0;
async function pickProduct(minStock = 20) {
  const res = await http('/api/v1/products?limit=100&sort=name');
  const candidates = res.body.items.filter((p) => p.stock >= minStock);
  assert(candidates.length > productCursor, 'enough products in stock');
  return candidates[productCursor++];
}

/** Signs a browser context in by putting the tokens where the app keeps them. */
async function signInContext(context, tokens) {
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      localStorage.setItem('dhakacart.session', value);
      sessionStorage.setItem('e2e.seeded', '1');
    }
  }, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
}

async function fillCheckout(page, payment = 'Cash on delivery') {
  await page.getByLabel('Name', { exact: true }).fill('Rahim Uddin');
  await page.getByLabel('Phone', { exact: true }).fill('01712345678');
  await page.getByLabel('Address', { exact: true }).fill('House 12, Road 5, Dhanmondi');
  await page.getByLabel('City', { exact: true }).fill('Dhaka');
  await page.getByLabel(payment).check();
}

/**
 * Waits for a client-side (history API) navigation to reach `url`. Such a navigation has no load event of its own,
 * so this waits for the URL alone; what the new page shows is then waited for by the caller.
 */
async function routedTo(page, url) {
  await page.waitForURL(url, { waitUntil: 'commit' });
}

async function myOrders(token) {
  const res = await http('/api/v1/orders?limit=50', { token });
  assert(res.status === 200, `GET /orders: ${res.status}`);
  return res.body;
}

async function sessionFrom(page) {
  return JSON.parse(await page.evaluate(() => localStorage.getItem('dhakacart.session') ?? 'null'));
}

async function shot(page, outDir, name, fullPage = false) {
  const dir = resolve(outDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage });
}

// ---------------------------------------------------------------------------------------------------------------

test('bundle: first-page JS < 200 KB gzipped and the admin area is a separate lazy chunk', async () => {
  const result = checkBundle();
  console.log(`    first-page JS ${(result.firstPageGzip / 1024).toFixed(1)} KB gzipped; admin chunk ${result.adminChunks?.join(', ')}`);
  assert(result.ok, result.problems.join('; '));
});

test('a new customer registers, searches, adds to cart, checks out, finds the order and cancels it', async ({ browser }) => {
  const product = await pickProduct();
  const context = await browser.newContext({ baseURL: BASE, viewport: PHONE });
  const page = await context.newPage();
  const email = newEmail('journey');

  await page.goto('/register');
  await page.getByLabel('Name').fill('Karim Ahmed');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Customer-pass-123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  await page.getByLabel('Search products').fill(product.name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await routedTo(page, /\/products\?q=/);
  await page.getByRole('link', { name: product.name }).first().click();
  await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
  const priceText = await page.locator('.product-price').innerText();
  assert(/^৳[\d,]+\.\d{2}$/.test(priceText.trim()), `price shown as BDT: ${priceText}`);
  await page.getByRole('button', { name: 'Increase quantity' }).click();
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.getByText('Added 2 ×').waitFor();

  await page.getByRole('link', { name: /^Cart, 2 items/ }).click();
  await page.getByText(product.name, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  await routedTo(page, /\/checkout$/);
  await fillCheckout(page, 'bKash');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await page.getByRole('heading', { name: 'Order placed' }).waitFor();
  const number = (await page.getByTestId('order-number').innerText()).trim();
  assert(/^DC-\d+/.test(number), `order number ${number}`);

  await page.getByRole('link', { name: 'My orders' }).click();
  await page.getByRole('link', { name: new RegExp(number) }).click();
  await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
  await page.getByText('Pending payment').first().waitFor();
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await page.getByRole('button', { name: 'Yes, cancel order' }).click();
  await page.getByText('Order cancelled.').waitFor();
  await page.locator('.pill', { hasText: 'Cancelled' }).waitFor();
  await context.close();
});

test('a double click on "Place order" creates exactly one order', async ({ browser }) => {
  const customer = await registerViaApi('double');
  const product = await pickProduct();
  const added = await http('/api/v1/cart/items', { method: 'POST', token: customer.accessToken, body: { productId: product.id, quantity: 1 } });
  assert(added.status === 201 || added.status === 200, `add to cart ${added.status}`);
  const context = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  await signInContext(context, customer);
  const page = await context.newPage();
  const keys = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/orders')) keys.push(r.headers()['idempotency-key']);
  });
  await page.goto('/checkout');
  await fillCheckout(page);
  await page.getByRole('button', { name: 'Place order', exact: true }).dblclick();
  await page.getByRole('heading', { name: 'Order placed' }).waitFor();
  const orders = await myOrders(customer.accessToken);
  assert(orders.total === 1, `expected exactly one order, found ${orders.total}`);
  assert(keys.length >= 1 && keys.every((k) => k && k === keys[0]), `one idempotency key: ${keys.join(',')}`);
  await context.close();
});

test('a retry after a lost response reuses the idempotency key and still places one order', async ({ browser }) => {
  const customer = await registerViaApi('retry');
  const product = await pickProduct();
  await http('/api/v1/cart/items', { method: 'POST', token: customer.accessToken, body: { productId: product.id, quantity: 1 } });
  const context = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  await signInContext(context, customer);
  const page = await context.newPage();
  const keys = [];
  let dropped = false;
  await page.route('**/api/v1/orders', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (!dropped) {
      dropped = true;
      await route.fetch(); // the server places the order...
      return route.abort('connectionreset'); // ...but the answer never reaches the browser
    }
    return route.continue();
  });
  await page.goto('/checkout');
  await fillCheckout(page, 'Card');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Could not reach DhakaCart' }).waitFor();
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  await page.getByRole('heading', { name: 'Order placed' }).waitFor();
  assert(keys.length === 2 && keys[0] === keys[1], `same key on retry: ${keys.join(',')}`);
  const orders = await myOrders(customer.accessToken);
  assert(orders.total === 1, `expected one order after retry, found ${orders.total}`);
  await context.close();
});

test('an admin creates a product with stock and a customer then finds it by search', async ({ browser, outDir }) => {
  const name = `E2E Gadget ${RUN}`;
  const sku = `E2E-${RUN}`.toUpperCase();
  const admin = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  const page = await admin.newPage();
  const adminChunkLoads = [];
  page.on('request', (r) => {
    if (/AdminApp-[\w-]+\.js$/.test(r.url())) adminChunkLoads.push(r.url());
  });
  await page.goto('/signin');
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Admin' }).waitFor();
  assert(adminChunkLoads.length === 0, 'admin chunk not loaded before the admin area is visited');
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
  assert(adminChunkLoads.length === 1, 'admin chunk loaded when visiting /admin');
  await page.getByText('System status: all systems operational').waitFor();
  await page.getByRole('link', { name: 'New product' }).click();
  await page.getByLabel('SKU').fill(sku);
  await page.getByLabel('Product name').fill(name);
  await page.getByLabel('Description').fill('A test gadget created by the end-to-end suite.');
  await page.getByLabel('Price (৳)').fill('1299');
  await page.getByLabel('Category').selectOption('gaming');
  await page.getByLabel('Initial stock').fill('3');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByText('on hand 3').waitFor();
  await page.getByRole('link', { name: '← Products' }).click();
  // The list shown before a search may already hold the new product, and the count after one is already on
  // screen when the search is cleared: wait for each search's own answer.
  await page.getByLabel('Search products by name or SKU').fill(sku);
  await page.getByRole('button', { name: 'Search', exact: true }).last().click();
  await routedTo(page, (url) => url.searchParams.get('q') === sku);
  await page.getByText(/^1 products?$/).waitFor();
  await page.getByRole('link', { name, exact: true }).waitFor();
  await page.getByLabel('Search products by name or SKU').fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).last().click();
  await routedTo(page, (url) => url.pathname === '/admin/products' && !url.searchParams.has('q'));
  await page.locator('tbody tr').nth(1).waitFor(); // more than the one match: the whole catalogue is back
  await page.getByText(/^\d+ products$/).waitFor();
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    await shot(page, outDir, `${label}-admin-products`);
  }
  await admin.close();

  const customer = await browser.newContext({ baseURL: BASE, viewport: PHONE });
  const shop = await customer.newPage();
  await shop.goto('/');
  await shop.getByLabel('Search products').fill(name);
  await shop.getByLabel('Search products').press('Enter');
  await shop.getByRole('link', { name, exact: true }).click();
  await shop.getByRole('heading', { level: 1, name }).waitFor();
  await shop.getByText('৳1,299.00').waitFor();
  await shop.getByText('Only 3 left').waitFor();
  await customer.close();
});

test('an admin moves an order through its statuses, changes roles and sees the audit log', async ({ browser }) => {
  const customer = await registerViaApi('adminflow');
  const product = await pickProduct();
  await http('/api/v1/cart/items', { method: 'POST', token: customer.accessToken, body: { productId: product.id, quantity: 1 } });
  const placed = await http('/api/v1/orders', {
    method: 'POST',
    token: customer.accessToken,
    headers: { 'Idempotency-Key': `e2e-${RUN}-adminflow` },
    body: { shippingAddress: { name: 'Admin Flow', phone: '01812345678', line1: 'Road 1, Gulshan', city: 'Dhaka' }, paymentMethod: 'card' },
  });
  assert(placed.status === 201, `order placed via API (${placed.status})`);
  const number = placed.body.number;

  const context = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  await signInContext(context, await adminTokens());
  const page = await context.newPage();
  await page.goto('/admin/orders');
  await page.getByLabel('Status').selectOption('pending_payment');
  await routedTo(page, /status=pending_payment/);
  await page.getByRole('link', { name: number }).click();
  await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
  await page.getByRole('button', { name: 'Mark as paid' }).click();
  await page.getByRole('button', { name: 'Mark as shipped' }).click();
  await page.getByRole('button', { name: 'Mark as delivered' }).click();
  await page.locator('.pill', { hasText: 'Delivered' }).waitFor();
  assert((await page.locator('.history li').count()) === 4, 'status history lists every step');
  assert((await page.getByRole('button', { name: /^Mark as/ }).count()) === 0, 'no moves after delivered');

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users by email or name').fill(customer.email);
  await page.getByRole('button', { name: 'Search', exact: true }).last().click();
  await routedTo(page, (url) => url.searchParams.get('q') === customer.email);
  const row = page.getByRole('row', { name: new RegExp(customer.email.replace(/[.+]/g, '\\$&')) });
  await row.getByLabel('support').check();
  await row.getByRole('button', { name: `Save roles for ${customer.email}` }).click();
  await row.getByText('Roles saved.').waitFor();
  const me = await http('/api/v1/auth/me', { token: customer.accessToken });
  assert(me.status === 200, 'customer still signed in');

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.locator('tbody tr').first().waitFor();
  assert((await page.locator('tbody tr').count()) >= 4, 'audit log lists the admin writes');
  await context.close();
});

test('a customer cannot reach the admin area', async ({ browser }) => {
  const customer = await registerViaApi('noadmin');
  const context = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  await signInContext(context, customer);
  const page = await context.newPage();
  const adminCalls = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/admin') || /AdminApp-[\w-]+\.js$/.test(r.url())) adminCalls.push(r.url());
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert((await page.getByRole('link', { name: 'Admin' }).count()) === 0, 'no admin link for customers');
  await page.goto('/admin/products');
  await page.getByRole('heading', { name: 'Not authorised' }).waitFor();
  assert((await page.getByRole('table').count()) === 0, 'no admin data shown');
  assert(adminCalls.length === 0, `no admin code or API calls: ${adminCalls.join(', ')}`);
  const api = await http('/api/v1/admin/products', { token: customer.accessToken });
  assert(api.status === 403, `admin API refuses customers (${api.status})`);
  await context.close();
});

test('tokens refresh silently; an invalid session goes to sign in and back to the page', async ({ browser }) => {
  const customer = await registerViaApi('session');
  const product = await pickProduct();
  const added = await http('/api/v1/cart/items', { method: 'POST', token: customer.accessToken, body: { productId: product.id, quantity: 1 } });
  assert(added.status === 201 || added.status === 200, `add to cart ${added.status}`);
  const context = await browser.newContext({ baseURL: BASE, viewport: PHONE });
  await signInContext(context, customer);
  const page = await context.newPage();
  if (process.env.E2E_DEBUG) {
    page.on('response', (r) => r.url().includes('/api/') && console.log('    ', r.request().method(), r.url().replace(BASE, ''), r.status()));
    page.on('framenavigated', (f) => f === page.mainFrame() && console.log('     navigated to', f.url().replace(BASE, '')));
  }

  // An expired access token with a good refresh token: refreshed silently, the page just works.
  await page.goto('/account/orders');
  await page.getByRole('heading', { name: 'My orders' }).waitFor();
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('dhakacart.session'));
    localStorage.setItem('dhakacart.session', JSON.stringify({ ...s, accessToken: 'expired.access.token' }));
  });
  await page.reload();
  await page.getByRole('heading', { name: 'My orders' }).waitFor();
  await page.getByText('You have no orders yet.').waitFor();
  const refreshed = await sessionFrom(page);
  assert(refreshed.accessToken !== 'expired.access.token', 'access token was refreshed');

  // The whole session is dead while browsing: next action goes to sign in, then back where the customer was.
  await page.goto('/products?category=audio&sort=price_asc');
  await page.getByRole('heading', { name: 'Audio' }).waitFor();
  // The session is only killed once the page has finished loading it (/auth/me, then the cart, shown in the
  // header). Killed earlier, that background cart load finds it dead first and sends the customer to sign in from
  // this page, before the click below is the "next action".
  await page.getByRole('link', { name: 'Cart, 1 item' }).waitFor();
  await page.evaluate(() =>
    localStorage.setItem('dhakacart.session', JSON.stringify({ accessToken: 'bad', refreshToken: 'bad' })),
  );
  await page.getByRole('link', { name: /^Cart,/ }).click();
  await routedTo(page, /\/signin\?redirect=%2Fcart&expired=1$/);
  await page.getByText('Your session has expired').waitFor();
  await page.getByLabel('Email').fill(customer.email);
  await page.getByLabel('Password').fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await routedTo(page, /\/cart$/);
  await page.getByRole('heading', { name: 'Your cart' }).waitFor();
  await page.getByText(product.name, { exact: true }).waitFor();

  // A signed-out visitor opening a private page is sent to sign in with the page as the redirect.
  // Signing out ends with the app going home once the server has revoked the session; a new page load before that
  // would cut the logout request off.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await routedTo(page, (url) => url.pathname === '/');
  // The URL changes before React renders the new page: for a moment the signed-out cart page (with its own "Sign in"
  // link) is still on screen, so look for the header's link only.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
  await page.goto('/account/orders');
  await routedTo(page, /\/signin\?redirect=%2Faccount%2Forders$/);
  await context.close();
});

test('keyboard: tab to "Add to cart" and press Enter adds the product', async ({ browser }) => {
  const customer = await registerViaApi('keys');
  const product = await pickProduct();
  const context = await browser.newContext({ baseURL: BASE, viewport: DESKTOP });
  await signInContext(context, customer);
  const page = await context.newPage();
  await page.goto(`/products/${product.slug}`);
  await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Add to cart');
  }
  assert(reached, 'Add to cart reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== 'none', `visible focus outline (${outline})`);
  await page.keyboard.press('Enter');
  await page.getByText(`Added 1 × ${product.name}`).waitFor();
  await page.getByRole('link', { name: 'Cart, 1 item' }).waitFor();
  await context.close();
});

test('screenshots of the storefront at phone and desktop widths', async ({ browser, outDir }) => {
  const customer = await registerViaApi('shots');
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const product = await pickProduct();
    const context = await browser.newContext({ baseURL: BASE, viewport });
    await signInContext(context, customer);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Featured products' }).waitFor();
    await page.locator('.product-card').first().waitFor();
    await shot(page, outDir, `${label}-home`);
    await page.goto('/products?category=smartphones&sort=price_asc');
    await page.locator('.product-card').first().waitFor();
    await shot(page, outDir, `${label}-product-grid`);
    await page.goto(`/products/${product.slug}`);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    await page.getByRole('button', { name: 'Add to cart', exact: true }).waitFor();
    await shot(page, outDir, `${label}-product`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added 1 ×').waitFor();
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Checkout', exact: true }).waitFor();
    await shot(page, outDir, `${label}-cart`);
    await page.getByRole('button', { name: 'Checkout', exact: true }).click();
    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order', exact: true }).focus();
    await shot(page, outDir, `${label}-checkout`, true);
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByRole('heading', { name: 'Order placed' }).waitFor();
    await shot(page, outDir, `${label}-order-placed`);
    await context.close();
  }
});

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now; returns the serious and critical violations. */
async function axeViolations(page) {
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('accessibility: axe finds no serious or critical WCAG 2.1 AA violation on the main pages, phone and desktop', async ({ browser }) => {
  const customer = await registerViaApi('axe');
  const admin = await adminTokens();
  const product = await pickProduct();
  // bypassCSP: the app's Content-Security-Policy (script-src 'self') would refuse the injected axe script.
  const problems = [];
  let pagesChecked = 0;
  const audit = async (page, name) => {
    pagesChecked += 1;
    for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
  };
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const guest = await browser.newContext({ baseURL: BASE, viewport, bypassCSP: true });
    const page = await guest.newPage();
    await page.goto('/');
    await page.locator('.product-card').first().waitFor();
    await audit(page, `${label} home`);
    await page.goto('/products?q=a&sort=price_asc');
    await page.locator('.product-card').first().waitFor();
    await audit(page, `${label} product grid`);
    await page.goto(`/products/${product.slug}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).waitFor();
    await audit(page, `${label} product`);
    await page.goto('/signin');
    await page.getByLabel('Password', { exact: true }).waitFor();
    await audit(page, `${label} sign in`);
    await page.goto('/register');
    await page.getByLabel('Password', { exact: true }).waitFor();
    await audit(page, `${label} register`);
    await guest.close();

    const signedIn = await browser.newContext({ baseURL: BASE, viewport, bypassCSP: true });
    await signInContext(signedIn, customer);
    const shop = await signedIn.newPage();
    await shop.goto(`/products/${product.slug}`);
    await shop.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await shop.getByText('Added 1 ×').waitFor();
    await shop.goto('/cart');
    await shop.getByRole('button', { name: 'Checkout', exact: true }).waitFor();
    await audit(shop, `${label} cart`);
    await shop.getByRole('button', { name: 'Checkout', exact: true }).click();
    await shop.getByLabel('City', { exact: true }).waitFor();
    await shop.getByRole('button', { name: 'Place order', exact: true }).click(); // empty form: the errors show
    await audit(shop, `${label} checkout with errors`);
    await shop.goto('/account/orders');
    await shop.getByRole('heading', { level: 1 }).waitFor();
    await audit(shop, `${label} orders`);
    await signedIn.close();

    const staff = await browser.newContext({ baseURL: BASE, viewport, bypassCSP: true });
    await signInContext(staff, admin);
    const adminPage = await staff.newPage();
    for (const path of ['/admin/products', '/admin/orders', '/admin/users', '/admin/audit-log']) {
      await adminPage.goto(path);
      await adminPage.getByRole('heading', { level: 1 }).waitFor();
      await adminPage.locator('table, [role="status"], .empty').first().waitFor();
      await audit(adminPage, `${label} ${path}`);
    }
    await staff.close();
  }
  console.log(`    axe: ${pagesChecked} pages checked, ${problems.length} serious or critical violations`);
  for (const problem of problems) console.log(`      ${problem}`);
  assert(problems.length === 0, `${problems.length} accessibility violations (listed above)`);
});

// ---------------------------------------------------------------------------------------------------------------

export async function runAll({ chromium, outDir }) {
  const browser = await playwright.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const withDefaults = {
    async newContext(options) {
      const context = await browser.newContext(options);
      context.setDefaultTimeout(TIMEOUT);
      return context;
    },
  };
  const only = process.env.E2E_ONLY;
  rmSync(resolve(outDir, 'e2e-failures'), { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  console.log(`e2e against ${BASE}`);
  try {
    for (const t of tests) {
      if (only && !t.name.includes(only)) continue;
      const started = Date.now();
      const pagesBefore = new Set(browser.contexts().flatMap((c) => c.pages()));
      try {
        await withTimeout(t.fn({ browser: withDefaults, outDir }), 90_000);
        passed += 1;
        console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`  ✗ ${t.name} (${Date.now() - started} ms)\n    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
        const open = browser.contexts().flatMap((c) => c.pages()).filter((p) => !pagesBefore.has(p));
        for (const [i, p] of open.entries()) {
          const dir = resolve(outDir, 'e2e-failures');
          mkdirSync(dir, { recursive: true });
          await p.screenshot({ path: resolve(dir, `${t.name.replace(/\W+/g, '-').slice(0, 60)}-${i}.png`), fullPage: true }).catch(() => undefined);
          console.log(`    at ${p.url()}`);
        }
      } finally {
        for (const c of browser.contexts()) await c.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  return { passed, failed };
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

