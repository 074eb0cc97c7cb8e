'use strict';
// The lab's load generator. It runs in a container on the dhakacart-edge overlay network and behaves like Traefik in
// task mode (DECISIONS.md item 3): it re-resolves the service's task addresses (`tasks.<service>`, Swarm's DNS for
// dnsrr services) every REFRESH_MS, spreads requests over them on keep-alive connections, and retries a request on
// another task only when the connection itself fails (Traefik's retry middleware, attempts 3). An HTTP error status
// is never retried: it counts as a failed request. Every second it prints one JSON line with cumulative counters;
// on SIGTERM it prints the last line and exits.
//
// Usage: node loadgen.js <dns name> [<dns name> ...]   env: CONCURRENCY (16), REFRESH_MS (5000), PORT (3000)
const dns = require('node:dns').promises;
const http = require('node:http');

const names = process.argv.slice(2);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const refreshMs = Number(process.env.REFRESH_MS ?? 5000);
const port = Number(process.env.PORT ?? 3000);
const paths = ['/api/v1/products?limit=12', '/health/live', '/api/v1/categories'];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const stats = {
  ok: 0,
  failed: 0,
  retried: 0,
  errors: {},
  versions: {},
  byAddress: {},
  addresses: [],
  refreshes: 0,
};
let addresses = [];
let next = 0;
let running = true;

async function refresh() {
  const found = [];
  for (const name of names) {
    try {
      found.push(...(await dns.resolve4(name)));
    } catch {
      // No task of this service is running (or healthy) right now.
    }
  }
  addresses = found;
  stats.addresses = [...found].sort();
  stats.refreshes += 1;
}

function get(address, path) {
  return new Promise((resolve, reject) => {
    // A random client address: the app rate-limits per client IP and trusts one proxy hop, as behind Traefik.
    const clientIp = `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`;
    const req = http.get(
      { host: address, port, path, agent, timeout: 10_000, headers: { 'x-forwarded-for': clientIp } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function one() {
  const path = paths[next % paths.length];
  for (let waited = 0; addresses.length === 0; waited += 100) {
    if (waited >= 10_000 || !running) {
      stats.failed += 1;
      stats.errors['no task address'] = (stats.errors['no task address'] ?? 0) + 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tried = new Set();
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    // Like a proxy's retry, the next attempt goes to another task when there is one.
    const candidates = addresses.filter((a) => !tried.has(a));
    const pool = candidates.length > 0 ? candidates : addresses;
    if (pool.length === 0) break;
    const address = pool[next++ % pool.length];
    tried.add(address);
    try {
      const res = await get(address, path);
      if (res.status >= 200 && res.status < 300) {
        stats.ok += 1;
        stats.byAddress[address] = (stats.byAddress[address] ?? 0) + 1;
        if (path === '/health/live') {
          const version = JSON.parse(res.body).version ?? 'unknown';
          stats.versions[version] = (stats.versions[version] ?? 0) + 1;
        }
      } else {
        stats.failed += 1;
        stats.errors[`HTTP ${res.status}`] = (stats.errors[`HTTP ${res.status}`] ?? 0) + 1;
      }
      return;
    } catch (err) {
      // Connection refused, reset or timed out: no response was received, so a proxy may try another task.
      if (attempt < 3) {
        stats.retried += 1;
        continue;
      }
      stats.failed += 1;
      const key = err.code ?? err.message;
      stats.errors[key] = (stats.errors[key] ?? 0) + 1;
      return;
    }
  }
  stats.failed += 1;
  stats.errors['no task address'] = (stats.errors['no task address'] ?? 0) + 1;
}

async function worker() {
  while (running) await one();
}

function print() {
  process.stdout.write(`${JSON.stringify({ t: Date.now(), ...stats })}\n`);
}

async function main() {
  await refresh();
  setInterval(() => void refresh(), refreshMs);
  setInterval(print, 1000);
  process.on('SIGTERM', () => {
    running = false;
    print();
    process.exit(0);
  });
  await Promise.all(Array.from({ length: concurrency }, worker));
}

void main();
