/** C4: module dependencies form a DAG along these edges only; extend deliberately. */
const ALLOWED = {
  admin: ['catalog', 'order', 'auth'],
  // order → auth: notifications need the customer's e-mail address (auth depends on nothing, so no cycle).
  order: ['catalog', 'cart', 'auth'],
  cart: ['catalog'],
  catalog: [],
  auth: [],
};
const MODULES = Object.keys(ALLOWED);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'platform-imports-no-module',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    ...MODULES.map((m) => ({
      name: `${m}-allowed-edges`,
      comment: `${m} may depend only on: ${ALLOWED[m].join(', ') || 'no other module'}`,
      severity: 'error',
      from: { path: `^src/modules/${m}/` },
      to: { path: `^src/modules/(?!(?:${[m, ...ALLOWED[m]].join('|')})/)` },
    })),
    ...MODULES.map((m) => ({
      name: `${m}-only-through-index`,
      comment: `Other code reaches ${m} only through src/modules/${m}/index.ts`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/modules/${m}/` },
      to: { path: `^src/modules/${m}/`, pathNot: `^src/modules/${m}/index\\.ts$` },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.spec\\.ts$' },
  },
};
