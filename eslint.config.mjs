import nx from '@nx/eslint-plugin';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Module boundaries: a service may use shared libraries and its own code, never another service.
// Libraries are layered by type so that contracts stay plain DTOs and the domain stays framework-free.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.nx', 'deploy/local/kafka/target'],
  },
  // Type-aware rules for TypeScript: every promise is awaited, returned or explicitly voided, and none is
  // passed where a callback's result is ignored (an unhandled rejection would end the process).
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Scripts, benchmarks and configuration in plain JavaScript run on Node.js.
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The portal's web app runs in the browser: React's rules of hooks (and the React Compiler's checks of
  // render purity) and the static accessibility rules of jsx-a11y; axe-core checks the rendered pages in
  // the browser tests.
  {
    files: ['services/portal/web/**/*.ts', 'services/portal/web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['services/portal/web/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['services/portal/web/**/*.tsx'],
    ...jsxA11y.flatConfigs.strict,
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Each deployable's build compiles the library sources it uses (no separately built libraries).
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
            { sourceTag: 'scope:verification', onlyDependOnLibsWithTags: ['scope:verification', 'scope:shared'] },
            { sourceTag: 'scope:issuance', onlyDependOnLibsWithTags: ['scope:issuance', 'scope:shared'] },
            { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared'] },
            // The portal reaches the services over HTTP only, never by importing them.
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['typeorm', '@nestjs/*', 'kafkajs', 'pg'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              bannedExternalImports: ['typeorm', '@nestjs/*', 'kafkajs', 'pg'],
            },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access'] },
            // type:testing only for integration tests.
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing'] },
            {
              // type:testing only for its integration tests.
              sourceTag: 'type:messaging',
              onlyDependOnLibsWithTags: ['type:messaging', 'type:contracts', 'type:data-access', 'type:util', 'type:testing'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:data-access', 'type:util', 'type:tool'],
            },
            // Development tools (the local token issuer): never imported by a service.
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:util', 'type:contracts'] },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:messaging', 'type:data-access', 'type:util', 'type:testing'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:domain', 'type:tool'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
