// Checks the built client: the first page's JS (entry + static imports, from dist/index.html) is under the budget
// gzipped, and the admin area is a separate chunk the first page does not load.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 200 * 1024;

export function checkBundle(distDir = resolve(dirname(fileURLToPath(import.meta.url)), '../dist')) {
  const problems = [];
  const indexFile = resolve(distDir, 'index.html');
  if (!existsSync(indexFile)) return { ok: false, problems: [`${indexFile} missing: run npm run build`], firstPageGzip: 0 };
  const html = readFileSync(indexFile, 'utf8');
  const entries = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  if (entries.length === 0) problems.push('no script found in dist/index.html');

  // Follow static imports from the entry chunks (dynamic import() targets are not part of the first page).
  const firstPage = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift();
    if (firstPage.has(file)) continue;
    firstPage.add(file);
    const code = readFileSync(resolve(distDir, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`assets/${m[1]}`);
    }
  }
  let firstPageGzip = 0;
  for (const file of firstPage) firstPageGzip += gzipSync(readFileSync(resolve(distDir, file))).length;
  if (firstPageGzip >= BUDGET_BYTES) problems.push(`first-page JS is ${(firstPageGzip / 1024).toFixed(1)} KB gzipped (budget 200 KB)`);

  const assets = readdirSync(resolve(distDir, 'assets'));
  const adminChunks = assets.filter((f) => /^AdminApp-.*\.js$/.test(f));
  if (adminChunks.length !== 1) problems.push(`expected one AdminApp-*.js chunk, found ${adminChunks.length}`);
  for (const chunk of adminChunks) {
    if (firstPage.has(`assets/${chunk}`)) problems.push(`${chunk} is loaded by the first page`);
  }
  const entryCode = [...firstPage].map((f) => readFileSync(resolve(distDir, f), 'utf8')).join('\n');
  if (adminChunks[0] && !entryCode.includes(adminChunks[0])) problems.push('entry does not import the admin chunk lazily');
  if (/admin\/products\/new|Audit log/.test(entryCode.replace(/AdminApp-[\w-]+\.js/g, ''))) {
    problems.push('admin UI code found in the first-page JS');
  }
  return { ok: problems.length === 0, problems, firstPageGzip, firstPage: [...firstPage], adminChunks };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = checkBundle();
  console.log(
    `first-page JS: ${(result.firstPageGzip / 1024).toFixed(1)} KB gzipped (${(result.firstPage ?? []).join(', ')}); admin chunk: ${(result.adminChunks ?? []).join(', ')}`,
  );
  for (const p of result.problems) console.error(`bundle check: ${p}`);
  process.exit(result.ok ? 0 : 1);
}
