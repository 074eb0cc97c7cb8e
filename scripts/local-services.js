'use strict';
// Starts private PostgreSQL and Redis servers from the machine's binaries, for development, tests and benchmarks.
// Used when DATABASE_URL / REDIS_URL are not given. Plain JS so it runs before anything is compiled.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

function asPostgres(cmd, args, opts = {}) {
  // initdb and postgres refuse to run as root; run them as the postgres system user then.
  if (IS_ROOT) return execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], opts);
  return execFileSync(cmd, args, opts);
}

function ensureRedisInstalled() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    if (!IS_ROOT) throw new Error('redis-server is missing; install the redis-server package');
    execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'], {
      stdio: 'inherit',
    });
  }
}

function pgRunning(dataDir) {
  try {
    asPostgres(`${PG_BIN}/pg_ctl`, ['status', '-D', dataDir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (or reuses) a PostgreSQL cluster in dir/pg on the given port; returns a superuser URL. archiveCommand turns
 * WAL archiving on with that command (a test of what the migration job does before migrating).
 */
function startPostgres(dir, port, { fsync = false, maxConnections = 200, archiveCommand } = {}) {
  const dataDir = path.join(dir, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  if (IS_ROOT) execFileSync('chown', ['postgres:postgres', dir]);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    asPostgres(`${PG_BIN}/initdb`, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], {
      stdio: 'ignore',
    });
  }
  if (!pgRunning(dataDir)) {
    const opts = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      `-c max_connections=${maxConnections}`,
      '-c shared_buffers=256MB',
      fsync ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      // pg_ctl hands -o to a shell: the double quotes keep the command one argument (no double quotes inside it).
      archiveCommand ? `-c wal_level=replica -c archive_mode=on -c "archive_command=${archiveCommand}"` : '',
    ].join(' ');
    asPostgres(`${PG_BIN}/pg_ctl`, ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dir, 'pg.log'), '-o', opts], {
      stdio: 'ignore',
    });
  }
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function stopPostgres(dir) {
  const dataDir = path.join(dir, 'pg');
  if (fs.existsSync(dataDir) && pgRunning(dataDir)) {
    asPostgres(`${PG_BIN}/pg_ctl`, ['stop', '-D', dataDir, '-m', 'fast', '-w'], { stdio: 'ignore' });
  }
}

/** Starts a Redis server with its pid file in dir; returns its URL. */
function startRedis(dir, port, { appendonly = false } = {}) {
  ensureRedisInstalled();
  fs.mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, `redis-${port}.pid`);
  if (fs.existsSync(pidFile)) {
    try {
      process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 0);
      return `redis://127.0.0.1:${port}`;
    } catch {
      fs.rmSync(pidFile, { force: true });
    }
  }
  execFileSync('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--pidfile', pidFile,
    '--dir', dir, '--save', '', '--appendonly', appendonly ? 'yes' : 'no',
    '--logfile', path.join(dir, `redis-${port}.log`),
  ]);
  for (let i = 0; i < 50; i += 1) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      return `redis://127.0.0.1:${port}`;
    } catch {
      execFileSync('sleep', ['0.1']);
    }
  }
  throw new Error(`redis on ${port} did not start`);
}

function stopRedis(dir, port) {
  const pidFile = path.join(dir, `redis-${port}.pid`);
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  // Wait for it to exit: on its way out Redis still writes its log and removes its pid file in dir, which races
  // with a caller removing dir right after this returns.
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 100 && alive(); i += 1) Atomics.wait(pause, 0, 0, 50);
  fs.rmSync(pidFile, { force: true });
}

/** Spawns redis-server in the foreground as a child (tests that stop and restart Redis use this). */
function spawnRedis(port) {
  ensureRedisInstalled();
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

/**
 * Ports the kernel reports free right now (bound to port 0 together, then released). Fixed port numbers are not safe:
 * anything in the ephemeral range (32768-60999 here) may already be held by an outgoing connection.
 */
async function freePorts(count) {
  const net = require('node:net');
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

module.exports = { startPostgres, stopPostgres, startRedis, stopRedis, spawnRedis, ensureRedisInstalled, freePorts };

if (require.main === module) {
  const [cmd, dir = '.data', pgPort = '15432', redisPort = '16379'] = process.argv.slice(2);
  const abs = path.resolve(dir);
  if (cmd === 'start') {
    const db = startPostgres(abs, Number(pgPort), { fsync: true });
    const redis = startRedis(abs, Number(redisPort), { appendonly: true });
    process.stdout.write(`DATABASE_ADMIN_URL=${db}\nREDIS_URL=${redis}\n`);
  } else if (cmd === 'ports') {
    freePorts(Number(dir) || 1).then((ports) => process.stdout.write(`${ports.join(' ')}\n`));
  } else if (cmd === 'stop') {
    stopPostgres(abs);
    stopRedis(abs, Number(redisPort));
  } else {
    process.stderr.write('usage: node scripts/local-services.js start|stop [dir] [pgPort] [redisPort] | ports [count]\n');
    process.exit(2);
  }
}
