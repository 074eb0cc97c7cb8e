// The benchmark suite: `npm run bench` (full, ~10 min), `npm run bench -- --smoke` (CI, ~1 min),
// `npm run bench -- --soak` (adds a 5-minute memory soak). See docs/benchmarks.md.
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';

import { ScenarioResult, writeMarkdown } from './report';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require(join(ROOT, 'scripts', 'local-services.js')) as {
  startPostgres(dir: string, port: number, opts?: { fsync?: boolean; maxConnections?: number }): string;
  stopPostgres(dir: string): void;
  startRedis(dir: string, port: number): string;
  stopRedis(dir: string, port: number): void;
  freePorts(count: number): Promise<number[]>;
};

const args = new Set(process.argv.slice(2));
const SMOKE = args.has('--smoke');
const SOAK = args.has('--soak');
// `--only=checkout` runs the scenarios whose name contains the word (for profiling one path).
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const DURATION = SMOKE ? 2 : 10;
const CONNECTIONS = 100;
const PRODUCTS = SMOKE ? 1000 : 10_000;
const CUSTOMERS = 1000;
const CHECKOUT_CUSTOMERS = SMOKE ? 3000 : 30_000;
const FLASH_CUSTOMERS = SMOKE ? 400 : 2000;
const FLASH_STOCK = SMOKE ? 100 : 500;
const JWT_SECRET = `bench-only-secret-${Date.now()}-0123456789abcdef`;
const METRICS_TOKEN = `bench-only-metrics-token-${Date.now()}-0123456789`;
const WORDS = [
  'walton',
  'samsung',
  'laptop',
  'headphones',
  'smart tv',
  'power bank',
  'xiaomi',
  'refrigerator',
  'pro',
  'earbuds',
];
const SORTS = ['price_asc', 'price_desc', 'newest', 'name'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Samples the RSS of the given processes every 250 ms while `work` runs; returns the peak (sum). */
async function withPeakRss<T>(
  pids: number[],
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number }> {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(
      peak,
      pids.reduce((sum, pid) => sum + rssMb(pid), 0),
    );
  }, 250);
  try {
    const result = await work();
    return { result, peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

type Request = { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };

/** Runs autocannon against every target at once (one generator per app process, as a load balancer would). */
async function load(
  name: string,
  targets: string[],
  pids: number[],
  next: () => Request,
  options: { connections?: number; duration?: number; amount?: number; timeout?: number } = {},
): Promise<ScenarioResult> {
  const connections = options.connections ?? CONNECTIONS;
  const latencies: number[] = [];
  const { result: runs, peakRssMb } = await withPeakRss(pids, () =>
    Promise.all(
      targets.map((url) => {
        const instance = (
          autocannon as unknown as (
            opts: autocannon.Options,
          ) => autocannon.Instance & PromiseLike<autocannon.Result>
        )({
          url,
          connections: Math.ceil(connections / targets.length),
          ...(options.amount
            ? { amount: Math.ceil(options.amount / targets.length) }
            : { duration: options.duration ?? DURATION }),
          timeout: options.timeout ?? 10,
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const r = next();
                return {
                  ...req,
                  method: r.method ?? 'GET',
                  path: r.path,
                  headers: { ...(r.headers ?? {}) },
                  body: r.body,
                };
              },
            },
          ],
        });
        instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
          latencies.push(responseTime),
        );
        return instance;
      }),
    ),
  );
  latencies.sort((x, y) => x - y);
  const percentile = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const sum = (f: (r: autocannon.Result) => number) => runs.reduce((s, r) => s + f(r), 0);
  const seconds = Math.max(...runs.map((r) => r.duration));
  const total = sum((r) => r.requests.total);
  const ok = sum((r) => r['2xx']);
  const result: ScenarioResult = {
    name,
    processes: targets.length,
    requestsPerSec: Math.round(total / seconds),
    okPerSec: Math.round(ok / seconds),
    p50: percentile(0.5),
    p95: percentile(0.95),
    p99: percentile(0.99),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    status5xx: sum((r) => r['5xx']),
    total,
    peakRssMb,
  };
  console.log(
    `${name.padEnd(34)} ${String(result.requestsPerSec).padStart(7)} req/s  ok ${String(result.okPerSec).padStart(6)}/s  ` +
      `p50 ${result.p50} ms  p95 ${result.p95} ms  p99 ${result.p99} ms  errors ${result.errors}  non2xx ${result.non2xx}  ` +
      `5xx ${result.status5xx}  rss ${peakRssMb} MB`,
  );
  return result;
}

function bareServer(port: number): Promise<Server> {
  const body = JSON.stringify({
    items: [{ id: 1, name: 'Walton Primo', price: 129900 }],
    total: 1,
    page: 1,
    limit: 24,
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function pgbench(adminUrl: string, pgBin: string): number {
  const url = new URL(adminUrl);
  const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port, PGUSER: 'postgres' };
  execFileSync(
    join(pgBin, 'psql'),
    ['-qc', 'DROP DATABASE IF EXISTS pgbench', '-c', 'CREATE DATABASE pgbench', 'postgres'],
    { env },
  );
  execFileSync(join(pgBin, 'pgbench'), ['-i', '-q', '-s', '10', 'pgbench'], { env, stdio: 'ignore' });
  const out = execFileSync(
    join(pgBin, 'pgbench'),
    ['-c', '16', '-j', '2', '-T', String(SMOKE ? 3 : DURATION), '-b', 'tpcb-like', 'pgbench'],
    {
      env,
      encoding: 'utf8',
    },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  console.log(`pgbench (TPC-B-like, 16 clients)    ${Math.round(tps)} tps`);
  return tps;
}

async function seed(db: Client): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'dist', 'migrate.js')], { env: process.env, stdio: 'ignore' });
  execFileSync(process.execPath, [join(ROOT, 'dist', 'seed.js'), '--products', String(PRODUCTS)], {
    env: process.env,
    stdio: 'ignore',
  });
  // Plenty of stock everywhere except the flash-sale product; customers created in bulk (tokens minted directly,
  // so the benchmark measures the shop, not argon2).
  await db.query(`UPDATE stock_level SET stock_on_hand = 1000000`);
  await db.query(
    `INSERT INTO app_user (email, password_hash, name)
     SELECT 'bench-' || g || '@example.com', 'not-a-login-account', 'Bench ' || g FROM generate_series(1, $1) g`,
    [CUSTOMERS + CHECKOUT_CUSTOMERS + FLASH_CUSTOMERS],
  );
  const [{ id: flashId }] = (
    await db.query(
      `INSERT INTO product (sku, slug, name, description, price_paisa, category_id)
       SELECT 'FLASH-1', 'eid-flash-deal-flash-1', 'Eid Flash Deal Phone', 'Limited Eid offer', 999900, id FROM category LIMIT 1 RETURNING id`,
    )
  ).rows as Array<{ id: string }>;
  await db.query(`INSERT INTO stock_level (product_id, stock_on_hand) VALUES ($1, $2)`, [
    flashId,
    FLASH_STOCK,
  ]);
  // Checkout customers: a cart with two random products each; flash customers: the flash product.
  await db.query(
    `INSERT INTO cart (user_id) SELECT id FROM app_user WHERE email LIKE 'bench-%'
       AND split_part(split_part(email, '@', 1), '-', 2)::int > $1`,
    [CUSTOMERS],
  );
  for (const multiplier of [7919, 104729]) {
    await db.query(
      `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM product WHERE is_active AND sku <> 'FLASH-1'),
            n AS (SELECT count(*) AS n FROM p),
            c AS (SELECT c.id AS cart_id, split_part(split_part(u.email, '@', 1), '-', 2)::int AS k
                    FROM cart c JOIN app_user u ON u.id = c.user_id
                   WHERE split_part(split_part(u.email, '@', 1), '-', 2)::int BETWEEN $1 AND $2)
       INSERT INTO cart_line (cart_id, product_id, quantity)
       SELECT c.cart_id, p.id, 1 FROM c CROSS JOIN n JOIN p ON p.rn = (c.k::bigint * $3) % n.n
       ON CONFLICT DO NOTHING`,
      [CUSTOMERS + 1, CUSTOMERS + CHECKOUT_CUSTOMERS, multiplier],
    );
  }
  await db.query(
    `INSERT INTO cart_line (cart_id, product_id, quantity)
     SELECT c.id, $1, 1 FROM cart c JOIN app_user u ON u.id = c.user_id
      WHERE split_part(split_part(u.email, '@', 1), '-', 2)::int > $2`,
    [flashId, CUSTOMERS + CHECKOUT_CUSTOMERS],
  );
  await db.query('VACUUM ANALYZE');
}

async function startApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the app under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return child;
    } catch {
      // starting
    }
    await sleep(200);
  }
  throw new Error('app did not become ready');
}

const jwt = new JwtService({ secret: JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: 3600 } });
function tokenFor(userId: string): string {
  return jwt.sign({ sub: userId, roles: ['customer'], typ: 'access' });
}

async function main(): Promise<void> {
  const started = Date.now();
  const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-bench-'));
  const [pgPort, redisPort, baselinePort, appPort1, appPort2] = await services.freePorts(5);
  const children: ChildProcess[] = [];
  // Decided before the app's settings are copied into process.env below (they include both URLs).
  const ownPostgres = !process.env.DATABASE_URL;
  const ownRedis = !process.env.REDIS_URL;
  try {
    const adminUrl = process.env.DATABASE_URL
      ? undefined
      : services.startPostgres(dir, pgPort, { fsync: true, maxConnections: 300 });
    const redisUrl = process.env.REDIS_URL ?? services.startRedis(dir, redisPort);
    let databaseUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE shop');
      await admin.end();
      databaseUrl = adminUrl.replace(/\/postgres$/, '/shop');
    }
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl!,
      REDIS_URL: redisUrl,
      JWT_SECRET,
      METRICS_TOKEN,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_POOL_SIZE: '20',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000000',
      RATE_LIMIT_AUTH_EMAIL_PER_MINUTE: '1000000000',
      RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000000000',
      SHUTDOWN_DRAIN_MS: '0',
      RUN_WORKERS: 'false',
    };
    Object.assign(process.env, env);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    console.log(
      `seeding ${PRODUCTS} products, ${CUSTOMERS} browsing customers, ${CHECKOUT_CUSTOMERS} checkout carts...`,
    );
    await seed(db);

    const catalog = (await db.query(`SELECT slug FROM product WHERE is_active`)).rows.map(
      (r: { slug: string }) => r.slug,
    );
    const productIds = (
      await db.query(`SELECT id FROM product WHERE is_active AND sku <> 'FLASH-1'`)
    ).rows.map((r: { id: string }) => r.id);
    const userRows = (
      await db.query(
        `SELECT id, email FROM app_user WHERE email LIKE 'bench-%' ORDER BY split_part(split_part(email, '@', 1), '-', 2)::int`,
      )
    ).rows as Array<{ id: string }>;
    const browsers = userRows.slice(0, CUSTOMERS).map((u) => tokenFor(u.id));
    const buyers = userRows.slice(CUSTOMERS, CUSTOMERS + CHECKOUT_CUSTOMERS).map((u) => tokenFor(u.id));
    const flashBuyers = userRows.slice(CUSTOMERS + CHECKOUT_CUSTOMERS).map((u) => tokenFor(u.id));

    const bare = await bareServer(baselinePort);
    const results: ScenarioResult[] = [];
    const baseline = await load(
      'bare node http (baseline)',
      [`http://127.0.0.1:${baselinePort}`],
      [process.pid],
      () => ({ path: '/' }),
    );
    bare.close();
    await db.end();
    const tps = pgbench(adminUrl ?? databaseUrl!, pgBin);

    const address = {
      shippingAddress: { name: 'Bench', phone: '+8801712345678', line1: 'Road 1', city: 'Dhaka' },
      paymentMethod: 'cod',
    };
    const checkoutBody = JSON.stringify(address);
    let buyerIndex = 0;
    let flashIndex = 0;
    let browserIndex = 0;
    const json = { 'content-type': 'application/json' };
    const scenarios: Array<{ name: string; next: () => Request; amount?: number; skipTwo?: boolean }> = [
      {
        name: '1 catalog list',
        next: () => ({
          path: `/api/v1/products?page=${1 + Math.floor(Math.random() * 50)}&limit=24&sort=${pick(SORTS)}`,
        }),
      },
      { name: '2 product detail by slug', next: () => ({ path: `/api/v1/products/${pick(catalog)}` }) },
      {
        name: '3 search',
        next: () => ({ path: `/api/v1/products?q=${encodeURIComponent(pick(WORDS))}&limit=24` }),
      },
      {
        name: '4 add to cart',
        next: () => ({
          method: 'POST' as const,
          path: '/api/v1/cart/items',
          headers: { ...json, authorization: `Bearer ${browsers[browserIndex++ % browsers.length]}` },
          body: JSON.stringify({ productId: pick(productIds), quantity: 1 }),
        }),
      },
      {
        name: '5 checkout',
        next: () => ({
          method: 'POST' as const,
          path: '/api/v1/orders',
          headers: {
            ...json,
            authorization: `Bearer ${buyers[buyerIndex++ % buyers.length]}`,
            'idempotency-key': `bench-${buyerIndex}`,
          },
          body: checkoutBody,
        }),
      },
      {
        name: '7 mixed browsing (80/15/5)',
        next: () => {
          const roll = Math.random();
          if (roll < 0.5) {
            return {
              path: `/api/v1/products?page=${1 + Math.floor(Math.random() * 50)}&limit=24&sort=${pick(SORTS)}`,
            };
          }
          if (roll < 0.8) return { path: `/api/v1/products/${pick(catalog)}` };
          if (roll < 0.95) {
            return {
              method: 'POST' as const,
              path: '/api/v1/cart/items',
              headers: { ...json, authorization: `Bearer ${browsers[browserIndex++ % browsers.length]}` },
              body: JSON.stringify({ productId: pick(productIds), quantity: 1 }),
            };
          }
          return {
            method: 'POST' as const,
            path: '/api/v1/orders',
            headers: {
              ...json,
              authorization: `Bearer ${buyers[buyerIndex++ % buyers.length]}`,
              'idempotency-key': `mix-${buyerIndex}`,
            },
            body: checkoutBody,
          };
        },
      },
    ];

    const appPorts = [appPort1, appPort2];
    const flash: Record<string, unknown> = {};
    for (const processes of SMOKE || ONLY ? [1] : [1, 2]) {
      const apps = [];
      for (let i = 0; i < processes; i += 1) apps.push(await startApp(appPorts[i], env));
      children.push(...apps);
      const targets = appPorts.slice(0, processes).map((p) => `http://127.0.0.1:${p}`);
      const pids = apps.map((a) => a.pid!);
      console.log(`--- ${processes} app process(es)`);
      // Warm-up, not recorded: JIT, PostgreSQL buffers and the catalog caches, so the first scenario is not penalised.
      await load('(warm-up, not recorded)', targets, pids, scenarios[scenarios.length - 1].next, {
        duration: SMOKE ? 1 : 3,
      });
      for (const s of scenarios.filter((x) => !ONLY || x.name.includes(ONLY))) {
        results.push(await load(s.name, targets, pids, s.next));
      }
      if (processes === 1) {
        const wanted = (name: string) => !ONLY || name.includes(ONLY);
        const flashResult = await load(
          '6 flash sale (same product)',
          targets,
          pids,
          () => ({
            method: 'POST' as const,
            path: '/api/v1/orders',
            headers: {
              ...json,
              authorization: `Bearer ${flashBuyers[flashIndex++ % flashBuyers.length]}`,
              'idempotency-key': `flash-${flashIndex}`,
            },
            body: checkoutBody,
          }),
          { amount: FLASH_CUSTOMERS },
        );
        const check = new Client({ connectionString: databaseUrl });
        await check.connect();
        const sold = (
          await check.query(
            `SELECT coalesce(sum(l.quantity), 0)::int AS sold FROM order_line l WHERE l.sku = 'FLASH-1'`,
          )
        ).rows[0].sold as number;
        const stock = (
          await check.query(
            `SELECT s.stock_on_hand, s.stock_allocated FROM stock_level s JOIN product p ON p.id = s.product_id WHERE p.sku = 'FLASH-1'`,
          )
        ).rows[0];
        await check.end();
        flashResult.note = `sold ${sold} of ${FLASH_STOCK}; allocated ${stock.stock_allocated}`;
        Object.assign(flash, {
          sold,
          stock: FLASH_STOCK,
          customers: FLASH_CUSTOMERS,
          exact: sold === FLASH_STOCK,
          status5xx: flashResult.status5xx,
        });
        console.log(`   flash sale: ${flashResult.note}`);
        results.push(flashResult);

        if (!SMOKE && wanted('10,000 connections')) {
          const many = await load(
            '8 10,000 connections on the catalog',
            targets,
            pids,
            () => ({ path: `/api/v1/products?page=${1 + Math.floor(Math.random() * 20)}&limit=24` }),
            { connections: 10_000, duration: 20, timeout: 30 },
          );
          results.push(many);
        }
        if (SOAK) {
          // Heap used (from the app's own /metrics) and RSS every 15 s; a leak shows as a rising post-GC floor.
          const samples: Array<{ at: number; heapMb: number; rssMb: number }> = [];
          const started = Date.now();
          const sample = async () => {
            const text = await (
              await fetch(`${targets[0]}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
            ).text();
            const heap = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0);
            samples.push({
              at: Math.round((Date.now() - started) / 1000),
              heapMb: Math.round(heap / 2 ** 20),
              rssMb: rssMb(pids[0]),
            });
          };
          const timer = setInterval(() => void sample(), 15_000);
          const soak = await load(
            '9 soak (5 min mixed)',
            targets,
            pids,
            scenarios[scenarios.length - 1].next,
            { duration: 300 },
          );
          clearInterval(timer);
          const floor = (from: number, to: number) =>
            Math.min(...samples.filter((x) => x.at >= from && x.at <= to).map((x) => x.heapMb));
          const first = floor(0, 75);
          const last = floor(225, 330);
          soak.note = `heap floor ${first} MB in the first minute, ${last} MB in the last; samples ${samples.map((x) => `${x.at}s:${x.heapMb}/${x.rssMb}`).join(' ')} (heap/RSS MB)`;
          console.log(`   soak: ${soak.note}`);
          results.push(soak);
        }
      }
      for (const app of apps) app.kill('SIGTERM');
      await Promise.all(apps.map((a) => new Promise((r) => a.once('exit', r))));
    }

    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const report = {
      commit,
      date: new Date().toISOString(),
      command: `npm run bench${SMOKE ? ' -- --smoke' : SOAK ? ' -- --soak' : ''}`,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      settings: {
        durationSeconds: DURATION,
        connections: CONNECTIONS,
        products: PRODUCTS,
        logLevel: env.LOG_LEVEL,
      },
      baseline: { bareNodeRequestsPerSec: baseline.requestsPerSec, pgbenchTps: Math.round(tps) },
      flash,
      results,
      elapsedSeconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'test-results', SMOKE ? 'bench-smoke.json' : 'bench.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    if (SMOKE) {
      // The smoke run asserts only that every scenario works: no transport errors, no 5xx, the flash sale exact.
      const checks = [
        ...results.map((r) => r.errors === 0 && r.status5xx === 0 && r.total > 0),
        flash.exact === true,
      ];
      const passed = checks.filter(Boolean).length;
      writeFileSync(
        join(ROOT, 'test-results', 'bench-smoke.summary.json'),
        JSON.stringify({ passed, failed: checks.length - passed }),
      );
      console.log(
        `bench smoke: ${passed} passed, ${checks.length - passed} failed (${report.elapsedSeconds} s)`,
      );
      process.exitCode = passed === checks.length ? 0 : 1;
    } else if (ONLY) {
      console.log(
        `--only run: results in test-results/bench.json; docs/ left unchanged (${report.elapsedSeconds} s)`,
      );
    } else {
      writeFileSync(join(ROOT, 'docs', 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
      writeMarkdown(report, join(ROOT, 'docs', 'benchmarks.md'));
      console.log(`wrote docs/benchmarks.json and docs/benchmarks.md (${report.elapsedSeconds} s)`);
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (ownPostgres) services.stopPostgres(dir);
    if (ownRedis) services.stopRedis(dir, redisPort);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
