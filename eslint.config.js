// ESLint 9 flat config. typescript-eslint's recommended rules without type information: the type-aware
// set took over two minutes on this tree (on a shared 2-core machine) and is mostly no-unsafe-* noise
// on test bodies. Formatting is Prettier's job: eslint-config-prettier goes last and turns off every
// rule that would fight it. Layer rules live in .dependency-cruiser.cjs (npm run lint:layers).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'ui/dist/', 'test-artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { ts: _ts, ...rest } = body` drops a key on purpose; a leading underscore says so
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // CommonJS config files (.dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The benchmark's ceiling servers: plain Node ES modules, run without a TypeScript loader.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read inject/fetch JSON bodies as `any` on purpose and assert their shape with expect.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
)
