import nx from '@nx/eslint-plugin';

// Module boundaries: a service may use shared libraries and its own code, never another service.
// Libraries are layered by type so that contracts stay plain DTOs and the domain stays framework-free.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/tmp', 'deploy/local/kafka/target', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
            { sourceTag: 'scope:verification', onlyDependOnLibsWithTags: ['scope:verification', 'scope:shared'] },
            { sourceTag: 'scope:issuance', onlyDependOnLibsWithTags: ['scope:issuance', 'scope:shared'] },
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
