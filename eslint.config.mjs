// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES = ['admin', 'auth', 'cart', 'catalog', 'order'];

// C4: another module is reachable only through its index.ts; the platform never imports a module.
const boundaryRules = (own) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: MODULES.filter((m) => m !== own).flatMap((m) => [`src/modules/${m}/*`, `**/modules/${m}/*`]),
          message: 'Import another module only through its index.ts (src/modules/<m>).',
        },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
    },
  },
  ...MODULES.map((m) => ({ files: [`src/modules/${m}/**/*.ts`], rules: boundaryRules(m) })),
  {
    files: ['src/*.ts'],
    rules: boundaryRules(''),
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['src/modules/*', '**/modules/*'], message: 'The platform layer never imports a feature module.' }] },
      ],
    },
  },
  {
    // Tests may poke at response bodies loosely typed by supertest.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
