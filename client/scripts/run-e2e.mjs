// E2E runner: checks the bundle, makes sure a Chromium exists (no Playwright download), runs e2e/*.mjs against
// E2E_BASE_URL and writes ../test-results/client-e2e.summary.json as {"passed":N,"failed":M}.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, '../test-results');
mkdirSync(outDir, { recursive: true });

if (!existsSync(resolve(root, 'dist/index.html'))) {
  console.log('client/dist missing: building it first');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`${chromium} missing: installing chromium with apt-get`);
  const apt = spawnSync('bash', ['-c', 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (apt.status !== 0 || !existsSync(chromium)) {
    writeFileSync(resolve(outDir, 'client-e2e.summary.json'), `${JSON.stringify({ passed: 0, failed: 1 })}\n`);
    console.error('could not install chromium');
    process.exit(1);
  }
}

// Screenshots need a font with the taka sign (৳); phones and desktops have one, a bare container may not.
const hasTaka = spawnSync('bash', ['-c', "fc-list ':charset=9f3' 2>/dev/null | head -1"], { encoding: 'utf8' });
if (hasTaka.status === 0 && !hasTaka.stdout.trim()) {
  console.log('no font with ৳ found: installing fonts-lohit-beng-bengali (best effort)');
  spawnSync('bash', ['-c', 'apt-get install -y fonts-lohit-beng-bengali || (apt-get update && apt-get install -y fonts-lohit-beng-bengali)'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const { runAll } = await import('../e2e/run.mjs');
const { passed, failed } = await runAll({ chromium, outDir });
writeFileSync(resolve(outDir, 'client-e2e.summary.json'), `${JSON.stringify({ passed, failed })}\n`);
console.log(`client e2e summary: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
