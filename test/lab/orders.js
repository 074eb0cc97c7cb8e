'use strict';
// The lab's customers: each registers through the API, puts a product in the cart and checks out (cash on
// delivery), like a person on the shop, up to three orders each (the shop's open-order limit), then the next
// customer. Runs in a container on the dhakacart-edge network, like test/lab/loadgen.js, against the api's tasks.
// Prints one JSON line per acknowledged order ({"order": "DC-...", "at": <ms>}: the API answered 201), and one per
// failure ({"error": ...}); on SIGTERM it stops after the requests in flight.
// With RETRY_MS, a checkout the shop could not answer (a 5xx or no answer) is retried with the same idempotency key,
// every 500 ms for up to RETRY_MS, as the storefront does: one {"retry": key, ...} line per failed attempt, and the
// acknowledgement says how many attempts it took and whether the shop replayed an order it had already made.
//
// Usage: node orders.js <dns name>   env: CONCURRENCY (2), PORT (3000), COUNT (0 = until stopped), RUN (a label),
//                                    RETRY_MS (0: no retry)
const dns = require('node:dns').promises;
const http = require('node:http');

const name = process.argv[2];
const port = Number(process.env.PORT ?? 3000);
const concurrency = Number(process.env.CONCURRENCY ?? 2);
const count = Number(process.env.COUNT ?? 0);
const run = process.env.RUN ?? String(Date.now());
const retryMs = Number(process.env.RETRY_MS ?? 0);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
let running = true;
let placed = 0;
let customers = 0;
let next = 0;

const randomIp = () => `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`;

async function request(method, path, { body, token, ip, key } = {}) {
  const addresses = await dns.resolve4(name);
  const host = addresses[next++ % addresses.length];
  const data = body === undefined ? undefined : JSON.stringify(body);
  const started = Date.now();
  // Which step, which api task and how long: tells a slow replica or network from a slow database.
  const failed = (err) =>
    new Error(`${method} ${path.split('?')[0]} to ${host}: ${err.message} after ${Date.now() - started} ms`);
  return new Promise((resolve, reject) => {
    const headers = { 'x-forwarded-for': ip };
    if (data !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    if (key) headers['idempotency-key'] = key;
    const req = http.request({ host, port, path, method, agent, headers, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = { raw: text.slice(0, 200) };
        }
        resolve({ status: res.statusCode, json, replayed: res.headers['idempotent-replayed'] === 'true' });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(failed(err)));
    req.end(data);
  });
}

async function customer(products) {
  const ip = randomIp();
  const email = `lab-${run}-${customers++}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const reg = await request('POST', '/api/v1/auth/register', {
    body: { email, password: 'lab-password-1', name: 'Lab Customer' },
    ip,
  });
  if (reg.status !== 201) throw new Error(`register: HTTP ${reg.status} ${JSON.stringify(reg.json).slice(0, 200)}`);
  const token = reg.json.accessToken;
  for (let i = 0; i < 3 && running && (count === 0 || placed < count); i += 1) {
    if (products.length === 0) throw new Error('every product is sold out');
    const productId = products[(Math.random() * products.length) | 0];
    const cart = await request('POST', '/api/v1/cart/items', { body: { productId, quantity: 1 }, token, ip });
    if (cart.status === 409 && cart.json.code === 'OUT_OF_STOCK') {
      // Sold out, as a customer would find it: another product instead (the shop said no; nothing was lost).
      products.splice(products.indexOf(productId), 1);
      i -= 1;
      continue;
    }
    if (cart.status >= 300) throw new Error(`cart: HTTP ${cart.status} ${JSON.stringify(cart.json).slice(0, 200)}`);
    const key = `${email}-${i}`;
    const firstAt = Date.now();
    let order;
    for (let attempt = 1; ; attempt += 1) {
      try {
        order = await request('POST', '/api/v1/orders', {
          body: {
            shippingAddress: { name: 'Lab Customer', phone: '+8801712345678', line1: 'Road 1', city: 'Dhaka' },
            paymentMethod: 'cod',
          },
          token,
          ip,
          key,
        });
      } catch (err) {
        if (retryMs === 0) throw err;
        order = { status: 0, json: { error: String(err.message ?? err) } };
      }
      order.attempts = attempt;
      const retriable = order.status === 0 || order.status >= 500;
      if (order.status === 201 || !retriable || retryMs === 0 || Date.now() - firstAt > retryMs) break;
      process.stdout.write(`${JSON.stringify({ retry: key, status: order.status, at: Date.now() })}\n`);
      await new Promise((r) => setTimeout(r, 500));
    }
    if (order.status !== 201) throw new Error(`order: HTTP ${order.status} ${JSON.stringify(order.json).slice(0, 200)}`);
    placed += 1;
    const ack = { order: order.json.number, at: Date.now(), key, attempts: order.attempts, replayed: order.replayed };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
}

// The catalog, as a customer opens it: tried again for up to a minute while the shop has no api task answering (all
// replicas restarting after a long dependency outage, as after backups 2), so the load starts once the shop serves.
async function listPage(page) {
  const started = Date.now();
  for (;;) {
    try {
      const list = await request('GET', `/api/v1/products?limit=100&page=${page}`, { ip: randomIp() });
      if (list.status === 200) return list.json.items ?? [];
      if (Date.now() - started > 60_000) throw new Error(`products: HTTP ${list.status}`);
    } catch (err) {
      if (Date.now() - started > 60_000) throw err;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main() {
  const products = [];
  for (let page = 1; page <= 5; page += 1) {
    products.push(...(await listPage(page)).filter((p) => p.stock > 0).map((p) => p.id));
  }
  if (products.length === 0) throw new Error('no product in stock on the first five pages');
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (running && (count === 0 || placed < count)) {
        try {
          await customer(products);
        } catch (err) {
          process.stdout.write(`${JSON.stringify({ error: String(err.message ?? err), at: Date.now() })}\n`);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }),
  );
}

process.on('SIGTERM', () => {
  running = false;
});
main().then(
  () => process.exit(0),
  (err) => {
    process.stdout.write(`${JSON.stringify({ error: String(err.message ?? err), fatal: true })}\n`);
    process.exit(1);
  },
);
